package io.flinkstack.contract;

/** An asynchronous operation the runtime controller runs on Flink and records while it runs. */
public enum OperationKind {
  /** A savepoint of a running job (the job keeps running). */
  SAVEPOINT,
  /** Deleting an expired savepoint through Flink, which knows its file layout. */
  SAVEPOINT_DISPOSAL,
  /**
   * A checkpoint of a running job that a FlinkSnapshot of {@code spec.type: checkpoint} asked for (Flink 1.17+, {@code
   * POST /jobs/:jobid/checkpoints}); its trigger id is chosen before Flink is asked, as a savepoint's is.
   */
  CHECKPOINT
}
