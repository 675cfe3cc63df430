package io.flinkstack.controller.flink;

import java.util.Optional;

/**
 * One checkpoint (or savepoint) as Flink's checkpoint statistics describe it: {@code GET
 * /jobs/:jobid/checkpoints/details/:checkpointid}, or an entry of {@link CheckpointOverview#history()}.
 *
 * @param status {@code IN_PROGRESS}, {@code COMPLETED} or {@code FAILED}
 * @param type Flink's {@code checkpoint_type} ({@code CHECKPOINT}, {@code UNALIGNED_CHECKPOINT}, {@code SAVEPOINT}, ...)
 * @param externalPath where the completed checkpoint's metadata is ({@code external_path}); Flink writes
 *     {@code <checkpoint-not-externally-addressable>} for one kept in the JobManager's memory only (see {@link
 *     #addressablePath()})
 */
public record CheckpointStatistics(long id, String status, boolean savepoint, String type, Optional<String> externalPath) {
  /**
   * Flink's {@code NonPersistentMetadataCheckpointStorageLocation.EXTERNAL_POINTER} (flink-runtime,
   * {@code org.apache.flink.runtime.state.memory}): the path of a checkpoint without a checkpoint directory.
   */
  static final String NOT_ADDRESSABLE = "<checkpoint-not-externally-addressable>";

  public boolean completed() {
    return "COMPLETED".equals(status);
  }

  /** The completed checkpoint's path, if it has one that a job could be restored from. */
  public Optional<String> addressablePath() {
    return externalPath.filter(path -> !path.equals(NOT_ADDRESSABLE));
  }
}
