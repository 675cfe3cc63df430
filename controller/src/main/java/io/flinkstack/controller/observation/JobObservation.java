package io.flinkstack.controller.observation;

import java.time.Instant;
import java.util.Optional;

/**
 * What one look at the cluster found: whether the JobManager answered and, if so, the declared job (if any).
 *
 * @param problem why the cluster's state is unknown, when it is
 */
public record JobObservation(Instant time, boolean jobManagerReachable, Optional<ObservedJob> job, String problem) {

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
