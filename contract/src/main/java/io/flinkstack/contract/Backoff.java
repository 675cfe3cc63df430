package io.flinkstack.contract;

import java.time.Instant;

/**
 * Failures in a row of one kind of operation, and when it may be tried again (exponential, capped).
 *
 * @param failures consecutive failures
 * @param retryAt no new attempt before this
 */
public record Backoff(int failures, Instant retryAt) {}
