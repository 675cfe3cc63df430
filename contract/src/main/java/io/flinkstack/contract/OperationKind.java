package io.flinkstack.contract;

/** An asynchronous operation the runtime controller runs on Flink and records while it runs. */
public enum OperationKind {
  /** A savepoint of a running job (the job keeps running). */
  SAVEPOINT,
  /** Deleting an expired savepoint through Flink, which knows its file layout. */
  SAVEPOINT_DISPOSAL
}
