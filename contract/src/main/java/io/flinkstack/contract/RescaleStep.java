package io.flinkstack.contract;

/** How far a {@link Rescale} got; each step is in the status before the action that follows it. */
public enum RescaleStep {
  /** A savepoint before the scale-down is the pending operation; the rescale waits for it. */
  SAVEPOINT_PENDING,
  /** Decided and recorded; Flink not asked yet (or asked, but the answer not recorded). */
  RECORDED,
  /** Flink accepted the new resource requirements, or the restart transition is recorded: waiting for the job to run at the target. */
  REQUESTED
}
