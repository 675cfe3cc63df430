package io.flinkstack.contract;

import java.time.Instant;

/**
 * The last thing that went wrong. It stays after later successes (its time tells how old it is); the
 * backoffs say whether it still holds anything up.
 *
 * @param operation what failed: {@code savepoint}, {@code savepoint-disposal}, {@code declaration}, {@code transition},
 *     {@code rescale}, {@link #READINESS_TIMEOUT}, {@link #JOB_LOST}
 * @param message one line, with Flink's cause where Flink gave one
 */
public record StatusError(Instant time, String operation, String message) {
  /**
   * An upgrade whose job did not run within its readiness timeout and is not rolled back (rollback off, or pods without
   * the readiness gate): while that upgrade is in flight (the error is not older than its step), the job is stalled.
   */
  public static final String READINESS_TIMEOUT = "readiness-timeout";
  /**
   * A session job its JobManager lost ({@code jobState: LOST}) that the controller cannot submit again from a checkpoint
   * (none found, none configured, or a cluster with HA): while the job is still lost, it is stalled until it is suspended
   * and resumed or its spec changes.
   */
  public static final String JOB_LOST = "job-lost";
}
