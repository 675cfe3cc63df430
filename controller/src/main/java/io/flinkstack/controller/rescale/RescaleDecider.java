package io.flinkstack.controller.rescale;

import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionResult;

/**
 * Decides whether a job is rescaled, and follows one in flight. Pure: the declaration, the status and one
 * look at Flink ({@link RescaleView}, null when the job does not run) in, a {@link RescaleDecision} out.
 *
 * <p>Rules:
 * <ul>
 *   <li>target = the slots the job may use, clamped to {@code parallelismMin … parallelismMax} and to the
 *       job's max parallelism; no bounds declared, no rescaling;</li>
 *   <li>only a job running with all its tasks is rescaled, never while a savepoint is in flight or (session
 *       jobs) while an upgrade is due;</li>
 *   <li>with the adaptive scheduler the controller sets the upper bound of the resource requirements (lower
 *       bound 1): a rescale is due when the target differs from that bound. A job that lost a TaskManager
 *       already runs smaller (lower bound 1); the controller then records the lower target, so the job
 *       never waits for slots that will not come;</li>
 *   <li>without it, a session job is restarted at the target (stop-with-savepoint, resubmit); an
 *       application cannot be ({@link RescaleDecision.Unsupported});</li>
 *   <li>{@code savepointBeforeScaleDown}: a savepoint first, when the job runs above the target (a job
 *       that already shrank has nothing to replay from further back);</li>
 *   <li>in flight: done when the job runs with all its tasks at the target; if the slots fell below the
 *       target meanwhile, the target is lowered to what they allow.</li>
 * </ul>
 */
public final class RescaleDecider {
  private RescaleDecider() {}

  /**
   * @param session a session job (restart is possible) rather than an application
   * @param upgradeDue a session job whose declaration changed: its upgrade goes first
   */
  public static RescaleDecision decide(JobDeclaration job, boolean session, boolean upgradeDue, RuntimeStatus status, RescaleView view) {
    Rescale inFlight = status.rescale();
    if (inFlight != null) {
      return follow(job, status, inFlight, view);
    }
    if (!job.rescalable()) {
      return new RescaleDecision.None("no parallelism bounds declared");
    }
    if (status.pendingOperation() != null) {
      return new RescaleDecision.None("waiting for " + status.pendingOperation().kind() + " " + status.pendingOperation().triggerId());
    }
    if (view == null || !view.fullyRunning()) {
      return new RescaleDecision.None("the job does not run with all its tasks");
    }
    if (session && upgradeDue) {
      return new RescaleDecision.None("an upgrade is due first");
    }
    int target = target(job, view);
    int current = view.adaptive() ? view.upperBound() : view.parallelism();
    if (target == current) {
      return new RescaleDecision.None("at " + current + ", as the " + view.usableSlots() + " usable slots and bounds "
          + bounds(job) + " allow");
    }
    String reason = view.usableSlots() + " usable slots, bounds " + bounds(job) + ": " + current + " → " + target;
    if (!view.adaptive() && !session) {
      // The JobManager did not answer GET /jobs/:id/resource-requirements: the default scheduler refuses it, and Flink
      // before 1.18 does not have it (see FlinkVersion#updatesResourceRequirements), adaptive scheduler or not.
      return new RescaleDecision.Unsupported("rescaling an application in place needs the adaptive scheduler"
          + " (jobmanager.scheduler: adaptive) and Flink 1.18 or newer (PUT /jobs/:id/resource-requirements; before it"
          + " the adaptive scheduler alone uses the slots there are, up to the job's parallelism); " + reason + " not done");
    }
    boolean savepointFirst = Boolean.TRUE.equals(job.savepointBeforeScaleDown()) && target < view.parallelism();
    return new RescaleDecision.Start(current, target, view.adaptive() ? Rescale.IN_PLACE : Rescale.RESTART, savepointFirst, reason);
  }

  private static RescaleDecision follow(JobDeclaration job, RuntimeStatus status, Rescale rescale, RescaleView view) {
    switch (rescale.step()) {
      case SAVEPOINT_PENDING -> {
        // Whether the savepoint completed or failed, the rescale goes on: it was only to shorten the replay.
        return status.pendingOperation() != null
            ? new RescaleDecision.Wait(rescale, "savepoint " + status.pendingOperation().triggerId() + " before scaling down")
            : new RescaleDecision.Request(rescale);
      }
      case RECORDED -> {
        return new RescaleDecision.Request(rescale);
      }
      case REQUESTED -> {
        if (Rescale.RESTART.equals(rescale.method())) {
          TransitionResult last = status.lastTransition();
          if (view != null && !view.jobId().equals(rescale.jobId()) && view.fullyRunning()) {
            return new RescaleDecision.Done(rescale, view.parallelism());
          }
          if (status.transition() == null && last != null && "failed".equals(last.outcome()) && last.finishedAt() != null
              && !last.finishedAt().isBefore(rescale.stepAt())) {
            return new RescaleDecision.Failed(rescale, last.message());
          }
          return new RescaleDecision.Wait(rescale, "restarting at " + rescale.to());
        }
        if (view == null) {
          return new RescaleDecision.Wait(rescale, "the job does not run");
        }
        if (view.fullyRunning() && view.parallelism() == rescale.to()) {
          return new RescaleDecision.Done(rescale, view.parallelism());
        }
        int target = target(job, view);
        if (view.usableSlots() < rescale.to() && target < rescale.to()) {
          return new RescaleDecision.Retarget(rescale, target, "only " + view.usableSlots() + " usable slots left: "
              + rescale.to() + " → " + target);
        }
        return new RescaleDecision.Wait(rescale, "the job runs at " + view.parallelism() + (view.fullyRunning() ? "" : " (not all tasks)")
            + ", target " + rescale.to());
      }
      default -> throw new IllegalStateException("unknown step " + rescale.step());
    }
  }

  /** The slots the job may use, within its bounds and its max parallelism; at least 1. */
  static int target(JobDeclaration job, RescaleView view) {
    int min = job.parallelismMin() == null ? 1 : Math.max(1, job.parallelismMin());
    int max = job.parallelismMax() == null ? Integer.MAX_VALUE : job.parallelismMax();
    if (view.maxParallelism() > 0) {
      max = Math.min(max, view.maxParallelism());
    }
    int target = Math.max(min, Math.min(max, view.usableSlots()));
    // A lower bound above the slots would leave the job waiting for slots that are not there.
    return Math.max(1, Math.min(target, Math.max(view.usableSlots(), 1)));
  }

  private static String bounds(JobDeclaration job) {
    return (job.parallelismMin() == null ? "1" : job.parallelismMin()) + "…" + (job.parallelismMax() == null ? "∞" : job.parallelismMax());
  }
}
