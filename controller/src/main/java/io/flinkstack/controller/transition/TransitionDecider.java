package io.flinkstack.controller.transition;

import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.flink.JobState;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether an application cluster's job is upgraded, suspended or resumed now. Pure: the caller
 * reads the status, the observation and the pods; this reads no clock and calls nothing.
 *
 * <p>Order: a transition in the status is finished first (even while the JobManager is away, once the
 * restore path is recorded: what remains is Kubernetes' part); nothing destructive starts while the
 * JobManager does not answer or a savepoint is in flight; then the desired state (suspend, resume); then
 * pods waiting for a new revision. A job that is restarting, failed or cancelled cannot take a savepoint: its
 * upgrade or suspend starts at once from its latest state ({@link TransitionDecision.Start#fromLatestState}).
 * Last, a changed {@code redeployNonce} or {@code restartNonce} ({@link Nonces}): a redeploy needs no savepoint, a
 * restart goes like an upgrade.
 */
public final class TransitionDecider {
  private TransitionDecider() {}

  public static TransitionDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation,
      ClusterPods pods, Instant now) {
    if (status.transition() != null) {
      Optional<String> suspend = suspendOfStalled(declaration, status, canStall(status.transition()));
      if (suspend.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.SUSPEND, suspend.get(), true);
      }
      Optional<String> escape = newerTemplateThanStalled(status, pods);
      if (escape.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.UPGRADE, escape.get(), true);
      }
      Optional<TransitionDecision.Start> again = newerNonceThanStalled(declaration, status);
      if (again.isPresent()) {
        return again.get();
      }
      boolean pastFlink = status.transition().step().compareTo(TransitionStep.RESTORE_PATH_RECORDED) >= 0;
      if (!observation.jobManagerReachable() && !pastFlink) {
        return new TransitionDecision.None("JobManager does not answer: " + observation.problem() + "; "
            + status.transition().kind() + " waits at " + status.transition().step());
      }
      return new TransitionDecision.Continue(status.transition());
    }
    boolean suspendedNow = status.lifecycle() == LifecycleState.SUSPENDED || !status.suspendedReplicas().isEmpty();
    boolean wantSuspended = declaration.job().state() == DesiredState.SUSPENDED;
    if (suspendedNow && !wantSuspended) {
      // Resuming needs no JobManager: there is none while suspended.
      return new TransitionDecision.Start(TransitionKind.RESUME, "desired state is running");
    }
    if (suspendedNow) {
      return new TransitionDecision.None("suspended, as declared");
    }
    if (!observation.jobManagerReachable()) {
      return new TransitionDecision.None("JobManager does not answer: " + observation.problem());
    }
    TransitionKind due = wantSuspended ? TransitionKind.SUSPEND : null;
    String reason = "desired state is suspended";
    io.flinkstack.contract.Rollback rolledBack = status.rolledBack();
    boolean failedBefore = rolledBack != null && rolledBack.failedTarget().equals(pods.target());
    if (due == null && !pods.awaitingUpgrade().isEmpty() && !failedBefore) {
      due = TransitionKind.UPGRADE;
      reason = pods.awaitingUpgrade().size() + " pod(s) wait for a new revision (" + pods.target() + ")";
    }
    Optional<String> redeploy = Nonces.redeploy(declaration, status);
    Optional<String> restart = Nonces.restart(declaration, status);
    if (due == null && redeploy.isPresent()) {
      due = TransitionKind.REDEPLOY;
      reason = redeploy.get();
    }
    if (due == null && restart.isPresent()) {
      due = TransitionKind.RESTART;
      reason = restart.get();
    }
    if (due == null && failedBefore && !pods.awaitingUpgrade().isEmpty()) {
      // Upgrading to it again would fail again (and roll back again): only another applied template is upgraded to.
      return new TransitionDecision.None("the applied template (" + rolledBack.failedTarget() + ") was rolled back at "
          + rolledBack.at() + "; apply a fixed one");
    }
    if (due == null) {
      return new TransitionDecision.None("nothing to change");
    }
    if (status.pendingOperation() != null) {
      return new TransitionDecision.Wait(due, reason + "; waiting for " + status.pendingOperation().kind() + " "
          + status.pendingOperation().triggerId() + " to finish");
    }
    if (due == TransitionKind.REDEPLOY) {
      return new TransitionDecision.Start(due, reason); // no savepoint: the job is cancelled, whatever its state
    }
    Optional<JobState> stuck = StuckJobs.state(observation);
    if (stuck.isPresent() && UpgradeModes.of(declaration) != UpgradeMode.STATELESS) {
      return StuckJobs.start(due, reason, stuck.get(), status, now);
    }
    boolean stopsWithSavepoint = due == TransitionKind.SUSPEND || UpgradeModes.of(declaration) == UpgradeMode.SAVEPOINT;
    if (stopsWithSavepoint && Backoffs.holdsBack(status.savepointBackoff(), now)) {
      return new TransitionDecision.Wait(due, reason + "; backing off after " + status.savepointBackoff().failures()
          + " failed savepoint(s) until " + status.savepointBackoff().retryAt());
    }
    if (!observation.jobFullyRunning() && UpgradeModes.of(declaration) != UpgradeMode.STATELESS) {
      // A savepoint (or a checkpoint to restore) needs a running job; the job keeps its pods meanwhile.
      return new TransitionDecision.Wait(due, reason + "; waiting for the job to run with all its tasks (now "
          + observation.job().map(job -> job.state().name()).orElse("no job") + ")");
    }
    return new TransitionDecision.Start(due, reason);
  }

  /**
   * An upgrade or rollback past its readiness timeout that was not rolled back (rollback off, pods without the gate, or
   * a rollback itself: nothing older is tried) is recorded as stalled and waits for its job for good. A template applied
   * after that, neither the one it went to nor the one an upgrade was rolled back from, is the way out: it is upgraded
   * to at once, from the latest state (the stalled job cannot take a savepoint; if it completed no checkpoint, that is
   * the savepoint the stalled transition restored). Without a stall the transition is let finish first, and the newer
   * template then gets an upgrade with a savepoint of its own. (Before 2026-12-06 only a stalled rollback gave way: a
   * stalled upgrade kept waiting whatever Git applied, its gate closed again by the apply.)
   */
  static Optional<String> newerTemplateThanStalled(RuntimeStatus status, ClusterPods pods) {
    Transition stalled = status.transition();
    // A set whose update revision is not known (its status not written yet for the applied spec: the mock API server
    // wipes a set's status with every PUT of it) names no template: it is not a newer one. (Until 2026-12-06 such a
    // target, "<set>=null", started an upgrade towards no revision, which ended on whatever pods came back.)
    if (!canStall(stalled) || !stalledAfterApplying(status) || !pods.revisionsKnown() || pods.target().equals(stalled.target())
        || (status.rolledBack() != null && pods.target().equals(status.rolledBack().failedTarget()))) {
      return Optional.empty();
    }
    return Optional.of("the " + stalled.kind().name().toLowerCase(java.util.Locale.ROOT) + " to " + stalled.target() + " is stalled ("
        + status.lastError().message() + ") and a newer template was applied: " + pods.target());
  }

  /**
   * Whether an application's transition is one recorded as stalled past its readiness timeout: an upgrade, a rollback, a
   * resume, a restart or a redeploy (all but a suspend, whose pods only go away).
   */
  private static boolean canStall(Transition transition) {
    return java.util.EnumSet.of(TransitionKind.UPGRADE, TransitionKind.ROLLBACK, TransitionKind.RESUME, TransitionKind.RESTART,
        TransitionKind.REDEPLOY).contains(transition.kind());
  }

  /**
   * A restart or redeploy recorded as stalled ({@link #stalledAfterApplying}) gives way to another request of either: a
   * nonce changed again after it was answered. The stalled job cannot take a savepoint, so a restart goes from its latest
   * state (a checkpoint it completed, else what the stalled one restored); a redeploy discards it anyway. Within the
   * readiness timeout the nonce waits for the transition in flight, which then answers it with a transition of its own.
   * (Until 2026-12-07 a restart or redeploy whose job never ran waited for good, Reconciling: no timeout, no way out but
   * deleting the status.) Shared by {@link SessionJobDecider}.
   */
  static Optional<TransitionDecision.Start> newerNonceThanStalled(Declaration declaration, RuntimeStatus status) {
    Transition stalled = status.transition();
    boolean restartOrRedeploy = stalled.kind() == TransitionKind.RESTART || stalled.kind() == TransitionKind.REDEPLOY;
    if (!restartOrRedeploy || !stalledAfterApplying(status)) {
      return Optional.empty();
    }
    String was = "the " + stalled.kind().name().toLowerCase(java.util.Locale.ROOT) + " is stalled (" + status.lastError().message() + ") and ";
    Optional<String> redeploy = Nonces.redeploy(declaration, status);
    if (redeploy.isPresent()) {
      return Optional.of(new TransitionDecision.Start(TransitionKind.REDEPLOY, was + redeploy.get()));
    }
    return Nonces.restart(declaration, status).map(restart -> new TransitionDecision.Start(TransitionKind.RESTART, was + restart, true));
  }

  /**
   * A suspend declared while an upgrade or rollback is stalled ({@link #stalledAfterApplying}) does not wait behind it,
   * which would be for good: the stalled job is cancelled and the suspend records its latest state, a checkpoint it
   * completed or else what the stalled transition restored (its savepoint), which the resume starts from. Before
   * 2026-12-06 the suspend waited. Within the readiness timeout the transition is let finish first, and the suspend then
   * takes a savepoint of its own.
   *
   * @param escapable whether the transition in flight is one that can stall (the caller knows which kinds do)
   */
  static Optional<String> suspendOfStalled(Declaration declaration, RuntimeStatus status, boolean escapable) {
    if (!escapable || declaration.job().state() != DesiredState.SUSPENDED || !stalledAfterApplying(status)) {
      return Optional.empty();
    }
    Transition stalled = status.transition();
    return Optional.of("the " + stalled.kind().name().toLowerCase(java.util.Locale.ROOT) + " to " + stalled.target()
        + " is stalled (" + status.lastError().message() + ") and the job is declared suspended");
  }

  /**
   * Whether the transition in flight was applied and then recorded as stalled: a {@link StatusError#READINESS_TIMEOUT}
   * error at or after its step ({@code JobTransitions#recordStalledOnce}), so only a person moves it on.
   */
  static boolean stalledAfterApplying(RuntimeStatus status) {
    Transition transition = status.transition();
    StatusError error = status.lastError();
    return transition != null && transition.step() == TransitionStep.APPLIED && error != null
        && StatusError.READINESS_TIMEOUT.equals(error.operation()) && error.time() != null
        && !error.time().isBefore(transition.stepAt());
  }
}
