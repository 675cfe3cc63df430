package io.flinkstack.constructs;

/** Whether a job should run. */
public enum JobState {
  RUNNING,
  /** Stopped with a savepoint; resuming restores from it. */
  SUSPENDED
}
