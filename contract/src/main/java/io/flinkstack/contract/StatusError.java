package io.flinkstack.contract;

import java.time.Instant;

/**
 * The last thing that went wrong. It stays after later successes (its time tells how old it is); the
 * backoffs say whether it still holds anything up.
 *
 * @param operation what failed: {@code savepoint}, {@code savepoint-disposal}, {@code declaration}
 * @param message one line, with Flink's cause where Flink gave one
 */
public record StatusError(Instant time, String operation, String message) {}
