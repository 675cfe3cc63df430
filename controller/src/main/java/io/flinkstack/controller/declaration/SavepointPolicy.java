package io.flinkstack.controller.declaration;

import java.time.Duration;
import java.util.Optional;

/**
 * A declaration's savepoint settings, parsed.
 *
 * @param interval periodic savepoints; empty for none
 * @param historyMaxCount savepoints to keep at most (the newest always stays)
 * @param historyMaxAge dispose savepoints older than this (except the newest); empty for no age limit
 */
public record SavepointPolicy(Optional<Duration> interval, int historyMaxCount, Optional<Duration> historyMaxAge) {}
