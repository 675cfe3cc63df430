package io.flinkstack.contract;

/**
 * How far a {@link Transition} got; each step is written to the status before the action that follows it,
 * so a restarted controller knows what is done and continues from there.
 */
public enum TransitionStep {
  /** Decided and recorded; nothing asked of Flink or Kubernetes yet. */
  RECORDED,
  /**
   * Flink was asked to stop the job with a savepoint under the recorded trigger id; in last-state mode (no
   * savepoint), to cancel it.
   */
  STOP_TRIGGERED,
  /** The restore path is known and recorded (the savepoint just taken, or the latest checkpoint). */
  RESTORE_PATH_RECORDED,
  /** The restore ConfigMap holds the path (applications), or no such step is needed (session jobs). */
  RESTORE_WRITTEN,
  /** Pods deleted, StatefulSets scaled or the job submitted: the controller now waits for the result. */
  APPLIED
}
