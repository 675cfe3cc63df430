package io.flinkstack.e2e.versions;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.flink.CheckpointOverview;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.e2e.LocalDeployment;
import io.flinkstack.e2e.Waits;
import io.flinkstack.e2e.versions.VersionRun.Jar;
import io.flinkstack.e2e.versions.VersionRun.Scenario;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An application cluster of one Flink version with HA ({@link VersionRun}'s, from that version's own jars: its
 * {@code standalone-job} entrypoint and start script), carried by the runtime controller's real reconciler and loop
 * through an upgrade, a rollback and a suspend and resume: the upgrade (the job's arguments changed, so the pod template)
 * stops the job with a savepoint, writes the restore ConfigMap, opens the upgrade gate and lets the pods be replaced at
 * the new revision, whose start script passes {@code --fromSavepoint} to the version's own entrypoint; an upgrade to an
 * entry class the image lacks (the version's entrypoint fails) is rolled back past its readiness timeout, the pods back
 * at the revision before and its job restoring the failing upgrade's savepoint (until 2026-12-07 rollbacks ran on
 * Flink 1.20.3 only, {@code ApplicationUpgradeTest}); an upgrade to a job in a crash loop ({@code --fail-after}) is
 * followed by one out of it, from the looping job's latest completed checkpoint (until 2026-12-07 on 1.20.3 only); the suspend
 * stops it with a savepoint and scales both StatefulSets to zero; the resume scales them back and the JobManager
 * restores the suspend's savepoint; a {@code restartNonce} restarts the job from a savepoint at the same revision and a
 * {@code redeployNonce} starts it afresh (since 2026-12-07; before on 1.20.3 only); last, an upgrade in upgrade mode
 * {@code stateless} cancels the job and starts the new template's without state, and so does a restart nonce in that
 * mode (both since 2026-12-07). After each, Flink is asked: the new job running at its parallelism, and the
 * savepoint it restored ({@code latestRestored}) being the one the controller recorded; and the job's committed output
 * must have grown and be exactly once ({@link CommittedOutput}: the job is {@code RangeSequenceJob}, whose FileSink
 * commits with its checkpoints). Until 2026-12-07 the
 * application transitions ran on Flink 1.20.3 only ({@code ApplicationUpgradeTest}), where the start script and
 * {@code --fromSavepoint} met 2.x's entrypoint only in the {@code versions} module's parser check.
 */
public final class ApplicationRun {
  /** The failing upgrade's: long enough for a job that starts, short enough for the run. */
  private static final String READINESS_TIMEOUT = "20 s";

  private ApplicationRun() {}

  /** Runs {@code version}'s application through its transitions in {@code work}; throws naming the step and what was seen. */
  public static SessionRun.Outcome run(FlinkVersion version, Path work) throws IOException {
    return run(version, work, false);
  }

  /**
   * With {@code faults}, also a restart and a suspend whose JobManager is killed after the stop-with-savepoint completed
   * and before the controller saw it (about 45 s each: the controller waits 30 s for a JobManager that forgot the
   * trigger to list the job; {@code bench versions} runs them, {@code mvn verify} does not).
   */
  public static SessionRun.Outcome run(FlinkVersion version, Path work, boolean faults) throws IOException {
    Scenario scenario = new Scenario(version, true, Jar.LOCAL);
    List<String> steps = new ArrayList<>();
    long created = System.nanoTime();
    CommittedOutput output = new CommittedOutput(work.resolve("output"));
    VersionRun.Job job = VersionRun.Job.ranges(output.directory(), 5);
    try (VersionRun.Deployment deployment = VersionRun.Deployment.start(scenario, work, job, VersionRun.checkpoints(version), false)) {
      KubernetesGateway gateway = new Fabric8KubernetesGateway(deployment.client());
      AtomicReference<StepListener> listener = new AtomicReference<>(StepListener.NONE);
      try (ControllerLoop controller = deployment.startController(gateway, ControllerSettings.defaults(),
          (reached, declaration) -> listener.get().reached(reached, declaration))) {
        SessionRun.Step step = deployment.step(version, gateway);
        RuntimeStatus stable = step.awaitStableApplication(VersionRun.PARALLELISM);
        double firstJobSeconds = (System.nanoTime() - created) / 1e9;
        output.grewExactlyOnce("the first start");
        steps.add("running");

        // A new pod template (the job's arguments): an upgrade through a savepoint and the version's --fromSavepoint.
        job = VersionRun.Job.ranges(output.directory(), 4);
        apply(deployment, scenario, job);
        RuntimeStatus upgraded = step.awaitStatus("the upgrade", status -> status.transition() == null
            && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.UPGRADE
            && status.lifecycle() == LifecycleState.STABLE && status.jobId() != null);
        step.check("succeeded".equals(upgraded.lastTransition().outcome()), "the upgrade: " + upgraded.lastTransition());
        step.check(!upgraded.jobId().equals(stable.jobId()), "the upgrade kept job " + upgraded.jobId());
        step.awaitJob(upgraded.jobId(), VersionRun.PARALLELISM);
        step.onlyJob(upgraded.jobId());
        step.restoredFrom(upgraded.jobId(), upgraded, SavepointTrigger.UPGRADE);
        output.grewExactlyOnce("the upgrade");
        steps.add("upgrade");

        // An upgrade whose job never runs (an entry class the image lacks: the version's own entrypoint fails to start
        // it), past its readiness timeout: rolled back to the revision before, whose job restores the failing upgrade's
        // own savepoint of the job that ran there.
        Map<String, String> revisions = LocalDeployment.podRevisions(gateway, VersionRun.NAMESPACE, VersionRun.NAME);
        apply(deployment, scenario, job.neverRunning(READINESS_TIMEOUT));
        RuntimeStatus rolledBack = step.awaitStatus("the rollback of an upgrade whose job never runs", status -> status.transition() == null
            && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.ROLLBACK);
        step.check("succeeded".equals(rolledBack.lastTransition().outcome()) && rolledBack.lifecycle() == LifecycleState.STABLE
            && rolledBack.rolledBack() != null, "the rollback: " + rolledBack.lastTransition() + ", " + rolledBack.lifecycle());
        step.check(upgraded.jobId().equals(rolledBack.lastSavepoint().jobId())
            && rolledBack.lastSavepoint().path().equals(rolledBack.lastTransition().restorePath()),
            "the rollback restored " + rolledBack.lastTransition().restorePath() + ", not the failing upgrade's savepoint of job "
                + upgraded.jobId() + ": " + rolledBack.lastSavepoint());
        step.awaitJob(rolledBack.jobId(), VersionRun.PARALLELISM);
        step.onlyJob(rolledBack.jobId());
        step.restoredFrom(rolledBack.jobId(), rolledBack, SavepointTrigger.UPGRADE);
        Map<String, String> afterRollback = LocalDeployment.podRevisions(gateway, VersionRun.NAMESPACE, VersionRun.NAME);
        step.check(afterRollback.equals(revisions), "the pods' revisions after the rollback: " + afterRollback
            + ", not as before the failing upgrade: " + revisions);
        output.grewExactlyOnce("the rollback");
        steps.add("rollback");

        // A crash loop (the job fails at the same number after every restart, restarting every 10 s by HA's fixed-delay
        // strategy): no savepoint can be taken, so the fixed template is rolled out from the looping job's latest
        // completed checkpoint, which Flink's checkpoint history names. The first upgrade must finish before the loop
        // starts: 2,500 numbers at a 4 ms pause is 10 s of running.
        apply(deployment, scenario, job.failingAfter(2_500));
        RuntimeStatus looping = step.awaitTransition("the upgrade to a job that will loop", TransitionKind.UPGRADE, rolledBack.jobId());
        step.check("succeeded".equals(looping.lastTransition().outcome()), "the upgrade to a job that will loop: " + looping.lastTransition());
        Waits.until("job " + looping.jobId() + " to fail and restart", Duration.ofMinutes(2), () -> deployment.flink().job(looping.jobId()).state(),
            state -> state == JobState.RESTARTING || state == JobState.FAILED);
        job = VersionRun.Job.ranges(output.directory(), 3);
        apply(deployment, scenario, job);
        RuntimeStatus fixed = step.awaitTransition("the upgrade out of the crash loop", TransitionKind.UPGRADE, looping.jobId());
        String fromLoop = step.upgradedOutOfLoop(fixed, looping);
        step.awaitJob(fixed.jobId(), VersionRun.PARALLELISM);
        step.onlyJob(fixed.jobId());
        step.restoredFrom(fixed.jobId(), fromLoop, "the looping job's state");
        output.grewExactlyOnce("the upgrade out of the crash loop");
        steps.add("crash-loop");

        // Suspended: a stop-with-savepoint, both StatefulSets at zero; resumed: scaled back, the suspend's savepoint restored.
        apply(deployment, scenario, job.withState(DesiredState.SUSPENDED));
        RuntimeStatus suspended = step.awaitStatus("the suspend", status -> status.lifecycle() == LifecycleState.SUSPENDED
            && status.transition() == null);
        step.check(suspended.lastSavepoint() != null && suspended.lastSavepoint().trigger() == SavepointTrigger.SUSPEND,
            "the suspend recorded no savepoint of its own: " + suspended.lastSavepoint());
        Waits.until("no pods", Duration.ofMinutes(2),
            () -> deployment.client().pods().inNamespace(VersionRun.NAMESPACE).list().getItems(), List::isEmpty);
        steps.add("suspend");

        apply(deployment, scenario, job);
        RuntimeStatus resumed = step.awaitStatus("the resume", status -> status.lifecycle() == LifecycleState.STABLE
            && status.transition() == null && status.lastTransition() != null
            && status.lastTransition().kind() == TransitionKind.RESUME && status.jobId() != null);
        step.awaitJob(resumed.jobId(), VersionRun.PARALLELISM);
        step.onlyJob(resumed.jobId());
        step.restoredFrom(resumed.jobId(), resumed, SavepointTrigger.SUSPEND);
        output.grewExactlyOnce("the resume");
        steps.add("resume");

        // A restart nonce: stop-with-savepoint, only the JobManager pod replaced at its revision, and its job (a new job id:
        // the restore ConfigMap's deployment id is part of it under HA, and with 2.3 its own result stores) restoring
        // that savepoint.
        Map<String, String> beforeRestart = LocalDeployment.podRevisions(gateway, VersionRun.NAMESPACE, VersionRun.NAME);
        job = job.restartedBy(1);
        apply(deployment, scenario, job);
        RuntimeStatus restarted = step.awaitTransition("the restart", TransitionKind.RESTART, resumed.jobId());
        step.check("succeeded".equals(restarted.lastTransition().outcome()) && restarted.lastSavepoint() != null
            && resumed.jobId().equals(restarted.lastSavepoint().jobId())
            && restarted.lastSavepoint().path().equals(restarted.lastTransition().restorePath()),
            "the restart: " + restarted.lastTransition() + ", its savepoint " + restarted.lastSavepoint());
        step.awaitJob(restarted.jobId(), VersionRun.PARALLELISM);
        step.onlyJob(restarted.jobId());
        step.restoredFrom(restarted.jobId(), restarted.lastSavepoint().path(), "the restart's savepoint");
        Map<String, String> afterRestart = LocalDeployment.podRevisions(gateway, VersionRun.NAMESPACE, VersionRun.NAME);
        step.check(afterRestart.equals(beforeRestart), "the pods' revisions after the restart: " + afterRestart + ", not " + beforeRestart);
        ExactlyOnceChecker.Report committed = output.grewExactlyOnce("the restart");
        steps.add("restart");

        RuntimeStatus beforeRedeploy = restarted;
        if (faults) {
          // Another restart, its JobManager killed once Flink completed the stop-with-savepoint and before the controller
          // read the result: the version's restarted JobManager knows neither the trigger nor the job, so the path is lost
          // with it. The controller had the stop write into a directory of its own; the start script's resolver lists it
          // with the version's own file systems, and the job restores exactly the savepoint the stop wrote.
          StopKill kill = StopKill.arm(deployment, listener, restarted.jobId(), work);
          job = job.restartedBy(2);
          apply(deployment, scenario, job);
          RuntimeStatus recovered = step.awaitTransition("the restart whose JobManager was killed after the stop", TransitionKind.RESTART, restarted.jobId());
          listener.set(StepListener.NONE);
          runsRestoredFromKilledStop(step, recovered, kill.stopSavepoint(step, "the restart's"), "the restart");
          committed = output.grewExactlyOnce("the restart whose JobManager was killed after the stop");
          steps.add("jobmanager-killed-after-stop");
          beforeRedeploy = suspendWithJobManagerKilledAfterStop(deployment, scenario, job, step, listener, recovered, work);
          committed = output.grewExactlyOnce("the resume after the suspend whose JobManager was killed after the stop");
          steps.add("jobmanager-killed-after-suspend-stop");
        }

        // A redeploy nonce: the state discarded, as asked: no savepoint, the new job (a new job id again) restoring nothing.
        // Its output starts over, so there is no exactly-once check after it.
        job = job.redeployedBy(1);
        apply(deployment, scenario, job);
        RuntimeStatus redeployed = step.awaitTransition("the redeploy", TransitionKind.REDEPLOY, beforeRedeploy.jobId());
        step.check("succeeded".equals(redeployed.lastTransition().outcome())
            && java.util.Objects.equals(redeployed.lastSavepoint(), beforeRedeploy.lastSavepoint()),
            "the redeploy: " + redeployed.lastTransition() + ", its savepoint " + redeployed.lastSavepoint());
        startedWithoutState(step, deployment, redeployed.jobId(), "the redeploy");
        steps.add("redeploy");

        // A stateless upgrade (a new template in upgrade mode stateless): the job cancelled and seen ended, which takes it
        // out of HA's job graph store, the pods replaced at the new revision and the new job (a new job id: the deployment
        // id) started without state. Until 2026-12-07 Kubernetes rolled a stateless application with its job running:
        // on 2.3's own jars its new JobManager recovered the old job from HA and refused the application ("Base job ID …
        // is not found in the recovered jobs"), and the old job failed once its TaskManager went. The new job writes
        // into an output of its own, which must hold every number from the first exactly once: it restored nothing.
        CommittedOutput statelessOutput = new CommittedOutput(work.resolve("stateless-output"));
        job = job.withArgs(VersionRun.Job.ranges(statelessOutput.directory(), 4).args()).withUpgradeMode(UpgradeMode.STATELESS);
        RuntimeStatus stateless = statelessTransition(deployment, scenario, gateway, step, job, "the stateless upgrade",
            TransitionKind.UPGRADE, redeployed);
        statelessOutput.grewExactlyOnce("the stateless upgrade");
        steps.add("stateless-upgrade");

        // A restart nonce in stateless mode: cancelled, no savepoint, only the JobManager replaced at its revision, and a
        // new job (its id from the restore ConfigMap's new deployment id) without state. On the constructs before
        // 2026-12-07 a stateless HA JobManager did not read that ConfigMap: its job id was its revision's alone, the
        // cancelled job's, which Flink's job result store holds as ended, so the restarted JobManager would run nothing.
        job = job.restartedBy(job.restartNonce() + 1);
        statelessTransition(deployment, scenario, gateway, step, job, "the stateless restart", TransitionKind.RESTART, stateless);
        steps.add("stateless-restart");
        return new SessionRun.Outcome(steps, firstJobSeconds, committed);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Flink " + version + " application, after " + steps + ": " + e.getMessage()
            + "; pods: " + deployment.pods().diagnostics(), e);
      }
    }
  }

  /**
   * The main example's case (wordcount: no HA, upgrade mode {@code stateless}), on {@code version}'s own jars: since
   * 2026-12-07 its pods are gated too, so its upgrade is the controller's (before, Kubernetes rolled them with the job
   * running). The first job runs; an upgrade (new arguments, an output of its own) cancels it and waits for it to end,
   * replaces the pods at the new revision, and the new job runs alone, restored nothing, and writes every number from
   * the first exactly once; its JobManager crashes, and the job resumes from its latest checkpoint (exactly once still);
   * a restart nonce then restarts it without state at the same revision. Only the JobManager's
   * template changes (the job's arguments), yet the TaskManagers are replaced too each time: without HA one kept would
   * find the new JobManager only after Flink's heartbeat timeout (about 45 s on 2.3 here, which the new job waited for
   * until 2026-12-08).
   */
  public static SessionRun.Outcome runStateless(FlinkVersion version, Path work) throws IOException {
    Scenario scenario = new Scenario(version, false, Jar.LOCAL);
    List<String> steps = new ArrayList<>();
    long created = System.nanoTime();
    CommittedOutput output = new CommittedOutput(work.resolve("output"));
    VersionRun.Job job = VersionRun.Job.ranges(output.directory(), 5).withUpgradeMode(UpgradeMode.STATELESS);
    try (VersionRun.Deployment deployment = VersionRun.Deployment.start(scenario, work, job, VersionRun.checkpoints(version), false)) {
      KubernetesGateway gateway = new Fabric8KubernetesGateway(deployment.client());
      try (ControllerLoop controller = deployment.startController(gateway, ControllerSettings.defaults())) {
        SessionRun.Step step = deployment.step(version, gateway);
        RuntimeStatus stable = step.awaitStableApplication(VersionRun.PARALLELISM);
        double firstJobSeconds = (System.nanoTime() - created) / 1e9;
        output.grewExactlyOnce("the first start");
        steps.add("running");

        CommittedOutput upgradedOutput = new CommittedOutput(work.resolve("upgraded-output"));
        job = job.withArgs(VersionRun.Job.ranges(upgradedOutput.directory(), 4).args());
        RuntimeStatus upgraded = statelessTransition(deployment, scenario, gateway, step, job, "the stateless upgrade without HA",
            TransitionKind.UPGRADE, stable);
        upgradedOutput.grewExactlyOnce("the stateless upgrade");
        steps.add("upgrade");

        // The JobManager crashes (its process killed; the kubelet restarts the container in the same pod): without HA,
        // Flink remembers nothing of the running job. The start script gives each start's job an id beginning with the
        // deployment's 24 digits and restores the newest completed chk-<n> of the deployment's jobs, found by the
        // controller's resolver on the version's own file systems, so the job goes on where it was; its output stays
        // exactly once. Until 2026-12-08 the job started again from what the deployment started from (here no state),
        // and wrote every number again.
        String crashed = upgraded.jobId();
        Waits.until("a completed checkpoint of job " + crashed, Duration.ofMinutes(2),
            () -> deployment.flink().checkpoints(crashed).latestCompleted(), Optional::isPresent);
        deployment.pods().killProcess(ClusterNames.jobManager(VersionRun.NAME) + "-0");
        Map.Entry<String, String> resumed = Waits.until("a job resumed from a checkpoint after the JobManager's crash",
            Duration.ofMinutes(3), () -> resumedJob(deployment, crashed), Optional::isPresent).orElseThrow();
        step.check(resumed.getKey().startsWith(crashed.substring(0, 24)) && resumed.getValue().matches(".*/" + crashed + "/chk-[0-9]+"),
            "job " + resumed.getKey() + " restored " + resumed.getValue() + " after the JobManager's crash, not a checkpoint of"
                + " job " + crashed + " under an id of the same deployment");
        step.awaitJob(resumed.getKey(), VersionRun.PARALLELISM);
        step.onlyJob(resumed.getKey());
        ExactlyOnceChecker.Report committed = upgradedOutput.grewExactlyOnce("the JobManager's crash");
        steps.add("jobmanager-crash");

        // A restart nonce: cancelled, no savepoint, the pods back at their revisions, a new job without state. It writes
        // from the first number again into the upgrade's output, so no exactly-once check after it (as in run's).
        job = job.restartedBy(1);
        statelessTransition(deployment, scenario, gateway, step, job, "the stateless restart without HA", TransitionKind.RESTART, upgraded);
        steps.add("restart");

        return new SessionRun.Outcome(steps, firstJobSeconds, committed);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Flink " + version + " stateless application without HA, after " + steps + ": " + e.getMessage()
            + "; pods: " + deployment.pods().diagnostics(), e);
      }
    }
  }

  /** A job other than {@code crashed} that restored an externalized checkpoint, with its path; empty while there is none. */
  private static Optional<Map.Entry<String, String>> resumedJob(VersionRun.Deployment deployment, String crashed) {
    try {
      for (io.flinkstack.controller.flink.JobSummary job : deployment.flink().jobs()) {
        if (!job.id().equals(crashed) && !job.state().isGloballyTerminal()) {
          Optional<String> path = deployment.flink().checkpoints(job.id()).latestRestored()
              .flatMap(CheckpointOverview.Restored::externalPath);
          if (path.isPresent()) {
            return Optional.of(Map.entry(job.id(), path.get()));
          }
        }
      }
    } catch (RuntimeException e) {
      // The JobManager is away, or does not know the job yet.
    }
    return Optional.empty();
  }

  /**
   * Applies {@code job} and waits for its {@code kind} transition away from {@code before}'s job, one that keeps no state:
   * succeeded, no restore path, the last savepoint still {@code before}'s (none taken), the new job running alone from no
   * state, and the pods at a new revision (an upgrade) or at the revisions they had (a restart).
   */
  private static RuntimeStatus statelessTransition(VersionRun.Deployment deployment, Scenario scenario, KubernetesGateway gateway,
      SessionRun.Step step, VersionRun.Job job, String what, TransitionKind kind, RuntimeStatus before) {
    Map<String, String> revisions = LocalDeployment.podRevisions(gateway, VersionRun.NAMESPACE, VersionRun.NAME);
    Map<String, String> taskManagers = taskManagerUids(gateway);
    apply(deployment, scenario, job);
    RuntimeStatus after = step.awaitTransition(what, kind, before.jobId());
    step.check("succeeded".equals(after.lastTransition().outcome()) && after.lastTransition().restorePath() == null
        && java.util.Objects.equals(after.lastSavepoint(), before.lastSavepoint()),
        what + ": " + after.lastTransition() + ", its savepoint " + after.lastSavepoint() + ", before " + before.lastSavepoint());
    startedWithoutState(step, deployment, after.jobId(), what);
    Map<String, String> afterRevisions = LocalDeployment.podRevisions(gateway, VersionRun.NAMESPACE, VersionRun.NAME);
    boolean upgrade = kind == TransitionKind.UPGRADE;
    step.check(!afterRevisions.isEmpty() && afterRevisions.equals(revisions) != upgrade, "the pods' revisions after " + what + ": "
        + afterRevisions + (upgrade ? ", as before: " : ", not as before: ") + revisions);
    // Only the JobManager's template changed (the job's arguments) or none did. With HA the TaskManagers stay, and leader
    // retrieval tells them of the new JobManager; without HA they are replaced too, or they would find it only after
    // Flink's heartbeat timeout (about 45 s on 2.3 here; until 2026-12-08 they stayed and the new job waited for them).
    Map<String, String> afterTaskManagers = taskManagerUids(gateway);
    boolean replaced = afterTaskManagers.values().stream().noneMatch(taskManagers::containsValue);
    step.check(!afterTaskManagers.isEmpty() && (scenario.highAvailability() ? afterTaskManagers.equals(taskManagers) : replaced),
        "the TaskManager pods after " + what + (scenario.highAvailability() ? " (HA: kept): " : " (no HA: replaced): ") + afterTaskManagers
            + ", before: " + taskManagers);
    return after;
  }

  /** Each TaskManager pod's uid, by name (a pod recreated under its name has another). */
  private static Map<String, String> taskManagerUids(KubernetesGateway gateway) {
    Map<String, String> uids = new java.util.TreeMap<>();
    String set = io.flinkstack.contract.ClusterNames.taskManager(VersionRun.NAME);
    gateway.pods(VersionRun.NAMESPACE, Map.of(io.flinkstack.contract.Labels.INSTANCE, VersionRun.NAME)).stream()
        .filter(pod -> pod.name().startsWith(set + "-") && !pod.terminating()).forEach(pod -> uids.put(pod.name(), pod.uid()));
    return uids;
  }

  /** {@code jobId} runs with all its tasks, alone, and restored nothing. */
  private static void startedWithoutState(SessionRun.Step step, VersionRun.Deployment deployment, String jobId, String what) {
    step.awaitJob(jobId, VersionRun.PARALLELISM);
    step.onlyJob(jobId);
    Optional<CheckpointOverview.Restored> restored = deployment.flink().checkpoints(jobId).latestRestored();
    step.check(restored.isEmpty(), what + "'s job " + jobId + " restored " + restored);
  }

  /**
   * A suspend whose JobManager is killed once Flink completed the suspend's stop-with-savepoint and before the controller
   * read its result (until 2026-12-07 on Flink 1.20.3 only, {@code JobManagerKilledAfterSuspendStopTest}): the suspend
   * still ends SUSPENDED with no pods, recording the stop's own directory and no path it cannot know; the resume's
   * JobManager finds the savepoint in that directory with the version's own file systems, and its job restores exactly
   * the savepoint Flink reported before the kill. Returns the resumed status.
   */
  private static RuntimeStatus suspendWithJobManagerKilledAfterStop(VersionRun.Deployment deployment, Scenario scenario,
      VersionRun.Job job, SessionRun.Step step, AtomicReference<StepListener> listener, RuntimeStatus running, Path work) {
    StopKill kill = StopKill.arm(deployment, listener, running.jobId(), work);
    apply(deployment, scenario, job.withState(DesiredState.SUSPENDED));
    RuntimeStatus suspended = step.awaitStatus("the suspend whose JobManager was killed after the stop",
        status -> status.transition() == null && status.lastTransition() != null
            && status.lastTransition().kind() == TransitionKind.SUSPEND);
    listener.set(StepListener.NONE);
    String stopSavepoint = kill.stopSavepoint(step, "the suspend's");
    String directory = suspended.lastTransition().restoreDirectory();
    step.check("succeeded".equals(suspended.lastTransition().outcome()) && suspended.lifecycle() == LifecycleState.SUSPENDED
        && directory != null && suspended.lastTransition().restorePath() == null
        && java.net.URI.create(stopSavepoint).getPath().startsWith(java.net.URI.create(directory).getPath() + "/"),
        "the suspend whose JobManager was killed: " + suspended.lastTransition() + ", " + suspended.lifecycle()
            + ", not the directory of the stop's " + stopSavepoint);
    Waits.until("no pods", Duration.ofMinutes(2),
        () -> deployment.client().pods().inNamespace(VersionRun.NAMESPACE).list().getItems(), List::isEmpty);

    apply(deployment, scenario, job);
    RuntimeStatus resumed = step.awaitStatus("the resume after the suspend whose JobManager was killed",
        status -> status.lifecycle() == LifecycleState.STABLE && status.transition() == null && status.lastTransition() != null
            && status.lastTransition().kind() == TransitionKind.RESUME && status.jobId() != null);
    runsRestoredFromKilledStop(step, resumed, stopSavepoint, "the resume after the suspend");
    return resumed;
  }

  /**
   * {@code what} succeeded from {@code stopSavepoint} (the one a stop wrote before its JobManager was killed), and its job
   * runs alone at its parallelism, restored from exactly that savepoint by Flink's own statistics.
   */
  private static void runsRestoredFromKilledStop(SessionRun.Step step, RuntimeStatus status, String stopSavepoint, String what) {
    step.check("succeeded".equals(status.lastTransition().outcome()) && stopSavepoint.equals(status.lastTransition().restorePath()),
        what + " whose JobManager was killed after the stop: " + status.lastTransition() + ", not from the stop's " + stopSavepoint);
    step.awaitJob(status.jobId(), VersionRun.PARALLELISM);
    step.onlyJob(status.jobId());
    step.restoredFrom(status.jobId(), stopSavepoint, "the savepoint the stop wrote before the JobManager was killed");
  }

  /**
   * The JobManager killed once the next transition's stop-with-savepoint of {@code jobId} completed in Flink and before
   * the controller read its result (at {@link TransitionStep#STOP_TRIGGERED}): whether it was, and the savepoint Flink
   * reported just before (null if none).
   */
  private record StopKill(AtomicBoolean killed, AtomicReference<String> stopSavepoint) {
    static StopKill arm(VersionRun.Deployment deployment, AtomicReference<StepListener> listener, String jobId, Path work) {
      StopKill kill = new StopKill(new AtomicBoolean(), new AtomicReference<>());
      String jobManagerPod = ClusterNames.jobManager(VersionRun.NAME) + "-0";
      listener.set((reached, declaration) -> {
        if (reached == TransitionStep.STOP_TRIGGERED && kill.killed().compareAndSet(false, true)) {
          Waits.until("the job stopped", Duration.ofSeconds(30), () -> deployment.flink().job(jobId).state(),
              JobState::isGloballyTerminal);
          kill.stopSavepoint().set(deployment.flink().checkpoints(jobId).latestSavepoint()
              .map(CheckpointOverview.Completed::externalPath).orElse(null));
          awaitWholeResultEntry(work.resolve("ha"), jobId);
          deployment.pods().killProcess(jobManagerPod);
        }
      });
      return kill;
    }

    /** The savepoint the stop wrote before the kill; throws, naming {@code whose} stop, when there was no such kill. */
    String stopSavepoint(SessionRun.Step step, String whose) {
      step.check(killed.get() && stopSavepoint.get() != null, "the JobManager was not killed after " + whose
          + " completed stop: " + stopSavepoint.get());
      return stopSavepoint.get();
    }
  }

  /** The application's manifests with {@code job}, applied as GitOps would (the controller takes it from there). */
  private static void apply(VersionRun.Deployment deployment, Scenario scenario, VersionRun.Job job) {
    LocalDeployment.applyManifests(deployment.client(), VersionRun.NAMESPACE, VersionRun.synthesize(scenario, VersionRun.LOCAL_JAR, job,
        VersionRun.checkpoints(scenario.version()), false));
  }

  /**
   * Waits (at most 10 s) until the job result store's entry of {@code jobId} under the harness' HA directory is written
   * whole. Flink writes the entry (FileSystemJobResultStore) with its file system's create-and-write; an object store,
   * where the result store lives on a real cluster, shows an object only once it is written whole, but the local
   * directory standing in for it here shows the file from its creation: a JobManager killed in between left an empty
   * entry on 2.1, and every later JobManager failed to read it ("No content to map due to end-of-input") and exited.
   * Past the 10 s it says so on stderr and returns.
   */
  private static void awaitWholeResultEntry(Path haDirectory, String jobId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(haDirectory)) {
        List<Path> entries = files.filter(file -> file.getFileName().toString().startsWith(jobId)
            && file.getFileName().toString().endsWith(".json")).toList();
        if (!entries.isEmpty() && entries.stream().allMatch(ApplicationRun::nonEmpty)) {
          return;
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // a file renamed (dirty to clean) while listed: look again
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    // Not a failure of the run by itself (the kill goes on, and what follows checks the outcome), but said: a later
    // JobManager that fails reading the entry is then explained.
    System.err.println("[versions] the job result store's entry of job " + jobId + " under " + haDirectory
        + " was not written whole within 10 s; killing the JobManager anyway");
  }

  private static boolean nonEmpty(Path file) {
    try {
      return java.nio.file.Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
