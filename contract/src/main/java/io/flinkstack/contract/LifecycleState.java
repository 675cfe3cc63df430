package io.flinkstack.contract;

/** Where a declared job stands, as the runtime controller last saw it ({@link RuntimeStatus#lifecycle()}). */
public enum LifecycleState {
  /** Declared; no job of it runs (none yet, or it ended). */
  CREATED,
  /** A job runs but not yet all of its tasks (starting, restarting). */
  DEPLOYED,
  /** The job runs with all of its tasks. */
  STABLE,
  /** The controller is replacing the job (stop with savepoint, then resume): reserved for upgrades. */
  UPGRADING,
  /** Stopped with a savepoint on request: reserved for suspend/resume. */
  SUSPENDED,
  /** The job failed for good (Flink state FAILED). */
  FAILED
}
