package io.flinkstack.controller.savepoint;

import io.flinkstack.controller.flink.CheckpointStatistics;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.controller.flink.SavepointFormat;
import io.flinkstack.controller.flink.SavepointRequest;

/**
 * The savepoint calls to one cluster's REST API, nothing else: the lifecycle decides and records, this
 * only talks to Flink. Failures are the client's {@code FlinkClientException}s, for the caller to tell
 * "Flink said no" from "no answer".
 */
public final class SavepointService {
  private final FlinkRestClient flink;

  public SavepointService(FlinkRestClient flink) {
    this.flink = flink;
  }

  /**
   * Asks for a savepoint into the cluster's configured savepoint directory. Triggering again with the same
   * id is the same operation (while the JobManager remembers it), which makes a retry after a crash safe.
   */
  public OperationTrigger triggerSavepoint(String jobId, String triggerId) {
    return triggerSavepoint(jobId, triggerId, null);
  }

  /** The same, in {@code format} as Flink names it ({@code CANONICAL}, {@code NATIVE}; null: canonical). */
  public OperationTrigger triggerSavepoint(String jobId, String triggerId, String format) {
    SavepointRequest request = SavepointRequest.toDefaultDirectory().withTriggerId(triggerId);
    return flink.triggerSavepoint(jobId, format == null ? request : request.withFormat(SavepointFormat.valueOf(format)));
  }

  public OperationTrigger savepointTrigger(String jobId, String triggerId) {
    return new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, triggerId);
  }

  /** Asks for a checkpoint; a repeated trigger with the same id is the same operation, as for savepoints. */
  public OperationTrigger triggerCheckpoint(String jobId, String triggerId, String checkpointType) {
    return flink.triggerCheckpoint(jobId, triggerId, checkpointType);
  }

  public OperationTrigger checkpointTrigger(String jobId, String triggerId) {
    return new OperationTrigger(OperationTrigger.Kind.CHECKPOINT, jobId, triggerId);
  }

  /** The Flink version the JobManager reports ({@code GET /overview}). */
  public String flinkVersion() {
    return flink.overview().flinkVersion();
  }

  /** A checkpoint's statistics, with its path once it completed. */
  public CheckpointStatistics checkpoint(String jobId, long checkpointId) {
    return flink.checkpoint(jobId, checkpointId);
  }

  /** Flink picks a disposal's id itself: a disposal cannot be made idempotent by id. */
  public OperationTrigger triggerDisposal(String savepointPath) {
    return flink.triggerSavepointDisposal(savepointPath);
  }

  public OperationTrigger disposalTrigger(String triggerId) {
    return new OperationTrigger(OperationTrigger.Kind.SAVEPOINT_DISPOSAL, null, triggerId);
  }

  /** One look at the operation: a pass never waits for it, it looks again on a later pass. */
  public OperationStatus poll(OperationTrigger trigger) {
    return flink.poll(trigger);
  }
}
