package io.flinkstack.controller.savepoint;

import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.controller.flink.SavepointRequest;
import java.time.Duration;

/**
 * The savepoint calls to one cluster's REST API, nothing else: the lifecycle decides and records, this
 * only talks to Flink. Failures are the client's {@code FlinkClientException}s, for the caller to tell
 * "Flink said no" from "no answer".
 */
public final class SavepointService {
  private static final long POLL_MILLIS = 100;

  private final FlinkRestClient flink;

  public SavepointService(FlinkRestClient flink) {
    this.flink = flink;
  }

  /**
   * Asks for a savepoint into the cluster's configured savepoint directory. Triggering again with the same
   * id is the same operation (while the JobManager remembers it), which makes a retry after a crash safe.
   */
  public OperationTrigger triggerSavepoint(String jobId, String triggerId) {
    return flink.triggerSavepoint(jobId, SavepointRequest.toDefaultDirectory().withTriggerId(triggerId));
  }

  public OperationTrigger savepointTrigger(String jobId, String triggerId) {
    return new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, triggerId);
  }

  /** Flink picks a disposal's id itself: a disposal cannot be made idempotent by id. */
  public OperationTrigger triggerDisposal(String savepointPath) {
    return flink.triggerSavepointDisposal(savepointPath);
  }

  public OperationTrigger disposalTrigger(String triggerId) {
    return new OperationTrigger(OperationTrigger.Kind.SAVEPOINT_DISPOSAL, null, triggerId);
  }

  /**
   * Polls until the operation is done or {@code budget} has passed, whichever is first; returns the last
   * status (IN_PROGRESS at the budget). A reconcile pass waits a little so a quick savepoint completes in
   * the pass that started it, but never long enough to hold up the other declarations.
   */
  public OperationStatus pollWithin(OperationTrigger trigger, Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    while (true) {
      OperationStatus status = flink.poll(trigger);
      if (status.isDone() || System.nanoTime() - deadline >= 0) {
        return status;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status;
      }
    }
  }
}
