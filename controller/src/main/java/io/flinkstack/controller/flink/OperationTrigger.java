package io.flinkstack.controller.flink;

import java.util.Objects;

/**
 * Names an asynchronous operation Flink is running, so it can be polled later, also by another controller
 * process (it is a plain record: store it before polling, like a write-ahead log entry). Flink forgets
 * finished operations after {@code rest.async.store-duration} (5 minutes by default).
 *
 * @param jobId the job, or null for a savepoint disposal (not tied to a job)
 */
public record OperationTrigger(Kind kind, String jobId, String triggerId) {
  public enum Kind {
    SAVEPOINT,
    STOP_WITH_SAVEPOINT,
    SAVEPOINT_DISPOSAL,
    /** {@code POST /jobs/:jobid/checkpoints} (Flink 1.17+, FLINK-27101). */
    CHECKPOINT
  }

  public OperationTrigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(triggerId, "triggerId");
    if (kind != Kind.SAVEPOINT_DISPOSAL) {
      Objects.requireNonNull(jobId, "jobId");
    }
  }

  String statusPath() {
    return switch (kind) {
      // Stop-with-savepoint is a savepoint operation too; Flink reports both under /savepoints.
      case SAVEPOINT, STOP_WITH_SAVEPOINT -> "/jobs/" + jobId + "/savepoints/" + triggerId;
      case SAVEPOINT_DISPOSAL -> "/savepoint-disposal/" + triggerId;
      case CHECKPOINT -> "/jobs/" + jobId + "/checkpoints/" + triggerId;
    };
  }
}
