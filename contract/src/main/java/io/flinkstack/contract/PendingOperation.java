package io.flinkstack.contract;

import java.time.Instant;

/**
 * An operation on Flink that the controller has started, written to the status <em>before</em> Flink is asked
 * (a write-ahead log entry): a controller that restarts finds it and finishes it instead of starting another.
 *
 * @param kind what it is
 * @param triggerId for a savepoint or checkpoint, the id the controller chose before triggering (re-triggering with
 *     it is the same operation); for a disposal, the id Flink returned, null until Flink accepted it
 * @param jobId the job (savepoints and checkpoints)
 * @param trigger why the savepoint is taken ({@link SavepointTrigger#CHECKPOINT} for a checkpoint)
 * @param nonce the {@code savepointTriggerNonce} it answers, recorded as observed when it completes
 * @param savepointPath the savepoint being disposed (disposals only)
 * @param startedAt when the controller decided on it
 * @param triggeredAt when Flink accepted it; null while the controller has no confirmation of that
 * @param snapshot the FlinkSnapshot (by name, in the job's namespace) that asked for the savepoint, or whose
 *     savepoint is being disposed because it was deleted; null otherwise
 * @param format how Flink is asked to write it, as Flink names it: a savepoint's {@code formatType} ({@code CANONICAL},
 *     {@code NATIVE}: a FlinkSnapshot's {@code spec.format}; null: canonical) or a checkpoint's {@code checkpointType}
 *     ({@code CONFIGURED}, {@code FULL}, {@code INCREMENTAL}: its {@code spec.checkpointType}; null: configured); recorded
 *     with the trigger id so that a trigger repeated after a restart asks for the same
 */
public record PendingOperation(
    OperationKind kind,
    String triggerId,
    String jobId,
    SavepointTrigger trigger,
    Long nonce,
    String savepointPath,
    Instant startedAt,
    Instant triggeredAt,
    String snapshot,
    String format) {

  /** A savepoint in the canonical format, or another operation. */
  public PendingOperation(OperationKind kind, String triggerId, String jobId, SavepointTrigger trigger, Long nonce,
      String savepointPath, Instant startedAt, Instant triggeredAt, String snapshot) {
    this(kind, triggerId, jobId, trigger, nonce, savepointPath, startedAt, triggeredAt, snapshot, null);
  }

  /** An operation no FlinkSnapshot asked for. */
  public PendingOperation(OperationKind kind, String triggerId, String jobId, SavepointTrigger trigger, Long nonce,
      String savepointPath, Instant startedAt, Instant triggeredAt) {
    this(kind, triggerId, jobId, trigger, nonce, savepointPath, startedAt, triggeredAt, null);
  }

  public PendingOperation withTrigger(String id, Instant at) {
    return new PendingOperation(kind, id, jobId, trigger, nonce, savepointPath, startedAt, at, snapshot, format);
  }
}
