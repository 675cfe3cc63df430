package io.flinkstack.controller.transition;

import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.Rollback;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.SubmittedJob;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.savepoint.Backoffs;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a session job is submitted, upgraded, suspended or resumed now. Pure, like {@link
 * TransitionDecider}; every step of a session job needs the JobManager, so nothing happens without it.
 *
 * <p>A job is submitted when none was ever submitted, or when resuming; one that ended (failed, cancelled) is
 * replaced when it is declared anew (a changed spec): never again for the same spec, so a job that keeps failing
 * is not resubmitted in a loop. A job that a JobManager without HA lost while it had not ended ({@code jobState}
 * {@link JobObservation#LOST}) is submitted again from its latest retained checkpoint (never from the last savepoint, which
 * would replay output committed since): a restart, or an upgrade when its declaration changed meanwhile; with no
 * checkpoint to be found it is reported instead (since 2026-12-08; before, every lost job was only reported). A changed declaration of a job
 * that is restarting, failed or cancelled replaces it from its latest checkpoint or savepoint (see {@link
 * StuckJobs}), and so does one of a job that a stop-with-savepoint the controller did not record FINISHED (from that
 * stop's savepoint); one of a job that finished otherwise is left alone.
 *
 * <p>An upgrade's new job that does not run with all its tasks within the readiness timeout of the old job's stop
 * ({@link #readiness}), or that FAILED, is rolled back ({@link TransitionKind#ROLLBACK}) to the job the controller
 * submitted before ({@link RuntimeStatus#submittedJob}), from the upgrade's savepoint. The declaration it failed with is
 * then not submitted again ({@link RuntimeStatus#rolledBack}) until the spec changes; a restart, redeploy or resume
 * meanwhile starts the rolled-back job. An upgrade or rollback stalled past its timeout gives way to a declared
 * suspend ({@link TransitionDecider#suspendOfStalled}) and to a newer spec ({@link #newerSpecThanStalled}).
 */
public final class SessionJobDecider {
  /** The most of Flink's own text (a failure's cause) that goes into the status and Events. */
  static final int FLINK_TEXT_MAX = 400;

  private SessionJobDecider() {}

  /** With the upgrade's new job as the observation saw it (see {@link #decide(Declaration, RuntimeStatus, JobObservation, Optional, Instant)}). */
  public static TransitionDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation, Instant now) {
    Transition transition = status.transition();
    Optional<ObservedJob> seen = transition == null || transition.newJobId() == null ? Optional.empty()
        : observation.job().filter(job -> job.id().equals(transition.newJobId()));
    return decide(declaration, status, observation, seen, now);
  }

  /**
   * @param newJob the new job of the upgrade in flight ({@link Transition#newJobId}), as Flink reports it now; empty when
   *     Flink does not know it (not submitted yet, or its submission refused) or there is none
   */
  public static TransitionDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation,
      Optional<ObservedJob> newJob, Instant now) {
    if (!observation.jobManagerReachable()) {
      return new TransitionDecision.None("JobManager does not answer: " + observation.problem());
    }
    if (status.transition() != null) {
      if (readiness(declaration, status, newJob, now) instanceof SessionReadiness.RollBack back) {
        return new TransitionDecision.Start(TransitionKind.ROLLBACK, back.reason());
      }
      Optional<String> suspend = TransitionDecider.suspendOfStalled(declaration, status, canStall(status.transition()));
      if (suspend.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.SUSPEND, suspend.get(), true);
      }
      Optional<String> escape = newerSpecThanStalled(declaration, status);
      if (escape.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.UPGRADE, escape.get());
      }
      Optional<TransitionDecision.Start> again = TransitionDecider.newerNonceThanStalled(declaration, status);
      if (again.isPresent()) {
        return again.get();
      }
      return new TransitionDecision.Continue(status.transition());
    }
    boolean wantSuspended = declaration.job().state() == DesiredState.SUSPENDED;
    Optional<ObservedJob> job = observation.job();
    boolean running = job.isPresent() && !job.get().state().isGloballyTerminal();
    boolean suspended = status.lifecycle() == LifecycleState.SUSPENDED;
    String spec = declaration.specDigest();
    Rollback rolledBack = status.rolledBack();
    // The declaration an upgrade was rolled back from is not submitted again: only another one is upgraded to.
    boolean failedBefore = rolledBack != null && rolledBack.failedTarget().equals(spec);
    boolean changed = !spec.equals(status.deployedSpec()) && !failedBefore;
    Optional<String> redeploy = Nonces.redeploy(declaration, status);
    Optional<String> restart = Nonces.restart(declaration, status);
    boolean nonceChanged = restart.isPresent() || redeploy.isPresent();
    if (status.pendingOperation() != null && (wantSuspended || !running || changed || nonceChanged)) {
      return new TransitionDecision.Wait(wantSuspended ? TransitionKind.SUSPEND : TransitionKind.UPGRADE,
          "waiting for " + status.pendingOperation().kind() + " " + status.pendingOperation().triggerId() + " to finish");
    }
    Optional<JobState> stuck = StuckJobs.state(observation);
    if (wantSuspended) {
      // A job a stop-with-savepoint FINISHED without the controller recording it is suspended at that savepoint, so that
      // the resume starts from it (a suspend from its latest state, which is that savepoint).
      boolean stoppedUnrecorded = !suspended && job.flatMap(ObservedJob::finishedByStop).isPresent();
      if (!running && !stoppedUnrecorded) {
        return new TransitionDecision.None(suspended ? "suspended, as declared" : "declared suspended; no job runs");
      }
      if (stuck.isPresent()) {
        return StuckJobs.start(TransitionKind.SUSPEND, "desired state is suspended", stuck.get(), status, now);
      }
      return savepointAllowed(TransitionKind.SUSPEND, "desired state is suspended", status, observation, now);
    }
    if (!running) {
      if (suspended) {
        return new TransitionDecision.Start(TransitionKind.RESUME, "desired state is running");
      }
      if (status.jobId() == null && job.isEmpty()) {
        return new TransitionDecision.Start(TransitionKind.SUBMIT, "declared, not submitted yet");
      }
      if (job.isPresent() && changed && stuck.isPresent()) {
        // Its checkpoints are still known to Flink: the new job goes from the latest (not from the last savepoint,
        // which would replay output committed since).
        String reason = "job " + job.get().id() + " is " + job.get().state() + " and the declaration changed";
        return UpgradeModes.of(declaration) == UpgradeMode.STATELESS
            ? new TransitionDecision.Start(TransitionKind.UPGRADE, reason + ": submitting the new one without state")
            : StuckJobs.start(TransitionKind.UPGRADE, reason, stuck.get(), status, now);
      }
      if (job.isEmpty() && JobObservation.LOST.equals(status.jobState())) {
        // Lost with a JobManager without HA, not ended: its latest retained checkpoint is in its checkpoint directory,
        // which JobTransitions lists before the start is recorded (and turns this into a report when there is none).
        String reason = "job " + status.jobId() + " had not ended and its JobManager lists it no more (it restarted without"
            + " HA and lost it)" + (changed ? "; the declaration changed meanwhile" : "");
        return new TransitionDecision.Start(changed ? TransitionKind.UPGRADE : TransitionKind.RESTART, reason,
            UpgradeModes.of(declaration) != UpgradeMode.STATELESS, status.jobId(), null);
      }
      if (job.isPresent() && redeploy.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.REDEPLOY, redeploy.get());
      }
      if (job.isPresent() && stuck.isPresent() && restart.isPresent()) {
        return UpgradeModes.of(declaration) == UpgradeMode.STATELESS ? new TransitionDecision.Start(TransitionKind.RESTART, restart.get())
            : StuckJobs.start(TransitionKind.RESTART, restart.get(), stuck.get(), status, now);
      }
      return new TransitionDecision.None(job.map(found -> "job " + found.id() + " is " + found.state()
          + "; not resubmitted until its declaration changes or it is suspended and resumed")
          .orElse("job " + status.jobId() + " is gone from the cluster, ended (" + status.jobState() + ") when last seen;"
              + " not resubmitted until its declaration changes or it is suspended and resumed"));
    }
    if (status.deployedSpec() == null || !changed) {
      if (redeploy.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.REDEPLOY, redeploy.get());
      }
      if (restart.isEmpty()) {
        return new TransitionDecision.None(failedBefore ? "the declared job (spec " + spec + ") was rolled back to spec "
            + rolledBack.restoredTarget() + " at " + rolledBack.at() + ": it is not submitted again; apply a fixed one"
            : "nothing to change");
      }
      if (UpgradeModes.of(declaration) == UpgradeMode.STATELESS) {
        return new TransitionDecision.Start(TransitionKind.RESTART, restart.get());
      }
      return stuck.isPresent() ? StuckJobs.start(TransitionKind.RESTART, restart.get(), stuck.get(), status, now)
          : savepointAllowed(TransitionKind.RESTART, restart.get(), status, observation, now);
    }
    String reason = "the declared job changed (" + status.deployedSpec() + " → " + spec + ")";
    if (UpgradeModes.of(declaration) == UpgradeMode.STATELESS) {
      return new TransitionDecision.Start(TransitionKind.UPGRADE, reason);
    }
    if (stuck.isPresent()) {
      return StuckJobs.start(TransitionKind.UPGRADE, reason, stuck.get(), status, now);
    }
    return savepointAllowed(TransitionKind.UPGRADE, reason, status, observation, now);
  }

  private static TransitionDecision savepointAllowed(TransitionKind kind, String reason, RuntimeStatus status,
      JobObservation observation, Instant now) {
    if (Backoffs.holdsBack(status.savepointBackoff(), now)) {
      return new TransitionDecision.Wait(kind, reason + "; backing off after " + status.savepointBackoff().failures()
          + " failed savepoint(s) until " + status.savepointBackoff().retryAt());
    }
    if (!observation.jobFullyRunning()) {
      return new TransitionDecision.Wait(kind, reason + "; waiting for the job to run with all its tasks (now "
          + observation.job().map(job -> job.state().name()).orElse("no job") + ")");
    }
    return new TransitionDecision.Start(kind, reason);
  }

  /**
   * How the upgrade in flight stands against its readiness timeout. Timed: a session job's {@code UPGRADE} (not the
   * restart of a rescale) from the old job's stop on ({@link Transition#stoppedAt}; without it, as recorded by an
   * older controller, its {@link Transition#stepAt}) until its new job runs with all its tasks. Overdue past {@code
   * spec.readinessTimeout} (default {@value io.flinkstack.contract.JobDeclaration#DEFAULT_READINESS_TIMEOUT}), or at
   * once when the new job FAILED (it does not come back from that). Rolled back when {@code spec.rollback} is not false
   * and the status holds the job submitted before ({@link RuntimeStatus#submittedJob}); stalled otherwise.
   *
   * @param newJob the upgrade's new job as Flink reports it now; empty when Flink does not know it
   */
  public static SessionReadiness readiness(Declaration declaration, RuntimeStatus status, Optional<ObservedJob> newJob, Instant now) {
    Transition upgrade = status.transition();
    if (!timed(upgrade) || newJob.filter(ObservedJob::fullyRunning).isPresent()) {
      return new SessionReadiness.NotTimed();
    }
    Duration timeout = declaration.readinessTimeout();
    Instant from = upgrade.stoppedAt() != null ? upgrade.stoppedAt() : upgrade.stepAt();
    Instant deadline = from.plus(timeout);
    boolean failed = newJob.filter(job -> job.state() == JobState.FAILED).isPresent();
    if (!failed && now.isBefore(deadline)) {
      return new SessionReadiness.Waiting(deadline);
    }
    String reason = failed ? "the upgrade's new job " + upgrade.newJobId() + " FAILED before it ran with all its tasks"
        : "the upgrade's new job did not run with all its tasks within " + seconds(timeout) + " of the old job's stop: "
            + newJob.map(job -> "job " + job.id() + " " + job.state() + ", not all tasks running")
                .orElse(notSubmitted(status, upgrade, from));
    String notRolledBack = !declaration.job().rollsBack() ? "rollback is off (spec.rollback: false)"
        : status.submittedJob() == null ? "no earlier submission is recorded to roll back to (submittedJob: the job that ran"
            + " before was never seen running the declared spec with all its tasks)"
        : null;
    return notRolledBack == null ? new SessionReadiness.RollBack(reason) : new SessionReadiness.Stalled(reason, notRolledBack, failed);
  }

  /**
   * An upgrade or rollback whose job was submitted and then recorded as stalled (past its readiness timeout with nothing
   * to roll back to, or a rollback whose earlier job does not run either) waits for that job for good. A spec declared
   * after that, neither the one it submitted nor the one an upgrade was rolled back from, is the way out: the stalled job
   * is cancelled, and the newer spec's job submitted at once from its latest state (a checkpoint it completed between
   * two looks, else what it restored). Without a stall the transition is let finish first, and the
   * newer spec then gets an upgrade with a savepoint of its own.
   */
  static Optional<String> newerSpecThanStalled(Declaration declaration, RuntimeStatus status) {
    Transition stalled = status.transition();
    String spec = declaration.specDigest();
    if (!canStall(stalled) || !TransitionDecider.stalledAfterApplying(status) || spec.equals(stalled.target())
        || (status.rolledBack() != null && spec.equals(status.rolledBack().failedTarget()))) {
      return Optional.empty();
    }
    return Optional.of("the " + stalled.kind().name().toLowerCase(Locale.ROOT) + " to spec " + stalled.target() + " is stalled ("
        + status.lastError().message() + ") and a newer spec was declared: " + spec);
  }

  /**
   * Whether a session job's transition is one recorded as stalled past its readiness timeout: a timed upgrade, a rollback,
   * a restart, a redeploy or a rescale's restart (since 2026-12-07; before, it waited for its job for good, unmarked).
   */
  private static boolean canStall(Transition transition) {
    return transition.kind() == TransitionKind.ROLLBACK || transition.kind() == TransitionKind.RESTART
        || transition.kind() == TransitionKind.REDEPLOY || timed(transition) || rescaleRestart(transition);
  }

  /**
   * Whether {@code transition} is a rescale's restart: the session {@code UPGRADE} the rescaler writes, whose parallelism
   * overrides the declared one (same spec). Not rolled back past its readiness timeout (the job before it ran the same
   * spec; the rescaler sized the new one for the slots it saw), but stalled, as a restart is.
   */
  static boolean rescaleRestart(Transition transition) {
    return transition != null && transition.kind() == TransitionKind.UPGRADE && transition.parallelism() != null;
  }

  /** Whether {@code transition} is a session upgrade whose new job the readiness timeout applies to (its old job stopped). */
  static boolean timed(Transition transition) {
    return transition != null && transition.kind() == TransitionKind.UPGRADE && transition.parallelism() == null
        && transition.newJobId() != null && transition.step().compareTo(TransitionStep.RESTORE_PATH_RECORDED) >= 0;
  }

  /** A new job Flink does not know: with the last submission's failure, if one was recorded since the stop. */
  private static String notSubmitted(RuntimeStatus status, Transition upgrade, Instant from) {
    if (upgrade.step() == TransitionStep.APPLIED) {
      return "Flink does not know job " + upgrade.newJobId();
    }
    StatusError error = status.lastError();
    boolean failedSince = error != null && JobTransitions.OPERATION.equals(error.operation()) && error.time() != null
        && !error.time().isBefore(from);
    return "job " + upgrade.newJobId() + " not submitted" + (failedSince ? " (" + cut(error.message()) + ")" : "");
  }

  /**
   * The earlier submission the running job is, when it runs because an upgrade to the declared spec was rolled back (the
   * job a restart, redeploy or resume then starts again); empty otherwise.
   */
  static Optional<SubmittedJob> rolledBackTo(Declaration declaration, RuntimeStatus status) {
    Rollback rolledBack = status.rolledBack();
    SubmittedJob previous = status.submittedJob();
    return rolledBack != null && previous != null && rolledBack.failedTarget().equals(declaration.specDigest())
        && previous.spec().equals(status.deployedSpec()) ? Optional.of(previous) : Optional.empty();
  }

  /**
   * Flink's text (a failure's cause chain, outermost first) cut for the status and Events to about {@value
   * #FLINK_TEXT_MAX} characters: its beginning (what failed) and its end (the root cause), the middle left out.
   */
  static String cut(String text) {
    if (text == null) {
      return "";
    }
    if (text.length() <= FLINK_TEXT_MAX) {
      return text;
    }
    int head = FLINK_TEXT_MAX / 3;
    int tail = FLINK_TEXT_MAX - head - 3;
    return text.substring(0, head) + " … " + text.substring(text.length() - tail);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }
}
