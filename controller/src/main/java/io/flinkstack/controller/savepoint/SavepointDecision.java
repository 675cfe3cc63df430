package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;

/** What the savepoint lifecycle should do next for one declaration (decided by {@link SavepointDecider}). */
public sealed interface SavepointDecision {

  /** Nothing to do; {@code reason} says why (for logs and tests). */
  record Idle(String reason) implements SavepointDecision {}

  /** The JobManager's state is unknown: record that and change nothing. */
  record ObserveOnly(String problem) implements SavepointDecision {}

  /** An operation is recorded as in flight: finish it before anything else. */
  record ResumePending(PendingOperation operation) implements SavepointDecision {}

  /**
   * Take a savepoint of the running job; {@code snapshot} names the FlinkSnapshot that asked for it, if one did, and
   * {@code format} is its {@code spec.format} as Flink names it (null: canonical).
   */
  record TakeSavepoint(String jobId, SavepointTrigger trigger, Long nonce, String snapshot, String format) implements SavepointDecision {
    public TakeSavepoint(String jobId, SavepointTrigger trigger, Long nonce) {
      this(jobId, trigger, nonce, null, null);
    }
  }

  /**
   * Take a checkpoint of the running job for the FlinkSnapshot {@code snapshot} ({@code spec.type: checkpoint}): the
   * same write-ahead as a savepoint's, through Flink's checkpoint trigger instead.
   *
   * @param type its {@code spec.checkpointType} as Flink names it ({@code FULL}, {@code INCREMENTAL}, {@code CONFIGURED});
   *     null: configured
   */
  record TakeCheckpoint(String jobId, String snapshot, String type) implements SavepointDecision {}

  /**
   * Dispose a savepoint and drop it from the history: an expired one, or ({@code snapshot} set) the savepoint of a
   * FlinkSnapshot being deleted with {@code disposeOnDelete}, whose finalizer then comes off.
   */
  record DisposeSavepoint(SavepointInfo savepoint, String reason, String snapshot) implements SavepointDecision {
    public DisposeSavepoint(SavepointInfo savepoint, String reason) {
      this(savepoint, reason, null);
    }
  }
}
