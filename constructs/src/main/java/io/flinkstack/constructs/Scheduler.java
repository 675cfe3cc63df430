package io.flinkstack.constructs;

/** Flink's job scheduler, which decides how a job uses the TaskManagers' slots. */
public enum Scheduler {
  /** Flink's default: fixed parallelism; a lost slot means a restart at the same parallelism. */
  DEFAULT,
  /**
   * Runs the job with the slots there are, up to its parallelism, and accepts in-place rescaling
   * (PUT /jobs/:id/resource-requirements), which the runtime controller uses. The default under autoscaling.
   */
  ADAPTIVE,
  /** Application mode only: the job always uses every slot, so the TaskManager count is its parallelism. */
  REACTIVE
}
