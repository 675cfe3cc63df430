package io.flinkstack.controller.flink;

/**
 * {@code GET /jobs/{jobId}/checkpoints/config}, its {@code externalization} part: what becomes of a job's latest
 * checkpoint when the job is cancelled. Flink keeps it on cancellation only when externalized checkpoints are on
 * and not deleted on cancellation ({@code FlinkVersion.CHECKPOINT_RETENTION_KEY}:
 * {@code RETAIN_ON_CANCELLATION}); with Flink's default ({@code NO_EXTERNALIZED_CHECKPOINTS}) a cancel or a failure
 * deletes it.
 *
 * @param externalized Flink's {@code externalization.enabled}
 * @param deleteOnCancellation Flink's {@code externalization.delete_on_cancellation}
 */
public record CheckpointRetention(boolean externalized, boolean deleteOnCancellation) {
  /** A cancel leaves the latest checkpoint in place, so a new job can restore it. */
  public boolean retainedOnCancellation() {
    return externalized && !deleteOnCancellation;
  }
}
