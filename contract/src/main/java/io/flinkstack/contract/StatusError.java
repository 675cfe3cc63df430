package io.flinkstack.contract;

import java.time.Instant;

/**
 * The last thing that went wrong. It stays after later successes (its time tells how old it is); the
 * backoffs say whether it still holds anything up.
 *
 * @param operation what failed: {@code savepoint}, {@code savepoint-disposal}, {@code declaration}, {@code transition},
 *     {@code rescale}, {@link #READINESS_TIMEOUT}
 * @param message one line, with Flink's cause where Flink gave one
 */
public record StatusError(Instant time, String operation, String message) {
  /**
   * An upgrade whose job did not run within its readiness timeout and is not rolled back (rollback off, or pods without
   * the readiness gate): while that upgrade is in flight (the error is not older than its step), the job is stalled.
   */
  public static final String READINESS_TIMEOUT = "readiness-timeout";
}
