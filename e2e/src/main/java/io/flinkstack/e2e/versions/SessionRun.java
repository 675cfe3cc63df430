package io.flinkstack.e2e.versions;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flinkstack.constructs.FlinkSessionCluster;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.SessionJob;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.controller.flink.CheckpointOverview;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.status.RuntimeStatusJson;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;

import io.flinkstack.controller.hashing.Sha256;
import io.flinkstack.e2e.LocalDeployment;
import io.flinkstack.e2e.LocalServers;
import io.flinkstack.e2e.Waits;
import io.flinkstack.harness.pods.PodHarness;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.testjob.RangeSequenceJob;
import io.flinkstack.testjob.SequenceJobJar;
import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * A session cluster of one Flink version, synthesized by the constructs and run by the pod harness from that version's
 * own jars (its {@code jobmanager} and {@code taskmanager} entrypoints: no {@code flink-container} needed, so 1.19 runs
 * too), and one session job on it that the runtime controller — its real reconciler, through fabric8's mock API server —
 * carries through its transitions: the submission (the controller downloads the job's jar from 127.0.0.1 over http,
 * checks its digest, uploads it to the JobManager and runs it under a job id of its own), an upgrade in savepoint mode
 * (the parallelism 2 → 1: stop-with-savepoint, the jar fetched again, the new job run from that savepoint), a rollback
 * of an upgrade to an entry class the jar lacks (the version's own jar run endpoint refuses it; past the readiness
 * timeout the job before is submitted again from the failing upgrade's savepoint; until 2026-12-07 on 1.20.3 only), a suspend
 * (stop-with-savepoint, no job left), a resume from the suspend's savepoint, a restart nonce (stop-with-savepoint, the
 * job submitted again from it), a redeploy nonce (the job cancelled, no savepoint, the new one without state) and the
 * FlinkJob's deletion (its finalizer stops the job with a savepoint and records it in a FlinkSnapshot). After each,
 * Flink is asked what it did: the job's parallelism, the old job FINISHED (CANCELED by the redeploy), and the savepoint
 * the new job restored ({@code latestRestored} in its checkpoint statistics) being the one the controller recorded. Until 2026-12-07 the transitions ran on Flink 1.20.3
 * only (the harness module's test classpath).
 *
 * <p>The job is {@link RangeSequenceJob} (SequenceJob's shape on API every version has: 2.0 removed the source function
 * SequenceJob reads from): after the submission and each transition that keeps the state (upgrade, rollback, resume,
 * restart) its committed output must have grown and be exactly once ({@link CommittedOutput}). The redeploy discards the
 * state, as declared, so its job writes the numbers again: no check after it.
 */
public final class SessionRun {
  static final String NAMESPACE = "flink";
  static final String CLUSTER = "sessions";
  static final String JOB = "portable";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private SessionRun() {}

  /**
   * The steps that ran, in order, the seconds from the pods' creation to the first job running, and the last look at
   * the job's committed output (null: a run without the exactly-once job).
   */
  public record Outcome(List<String> steps, double firstJobSeconds, ExactlyOnceChecker.Report committed) {
    public Outcome(List<String> steps, double firstJobSeconds) {
      this(steps, firstJobSeconds, null);
    }

    @Override
    public String toString() {
      return String.join(",", steps) + (committed == null ? "" : "; committed output exactly once: " + committed.records()
          + " records in " + committed.files() + " files");
    }
  }

  /** The job's jar: its URI and sha256 digest. */
  record Jar(String uri, String sha256) {}

  /**
   * The manifests, as {@code cdk8s synth} writes them: the session cluster and its job from {@code jar}, at
   * {@code parallelism}, given what {@code job} holds (arguments, entry class, desired state, readiness timeout and
   * nonces: {@link VersionRun.Job}, the application runs' too).
   */
  static String synthesize(FlinkVersion version, Jar jar, int parallelism, VersionRun.Job job) {
    return synthesize(version, jar, parallelism, job, Map.of());
  }

  /** As above, every pod of the session cluster annotated with {@code podAnnotations} (a change of its templates). */
  static String synthesize(FlinkVersion version, Jar jar, int parallelism, VersionRun.Job job, Map<String, String> podAnnotations) {
    App app = new App();
    Chart chart = new Chart(app, "sessions", ChartProps.builder().namespace(NAMESPACE).build());
    FlinkSessionCluster cluster = FlinkSessionCluster.Builder.create(chart, CLUSTER)
        .flinkVersion(version)
        .image("flink:" + version)
        .taskManagers(1)
        .taskSlots(2)
        .stateStorage(StateStorage.objectStore("s3://versions-state/" + CLUSTER))
        .podAnnotations(podAnnotations)
        .build();
    SessionJob.Builder.create(chart, JOB)
        .cluster(cluster)
        .jarUri(jar.uri())
        .jarSha256(jar.sha256())
        .entryClass(job.entryClass())
        .args(job.args())
        .parallelism(parallelism)
        .job(JobSettings.builder().upgradeMode(job.upgradeMode() != null ? job.upgradeMode() : UpgradeMode.SAVEPOINT).state(job.state()).restartNonce(job.restartNonce())
            .redeployNonce(job.redeployNonce()).readinessTimeout(job.readinessTimeout()).build())
        .build();
    return String.join("---\n", AppSynthesizer.synthesize(app).stream().map(ChartManifest::yaml).toList());
  }

  /** Runs the session cluster of {@code version} in {@code work}; throws naming the step and what was seen. */
  public static Outcome run(FlinkVersion version, Path work) throws IOException {
    List<Path> jars = FlinkDistribution.jars(version);
    Path jobJar = SequenceJobJar.build(work.resolve("jars"));
    String sha256 = Sha256.hex(Files.readAllBytes(jobJar));
    KubernetesMockServer server = LocalServers.crudApiServer();
    var http = LocalServers.serve(jobJar, "portable-job.jar");
    String jarUri = "http://127.0.0.1:" + http.getAddress().getPort() + "/portable-job.jar";
    CommittedOutput output = new CommittedOutput(work.resolve("output"));
    Jar jar = new Jar(jarUri, sha256);
    VersionRun.Job job = VersionRun.Job.ranges(output.directory(), 5);
    long created = System.nanoTime();
    try (KubernetesClient client = server.createClient();
        PodHarness pods = startPods(client, jars, work, output.directory(), synthesize(version, jar, 2, job))) {
      KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
      FlinkRestClient flink = new FlinkRestClient(pods.restUrl(), Duration.ofSeconds(10));
      // The jar is served over plain http from 127.0.0.1, which the controller's fetcher refuses unless told (as the
      // harness' session tests and the rescale bench tell it); the digest is declared and checked either way.
      JobSubmitter submitter = new JobSubmitter(JarFetcher.builder(work.resolve("jar-cache")).allowInsecureHttp(true).build());
      Reconciler reconciler = Reconciler.builder(gateway, pods.endpoints()).settings(ControllerSettings.defaults())
          .submitter(submitter).build();
      List<String> steps = new ArrayList<>();
      try (ControllerLoop controller = new ControllerLoop(gateway, reconciler, List.of(NAMESPACE), Duration.ofSeconds(1))) {
        controller.start();
        String name = flinkJobName(client);
        Step step = new Step(version, gateway, flink, name, pods);

        RuntimeStatus submitted = step.awaitStatus("the submission", status -> status.lifecycle() == LifecycleState.STABLE
            && status.jobId() != null);
        step.awaitJob(submitted.jobId(), 2);
        double firstJobSeconds = (System.nanoTime() - created) / 1e9;
        output.grewExactlyOnce("the submission");
        steps.add("submit");

        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job));
        RuntimeStatus upgraded = step.awaitStatus("the upgrade to parallelism 1", status -> status.transition() == null
            && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.UPGRADE);
        step.check("succeeded".equals(upgraded.lastTransition().outcome()), "the upgrade: " + upgraded.lastTransition());
        step.check(!submitted.jobId().equals(upgraded.jobId()), "the upgrade kept job " + upgraded.jobId());
        step.awaitJob(upgraded.jobId(), 1);
        step.finished(submitted.jobId());
        step.restoredFrom(upgraded.jobId(), upgraded, SavepointTrigger.UPGRADE);
        output.grewExactlyOnce("the upgrade");
        steps.add("upgrade");

        // What the controller does when the JobManager restarted after a stop and the stop's result is lost: the version's
        // own JobManager lists the stop's own directory (the bundled SQL runner's SavepointLocator, through the version's
        // jar plan endpoint) and names the savepoint the stop wrote there.
        String upgradeSavepoint = upgraded.lastSavepoint().path();
        String stopDirectory = upgradeSavepoint.substring(0, upgradeSavepoint.lastIndexOf('/'));
        Optional<String> located = submitter.locateStopSavepoint(flink, stopDirectory);
        step.check(located.isPresent() && located.get().endsWith(upgradeSavepoint.substring(upgradeSavepoint.lastIndexOf('/'))),
            "the savepoint locator found " + located + " in " + stopDirectory + ", where the upgrade's stop wrote " + upgradeSavepoint);
        steps.add("locate");

        // An upgrade to an entry class the jar lacks: the version's own jar run endpoint refuses each submission; past the
        // readiness timeout (counted from the old job's stop) the job submitted before is submitted again, restored from
        // the failing upgrade's own savepoint of it.
        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job.neverRunning("20 s")));
        RuntimeStatus rolledBack = step.awaitStatus("the rollback of an upgrade whose job is refused", status -> status.transition() == null
            && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.ROLLBACK);
        step.check("succeeded".equals(rolledBack.lastTransition().outcome()) && rolledBack.lifecycle() == LifecycleState.STABLE
            && rolledBack.rolledBack() != null, "the rollback: " + rolledBack.lastTransition() + ", " + rolledBack.lifecycle());
        step.check(upgraded.jobId().equals(rolledBack.lastSavepoint().jobId()) && !upgraded.jobId().equals(rolledBack.jobId()),
            "the rollback's job " + rolledBack.jobId() + ", its savepoint " + rolledBack.lastSavepoint() + ": not of job " + upgraded.jobId());
        step.check(upgraded.deployedSpec().equals(rolledBack.deployedSpec()), "the rollback runs spec " + rolledBack.deployedSpec()
            + ", not the one before the failing upgrade, " + upgraded.deployedSpec());
        step.awaitJob(rolledBack.jobId(), 1);
        step.finished(upgraded.jobId());
        step.restoredFrom(rolledBack.jobId(), rolledBack, SavepointTrigger.UPGRADE);
        output.grewExactlyOnce("the rollback");
        steps.add("rollback");

        // A crash loop (the job fails at the same number after every restart from a checkpoint: the session cluster's
        // default restart strategy restarts it): no savepoint can be taken, so the declaration before it is submitted
        // again from the looping job's latest completed checkpoint, which Flink's checkpoint history names.
        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job.failingAfter(2_000)));
        RuntimeStatus loopingJob = step.awaitTransition("the upgrade to a job that will loop", TransitionKind.UPGRADE, rolledBack.jobId());
        step.check("succeeded".equals(loopingJob.lastTransition().outcome()), "the upgrade to a job that will loop: "
            + loopingJob.lastTransition());
        Waits.until("job " + loopingJob.jobId() + " to fail and restart", WAIT, () -> flink.job(loopingJob.jobId()).state(),
            state -> state == JobState.RESTARTING || state == JobState.FAILED);
        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job));
        RuntimeStatus fixed = step.awaitTransition("the upgrade out of the crash loop", TransitionKind.UPGRADE, loopingJob.jobId());
        String fromLoop = step.upgradedOutOfLoop(fixed, loopingJob);
        step.awaitJob(fixed.jobId(), 1);
        step.restoredFrom(fixed.jobId(), fromLoop, "the looping job's state");
        output.grewExactlyOnce("the upgrade out of the crash loop");
        steps.add("crash-loop");

        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job.withState(DesiredState.SUSPENDED)));
        RuntimeStatus suspended = step.awaitStatus("the suspend", status -> status.lifecycle() == LifecycleState.SUSPENDED
            && status.transition() == null);
        step.check(suspended.lastSavepoint() != null && suspended.lastSavepoint().trigger() == SavepointTrigger.SUSPEND,
            "the suspend recorded no savepoint of its own: " + suspended.lastSavepoint());
        step.finished(fixed.jobId());
        steps.add("suspend");

        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job));
        RuntimeStatus resumed = step.awaitStatus("the resume", status -> status.lifecycle() == LifecycleState.STABLE
            && status.transition() == null && status.jobId() != null && !status.jobId().equals(fixed.jobId()));
        step.awaitJob(resumed.jobId(), 1);
        step.restoredFrom(resumed.jobId(), resumed, SavepointTrigger.SUSPEND);
        output.grewExactlyOnce("the resume");
        steps.add("resume");

        // A restart nonce, in savepoint mode: stop-with-savepoint, the same declaration submitted again from it.
        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job.restartedBy(1)));
        RuntimeStatus restarted = step.awaitTransition("the restart", TransitionKind.RESTART, resumed.jobId());
        step.check("succeeded".equals(restarted.lastTransition().outcome()), "the restart: " + restarted.lastTransition());
        step.awaitJob(restarted.jobId(), 1);
        step.finished(resumed.jobId());
        step.check(!restarted.lastSavepoint().equals(resumed.lastSavepoint()), "the restart recorded no savepoint of its own");
        step.restoredFrom(restarted.jobId(), restarted.lastSavepoint().path(), "the restart's savepoint");
        output.grewExactlyOnce("the restart");
        steps.add("restart");

        // The session cluster's own template changed (a pod annotation here; its image, memory or configuration alike):
        // Kubernetes rolls its pods with the job running (a session cluster's pods are not gated), and its JobManager,
        // without HA, loses the job. The controller records it LOST and submits it again from its latest retained
        // checkpoint, which the version's own JobManager finds in the job's checkpoint directory with the cluster's file
        // systems. Until 2026-12-08 the controller only reported the job gone.
        String lostJob = restarted.jobId();
        Waits.until("a completed checkpoint of job " + lostJob, WAIT, () -> flink.checkpoints(lostJob).latestCompleted(),
            Optional::isPresent);
        Map<String, String> rolled = Map.of("example.com/generation", "2");
        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job.restartedBy(1), rolled));
        RuntimeStatus recovered = step.awaitTransition("the lost job submitted again", TransitionKind.RESTART, lostJob);
        String fromCheckpoint = recovered.lastTransition().restorePath();
        step.check("succeeded".equals(recovered.lastTransition().outcome()) && fromCheckpoint != null
            && fromCheckpoint.matches(".*/" + lostJob + "/chk-[0-9]+"), "the lost job submitted again: " + recovered.lastTransition()
            + ", not from a checkpoint of job " + lostJob);
        step.awaitJob(recovered.jobId(), 1);
        step.restoredFrom(recovered.jobId(), fromCheckpoint, "the lost job's latest checkpoint");
        ExactlyOnceChecker.Report committed = output.grewExactlyOnce("the lost job submitted again");
        steps.add("lost");

        // A redeploy nonce: the state discarded, as asked: the job cancelled (whatever its state), no savepoint, the new
        // job started without state (no initialSavepointPath).
        LocalDeployment.applyManifests(client, NAMESPACE, synthesize(version, jar, 1, job.restartedBy(1).redeployedBy(1), rolled));
        RuntimeStatus redeployed = step.awaitTransition("the redeploy", TransitionKind.REDEPLOY, recovered.jobId());
        step.check("succeeded".equals(redeployed.lastTransition().outcome()), "the redeploy: " + redeployed.lastTransition());
        step.awaitJob(redeployed.jobId(), 1);
        JobState cancelled = flink.job(recovered.jobId()).state();
        step.check(cancelled == JobState.CANCELED, "job " + recovered.jobId() + " is " + cancelled + ", not CANCELED by a redeploy");
        step.check(redeployed.lastSavepoint().equals(recovered.lastSavepoint()), "a redeploy took a savepoint: "
            + redeployed.lastSavepoint());
        Optional<CheckpointOverview.Restored> restored = flink.checkpoints(redeployed.jobId()).latestRestored();
        step.check(restored.isEmpty(), "the redeployed job " + redeployed.jobId() + " restored " + restored);
        steps.add("redeploy");

        // Deleted: the FlinkJob's finalizer stops the job with a savepoint first and records it in a FlinkSnapshot.
        client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName(name).delete();
        Waits.until("the FlinkJob gone", WAIT, () -> client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName(name).get(),
            Objects::isNull);
        step.finished(redeployed.jobId());
        List<FlinkSnapshot> kept = client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).list().getItems().stream()
            .filter(snapshot -> name.equals(snapshot.getSpec().job)).toList();
        step.check(kept.size() == 1 && kept.get(0).getSpec().path != null, "the deleted job's final savepoint is not recorded"
            + " in one FlinkSnapshot: " + kept);
        Optional<String> finalSavepoint = flink.checkpoints(redeployed.jobId()).latestSavepoint()
            .map(CheckpointOverview.Completed::externalPath);
        step.check(finalSavepoint.equals(Optional.of(kept.get(0).getSpec().path)), "the FlinkSnapshot records "
            + kept.get(0).getSpec().path + ", Flink's latest savepoint of job " + redeployed.jobId() + " is " + finalSavepoint);
        steps.add("delete");
        return new Outcome(steps, firstJobSeconds, committed);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Flink " + version + " session cluster, after " + steps + ": " + e.getMessage()
            + "; pods: " + pods.diagnostics(), e);
      }
    } finally {
      http.stop(0);
      server.destroy();
    }
  }

  private static PodHarness startPods(KubernetesClient client, List<Path> jars, Path work, Path output, String manifests) {
    LocalDeployment.applyManifests(client, NAMESPACE, manifests);
    return PodHarness.builder(client, NAMESPACE, CLUSTER)
        .flinkClasspath(jars)
        .workDirectory(work.resolve("pods"))
        // The job's committed output, for the run to read.
        .sharedDirectory(output)
        .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
        .start();
  }

  static String flinkJobName(KubernetesClient client) {
    List<FlinkJob> jobs = client.resources(FlinkJob.class).inNamespace(NAMESPACE).list().getItems();
    if (jobs.size() != 1) {
      throw new IllegalStateException("the manifests hold " + jobs.size() + " FlinkJobs, not one");
    }
    return jobs.get(0).getMetadata().getName();
  }

  /** What each step asks of the controller's status and of Flink (also {@link ApplicationRun}'s). */
  record Step(FlinkVersion version, KubernetesGateway gateway, FlinkRestClient flink, String name, PodHarness pods) {
    RuntimeStatus awaitStatus(String what, java.util.function.Predicate<RuntimeStatus> done) {
      try {
        return Waits.until(what, WAIT, this::status, status -> status.isPresent() && done.test(status.get())).orElseThrow();
      } catch (RuntimeException e) {
        throw new IllegalStateException(e.getMessage() + "; the controller's status: " + status().map(Object::toString)
            .orElse("none"), e);
      }
    }

    /**
     * A transition of {@code kind} ended (no transition in the status, it the last one) with a job other than
     * {@code replacedJobId}.
     */
    RuntimeStatus awaitTransition(String what, TransitionKind kind, String replacedJobId) {
      return awaitStatus(what, status -> status.transition() == null && status.jobId() != null
          && !status.jobId().equals(replacedJobId) && status.lastTransition() != null && status.lastTransition().kind() == kind);
    }

    /** The application STABLE with a job, which Flink runs with all its tasks at {@code parallelism}. */
    RuntimeStatus awaitStableApplication(int parallelism) {
      RuntimeStatus stable = awaitStatus("the application STABLE", status -> status.lifecycle() == LifecycleState.STABLE
          && status.jobId() != null);
      awaitJob(stable.jobId(), parallelism);
      return stable;
    }

    Optional<RuntimeStatus> status() {
      return gateway.flinkJob(NAMESPACE, name).filter(job -> job.getStatus() != null && job.getStatus().runtime != null)
          .map(job -> RuntimeStatusJson.read(job.getStatus().runtime));
    }

    /** Waits until Flink runs {@code jobId} with all its tasks at {@code parallelism}. */
    void awaitJob(String jobId, int parallelism) {
      Waits.until("job " + jobId + " running at parallelism " + parallelism, WAIT, () -> {
        try {
          return Optional.of(flink.job(jobId));
        } catch (RuntimeException e) {
          return Optional.<JobDetails>empty();
        }
      }, job -> job.isPresent() && job.get().isFullyRunning() && job.get().hasParallelism(parallelism));
    }

    /**
     * {@code jobId} is the one job the JobManager runs: none recovered from HA data beside it (a job replaced before it
     * ended stays there for the next JobManager to recover).
     */
    void onlyJob(String jobId) {
      List<String> running = flink.jobs().stream().filter(job -> !job.state().isGloballyTerminal()).map(JobSummary::id).toList();
      check(running.equals(List.of(jobId)), "the JobManager runs " + running + ", not job " + jobId + " alone");
    }

    /**
     * The upgrade out of a crash loop ({@code fixed}) succeeded from the looping job's state: its latest completed
     * checkpoint, with no savepoint recorded, or, when the job happened to run between two failures long enough for
     * the stop-with-savepoint (2.x's exponential restart delay leaves it running about half the time), that savepoint
     * of it. Returns what it restored.
     */
    String upgradedOutOfLoop(RuntimeStatus fixed, RuntimeStatus looping) {
      String restored = fixed.lastTransition().restorePath();
      boolean fromCheckpoint = restored != null && restored.contains(looping.jobId()) && restored.contains("/chk-")
          && Objects.equals(fixed.lastSavepoint(), looping.lastSavepoint());
      boolean fromSavepoint = restored != null && fixed.lastSavepoint() != null && looping.jobId().equals(fixed.lastSavepoint().jobId())
          && restored.equals(fixed.lastSavepoint().path());
      check("succeeded".equals(fixed.lastTransition().outcome()) && (fromCheckpoint || fromSavepoint),
          "the upgrade out of the crash loop: " + fixed.lastTransition() + ", its savepoint " + fixed.lastSavepoint()
              + ": not from the state of job " + looping.jobId());
      return restored;
    }

    /** Flink reports {@code jobId} FINISHED: stopped with a savepoint, not cancelled or failed. */
    void finished(String jobId) {
      JobState state = flink.job(jobId).state();
      check(state == JobState.FINISHED, "job " + jobId + " is " + state + ", not FINISHED after its stop-with-savepoint");
    }

    /** Flink's statistics of {@code jobId} name the savepoint the controller recorded for {@code trigger} as restored. */
    void restoredFrom(String jobId, RuntimeStatus status, SavepointTrigger trigger) {
      check(status.lastSavepoint() != null && status.lastSavepoint().trigger() == trigger,
          "the controller recorded no " + trigger + " savepoint: " + status.lastSavepoint());
      restoredFrom(jobId, status.lastSavepoint().path(), "the " + trigger + " savepoint the controller recorded");
    }

    /** Flink's statistics of {@code jobId} name {@code path} as what it restored. */
    void restoredFrom(String jobId, String path, String what) {
      Optional<String> restored = Waits.until("job " + jobId + "'s restore in its checkpoint statistics", WAIT,
          () -> flink.checkpoints(jobId).latestRestored().flatMap(CheckpointOverview.Restored::externalPath),
          Optional::isPresent);
      check(restored.orElseThrow().equals(path), "job " + jobId + " restored " + restored.get() + ", not " + what + ", " + path);
    }

    void check(boolean ok, String what) {
      if (!ok) {
        throw new IllegalStateException(what);
      }
    }
  }
}
