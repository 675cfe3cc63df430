package io.flinkstack.contract;

/** Why a savepoint was taken. */
public enum SavepointTrigger {
  /** {@code savepointInterval} elapsed. */
  PERIODIC,
  /** {@code savepointTriggerNonce} changed. */
  NONCE,
  /** Before an upgrade. */
  UPGRADE,
  /** Before suspending the job. */
  SUSPEND,
  /**
   * A stop-with-savepoint that ended the job without the controller recording its savepoint: one that completed after
   * the controller stopped waiting for it (its operation timeout), or one made outside the controller ({@code flink stop},
   * the REST API). Found in Flink's checkpoint history of the FINISHED job (its latest savepoint, a synchronous one) and
   * recorded as the job's {@code lastSavepoint}: the job's state is in it and nowhere newer.
   */
  STOP,
  /** Before a scale-down ({@code savepointBeforeScaleDown}), so the rescaled job replays little. */
  RESCALE,
  /**
   * A {@code FlinkSnapshot} asked for it. Kept in the history for the record, but never the job's {@code
   * lastSavepoint} and never expired by the history's rules: it lives as long as its FlinkSnapshot.
   */
  SNAPSHOT,
  /**
   * A {@code FlinkSnapshot} of {@code spec.type: checkpoint} asked for it: the path is a checkpoint, which Flink owns
   * (its retention, {@code state.checkpoints.num-retained}, deletes it once newer ones complete). Listed as {@link
   * #SNAPSHOT} is, but never the job's {@code lastSavepoint}, never expired by the history's rules and never disposed
   * by the controller.
   */
  CHECKPOINT
}
