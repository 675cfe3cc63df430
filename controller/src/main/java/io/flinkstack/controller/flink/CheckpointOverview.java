package io.flinkstack.controller.flink;

import java.util.Optional;

/** {@code GET /jobs/{jobId}/checkpoints}: counts and the latest checkpoint of each kind. */
public record CheckpointOverview(
    Counts counts,
    Optional<Completed> latestCompleted,
    Optional<Completed> latestSavepoint,
    Optional<Failed> latestFailed,
    Optional<Restored> latestRestored) {

  /** {@code restored} counts restores of this job from a checkpoint or savepoint (each failover adds one). */
  public record Counts(long restored, long total, long inProgress, long completed, long failed) {}

  /** Times are epoch milliseconds; {@code externalPath} is where it is stored, usable as a savepoint path. */
  public record Completed(
      long id,
      boolean savepoint,
      long triggerTimestamp,
      long latestAckTimestamp,
      long endToEndDurationMs,
      long stateSizeBytes,
      String externalPath) {}

  public record Failed(long id, long failureTimestamp, String failureMessage) {}

  /** {@code externalPath} may be absent when Flink restored from a checkpoint it did not externalize. */
  public record Restored(long id, long restoreTimestamp, boolean savepoint, Optional<String> externalPath) {}
}
