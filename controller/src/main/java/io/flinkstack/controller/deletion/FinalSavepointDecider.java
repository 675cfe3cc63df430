package io.flinkstack.controller.deletion;

import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.controller.observation.JobObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what a deleted FlinkJob waits for before its finalizer comes off. Pure: the caller passes the time.
 *
 * <ul>
 *   <li>The annotation {@code flinkstack.io/final-savepoint: skip}: nothing, at once.
 *   <li>An application: its job runs in its own cluster, whose StatefulSets a {@code kubectl delete -f} of the app or
 *       a GitOps prune deletes at the same moment, so no stop-with-savepoint can be counted on; the last savepoint
 *       the controller knows is recorded, at once. (Take a FlinkSnapshot, or declare the job suspended, before
 *       deleting an application whose state matters.)
 *   <li>A session job: its session cluster stays, so the job is stopped with a savepoint (the suspend transition)
 *       before the finalizer comes off, and that savepoint is recorded. While the JobManager does not answer the
 *       deletion waits, at most {@code waitForJobManager} from the deletion's time; then the finalizer comes off with a
 *       warning, recording the last savepoint known; a job that could not be stopped with a savepoint in that time (not
 *       running with all tasks) is cancelled, so it does not keep its slots with nobody managing it.
 * </ul>
 */
public final class FinalSavepointDecider {
  private FinalSavepointDecider() {}

  /**
   * @param skip the FlinkJob carries {@code flinkstack.io/final-savepoint: skip}
   * @param deletedAt its {@code metadata.deletionTimestamp}
   */
  public static FinalSavepointDecision decide(DeclarationKind kind, boolean skip, Instant deletedAt, RuntimeStatus status,
      JobObservation observation, Duration waitForJobManager, Instant now) {
    if (skip) {
      return new FinalSavepointDecision.Release("flinkstack.io/final-savepoint is skip: nothing stopped or recorded", null, false);
    }
    if (kind == DeclarationKind.APPLICATION) {
      return new FinalSavepointDecision.Release("an application's job stops with its cluster; the last savepoint known"
          + " is recorded", status.lastSavepoint(), false);
    }
    if (!observation.jobManagerReachable()) {
      if (now.isBefore(deletedAt.plus(waitForJobManager))) {
        return new FinalSavepointDecision.Wait("the JobManager does not answer (" + observation.problem() + "); the job"
            + " is stopped with a savepoint once it does, or the deletion goes on without one " + waitForJobManager
            + " after it began");
      }
      return new FinalSavepointDecision.Release("the JobManager did not answer for " + waitForJobManager
          + " (" + observation.problem() + "); the job was not stopped with a savepoint, the last one known is recorded",
          status.lastSavepoint(), true);
    }
    if (status.transition() != null || status.pendingOperation() != null) {
      return new FinalSavepointDecision.Stop("a " + (status.transition() != null ? status.transition().kind()
          : status.pendingOperation().kind()) + " is in flight; the job is stopped after it");
    }
    if (status.lifecycle() == LifecycleState.SUSPENDED) {
      return new FinalSavepointDecision.Release("the job was stopped with a savepoint", status.lastSavepoint(), false);
    }
    boolean running = observation.job().map(job -> !job.state().isGloballyTerminal()).orElse(false);
    if (running && now.isBefore(deletedAt.plus(waitForJobManager))) {
      return new FinalSavepointDecision.Stop("the job runs: stopping it with a savepoint");
    }
    if (running) {
      return new FinalSavepointDecision.Release("the job could not be stopped with a savepoint within " + waitForJobManager
          + " (not running with all tasks?); it is cancelled, the last savepoint known is recorded", status.lastSavepoint(),
          true, observation.job().orElseThrow().id());
    }
    return new FinalSavepointDecision.Release("no job of it runs; the last savepoint known is recorded", status.lastSavepoint(), false);
  }
}
