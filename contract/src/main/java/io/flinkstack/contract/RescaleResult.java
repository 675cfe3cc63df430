package io.flinkstack.contract;

import java.time.Instant;

/**
 * How the last rescale ended ({@link RuntimeStatus#lastRescale()}).
 *
 * @param from the parallelism before
 * @param to the parallelism the job runs at after (the target, possibly lowered while in flight)
 * @param method {@code in-place} or {@code restart}
 * @param outcome {@code succeeded} or {@code failed}
 * @param seconds from decision to the job running with all its tasks at {@code to}
 * @param message one line for humans
 */
public record RescaleResult(
    Integer from,
    Integer to,
    String method,
    String outcome,
    Double seconds,
    Instant startedAt,
    Instant finishedAt,
    String message) {}
