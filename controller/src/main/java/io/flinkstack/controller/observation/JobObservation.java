package io.flinkstack.controller.observation;

import java.time.Instant;
import java.util.Optional;

/**
 * What one look at the cluster found: whether the JobManager answered and, if so, the declared job (if any).
 *
 * @param problem why the cluster's state is unknown, when it is
 */
public record JobObservation(Instant time, boolean jobManagerReachable, Optional<ObservedJob> job, String problem) {
  /** {@code jobState} while the cluster answers but has no job of the declaration. */
  public static final String NOT_FOUND = "NOT_FOUND";
  /**
   * {@code jobState} of a session job that the cluster, answering, no longer lists though it had not ended when last
   * seen: its JobManager restarted without HA (rolled, evicted, crashed) and lost it. Kept until the job is seen again or
   * replaced.
   */
  public static final String LOST = "LOST";

  /**
   * The {@code jobState} to record for a session job the cluster does not list: {@link #LOST} when it was lost already
   * or had not ended when last seen ({@code lastSeen}, a Flink job state), {@link #NOT_FOUND} otherwise (never seen, or
   * it ended first: a job that FAILED, was CANCELED or FINISHED is not brought back after a JobManager's restart either).
   */
  public static String missingSessionJobState(String lastSeen) {
    if (LOST.equals(lastSeen)) {
      return LOST;
    }
    // NOT_FOUND itself and null parse as UNKNOWN, as does a state this client does not know; SUSPENDED is also what the
    // controller records for its own suspend.
    io.flinkstack.controller.flink.JobState state = io.flinkstack.controller.flink.JobState.of(lastSeen);
    boolean ran = state != io.flinkstack.controller.flink.JobState.UNKNOWN && state != io.flinkstack.controller.flink.JobState.SUSPENDED
        && !state.isGloballyTerminal();
    return ran ? LOST : NOT_FOUND;
  }

  public static JobObservation reachable(Instant time, Optional<ObservedJob> job) {
    return new JobObservation(time, true, job, null);
  }

  public static JobObservation unreachable(Instant time, String problem) {
    return new JobObservation(time, false, Optional.empty(), problem);
  }

  public boolean jobFullyRunning() {
    return job.map(ObservedJob::fullyRunning).orElse(false);
  }
}
