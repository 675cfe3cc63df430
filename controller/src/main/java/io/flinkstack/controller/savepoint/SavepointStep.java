package io.flinkstack.controller.savepoint;

/**
 * The boundaries of the savepoint lifecycle where a controller can die and a new one must carry on; a FlinkSnapshot's
 * checkpoint passes the same ones as a savepoint (PENDING_RECORDED to SAVEPOINT_COMPLETED). Each
 * is reported to a {@link StepListener} right when it is reached, so a test can stop a controller exactly
 * there (by throwing) and check what the next controller does.
 */
public enum SavepointStep {
  /** The pending savepoint, with its chosen trigger id, is in the status; Flink has not been asked. */
  PENDING_RECORDED,
  /** Flink accepted the savepoint; the status does not say so yet. */
  SAVEPOINT_TRIGGERED,
  /** The status says Flink accepted it. */
  TRIGGER_RECORDED,
  /** The savepoint's path is in the status; nothing is pending. */
  SAVEPOINT_COMPLETED,
  /** The pending disposal is in the status; Flink has not been asked. */
  DISPOSAL_RECORDED,
  /** Flink accepted the disposal; the status does not know Flink's id for it yet. */
  DISPOSAL_TRIGGERED,
  /** The savepoint is gone from disk and from the history. */
  DISPOSAL_COMPLETED
}
