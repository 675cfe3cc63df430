package io.flinkstack.controller.flink;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /jobs/{jobId}/checkpoints}: counts, the latest checkpoint of each kind, and the recent ones, newest first
 * ({@code history}: as many as {@code web.checkpoints.history}, 10 by default).
 */
public record CheckpointOverview(
    Counts counts,
    Optional<Completed> latestCompleted,
    Optional<Completed> latestSavepoint,
    Optional<Failed> latestFailed,
    Optional<Restored> latestRestored,
    List<CheckpointStatistics> history) {

  /** Without the history. */
  public CheckpointOverview(Counts counts, Optional<Completed> latestCompleted, Optional<Completed> latestSavepoint,
      Optional<Failed> latestFailed, Optional<Restored> latestRestored) {
    this(counts, latestCompleted, latestSavepoint, latestFailed, latestRestored, List.of());
  }

  /** {@code restored} counts restores of this job from a checkpoint or savepoint (each failover adds one). */
  public record Counts(long restored, long total, long inProgress, long completed, long failed) {}

  /**
   * Times are epoch milliseconds; {@code externalPath} is where it is stored, usable as a savepoint path;
   * {@code type} is Flink's {@code checkpoint_type} ({@code CHECKPOINT}, {@code UNALIGNED_CHECKPOINT}, {@code SAVEPOINT},
   * {@code SYNC_SAVEPOINT}: the one a stop-with-savepoint takes), empty when Flink gave none.
   */
  public record Completed(
      long id,
      boolean savepoint,
      long triggerTimestamp,
      long latestAckTimestamp,
      long endToEndDurationMs,
      long stateSizeBytes,
      String externalPath,
      String type) {

    /** Without Flink's type. */
    public Completed(long id, boolean savepoint, long triggerTimestamp, long latestAckTimestamp, long endToEndDurationMs,
        long stateSizeBytes, String externalPath) {
      this(id, savepoint, triggerTimestamp, latestAckTimestamp, endToEndDurationMs, stateSizeBytes, externalPath, "");
    }

    /** The savepoint of a stop-with-savepoint (a synchronous savepoint that ends the job). */
    public boolean stoppedTheJob() {
      return "SYNC_SAVEPOINT".equals(type);
    }
  }

  public record Failed(long id, long failureTimestamp, String failureMessage) {}

  /** {@code externalPath} may be absent when Flink restored from a checkpoint it did not externalize. */
  public record Restored(long id, long restoreTimestamp, boolean savepoint, Optional<String> externalPath) {}
}
