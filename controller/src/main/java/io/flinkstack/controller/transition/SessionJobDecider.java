package io.flinkstack.controller.transition;

import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.savepoint.Backoffs;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a session job is submitted, upgraded, suspended or resumed now. Pure, like {@link
 * TransitionDecider}; every step of a session job needs the JobManager, so nothing happens without it.
 *
 * <p>A job is submitted when none was ever submitted, or when resuming; one that ended (failed, cancelled) is
 * replaced when it is declared anew (a changed spec): never again for the same spec, so a job that keeps failing
 * is not resubmitted in a loop, and a job that a JobManager without HA lost is reported, not silently
 * restarted from an old savepoint (which would replay output already committed). A changed declaration of a job
 * that is restarting, failed or cancelled replaces it from its latest checkpoint or savepoint (see {@link
 * StuckJobs}); one of a job that finished is left alone.
 */
public final class SessionJobDecider {
  private SessionJobDecider() {}

  public static TransitionDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation, Instant now) {
    if (!observation.jobManagerReachable()) {
      return new TransitionDecision.None("JobManager does not answer: " + observation.problem());
    }
    if (status.transition() != null) {
      return new TransitionDecision.Continue(status.transition());
    }
    boolean wantSuspended = declaration.job().state() == DesiredState.SUSPENDED;
    Optional<ObservedJob> job = observation.job();
    boolean running = job.isPresent() && !job.get().state().isGloballyTerminal();
    boolean suspended = status.lifecycle() == LifecycleState.SUSPENDED;
    String spec = declaration.specDigest();
    Optional<String> redeploy = Nonces.redeploy(declaration, status);
    Optional<String> restart = Nonces.restart(declaration, status);
    boolean nonceChanged = restart.isPresent() || redeploy.isPresent();
    if (status.pendingOperation() != null && (wantSuspended || !running || !spec.equals(status.deployedSpec()) || nonceChanged)) {
      return new TransitionDecision.Wait(wantSuspended ? TransitionKind.SUSPEND : TransitionKind.UPGRADE,
          "waiting for " + status.pendingOperation().kind() + " " + status.pendingOperation().triggerId() + " to finish");
    }
    Optional<JobState> stuck = StuckJobs.state(observation);
    if (wantSuspended) {
      if (!running) {
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
      if (job.isPresent() && !spec.equals(status.deployedSpec()) && stuck.isPresent()) {
        // Its checkpoints are still known to Flink: the new job goes from the latest (not from the last savepoint,
        // which would replay output committed since).
        String reason = "job " + job.get().id() + " is " + job.get().state() + " and the declaration changed";
        return UpgradeModes.of(declaration) == UpgradeMode.STATELESS
            ? new TransitionDecision.Start(TransitionKind.UPGRADE, reason + ": submitting the new one without state")
            : StuckJobs.start(TransitionKind.UPGRADE, reason, stuck.get(), status, now);
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
          .orElse("job " + status.jobId() + " is gone from the cluster (a JobManager without HA lost it?); suspend and resume"
              + " to start it again from the last savepoint"));
    }
    if (status.deployedSpec() == null || spec.equals(status.deployedSpec())) {
      if (redeploy.isPresent()) {
        return new TransitionDecision.Start(TransitionKind.REDEPLOY, redeploy.get());
      }
      if (restart.isEmpty()) {
        return new TransitionDecision.None("nothing to change");
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
}
