package io.flinkstack.e2e.bench;

import com.sun.net.httpserver.HttpServer;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RescaleResult;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobSpec;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JarRunRequest;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobVertex;
import io.flinkstack.controller.flink.RestoreMode;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.status.RuntimeStatusJson;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.e2e.FlinkClasspath;
import io.flinkstack.e2e.LocalDeployment;
import io.flinkstack.e2e.LocalServers;
import io.flinkstack.e2e.OutputWatcher;
import io.flinkstack.e2e.SequenceApplication;
import io.flinkstack.e2e.Waits;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.testjob.SequenceJob;
import io.flinkstack.testjob.SequenceJobJar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code flinkstack bench rescale}: rescaling on TaskManager changes, on real local Flink JVMs.
 * <ol>
 *   <li>In place: a synthesized application whose TaskManagers an HPA owns (adaptive scheduler), run by the pod
 *       harness; the bench plays the HPA and raises the TaskManager StatefulSet from 2 to 3 replicas. C is
 *       the time from that change to the job running with all tasks on the new slots; A the longest time
 *       around it without a newly committed record.</li>
 *   <li>Restart: a session job on a session cluster with Flink's default scheduler (no in-place rescaling);
 *       a TaskManager joins, the controller stops the job with a savepoint and resubmits it at the new
 *       parallelism. B is the longest time around it without a newly committed record.</li>
 * </ol>
 * Both jobs end with a check of their whole output. Last line:
 * {@code rescale inplace_gap_s=A restart_gap_s=B hpa_to_running_s=C lost=N duplicated=M}.
 */
public final class RescaleBench {
  private static final Duration WAIT = Duration.ofMinutes(3);
  /**
   * Output is committed at each checkpoint, so the interval is the floor of every gap measured here: 200 ms
   * keeps it below the rescale itself (both jobs).
   */
  private static final Duration CHECKPOINTS = Duration.ofMillis(200);
  private static final String NAMESPACE = "flink";
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private RescaleBench() {}

  private record Part(double gapSeconds, double hpaToRunningSeconds, ExactlyOnceChecker.Report report) {}

  public static void main(String[] args) throws Exception {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinkstack-bench-rescale");
    log("work directory " + work);
    Part inPlace = inPlace(work.resolve("in-place"));
    Part restart = restart(work.resolve("restart"));
    int lost = inPlace.report().lost().size() + restart.report().lost().size();
    int duplicated = inPlace.report().duplicated().size() + inPlace.report().unexpected().size()
        + restart.report().duplicated().size() + restart.report().unexpected().size();
    System.out.println(String.format(Locale.ROOT, "rescale inplace_gap_s=%.2f restart_gap_s=%.2f hpa_to_running_s=%.2f lost=%d duplicated=%d",
        inPlace.gapSeconds(), restart.gapSeconds(), inPlace.hpaToRunningSeconds(), lost, duplicated));
  }

  // ---- in place: an application under an HPA ------------------------------------------------------

  private static Part inPlace(Path work) throws IOException {
    SequenceApplication app = SequenceApplication.of("rescale", NAMESPACE, Files.createDirectories(work.resolve("output")))
        .withAutoscaledTaskManagers(4).withCheckpointInterval(CHECKPOINTS);
    ControllerSettings settings = ControllerSettings.defaults().withLookAgainInFlight(Duration.ofMillis(200));
    try (LocalDeployment deployment = LocalDeployment.start(app, work, settings, Duration.ofMillis(200));
        OutputWatcher output = new OutputWatcher(app.output(), app.lanes(), Duration.ofMillis(20))) {
      FlinkRestClient flink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(10));
      // The bench is the HPA: its own client, as the HPA controller would be.
      Fabric8KubernetesGateway hpa = new Fabric8KubernetesGateway(deployment.client());
      String taskManagers = ClusterNames.taskManager(app.name());
      hpa.scaleStatefulSet(NAMESPACE, taskManagers, 2);
      awaitApplication(deployment, "the job to run", status -> status.lifecycle() == LifecycleState.STABLE);
      Waits.until("2 TaskManagers", WAIT, () -> safe(() -> flink.overview().taskManagers()), count -> count != null && count == 2);
      Waits.until("the job at parallelism 2", WAIT, () -> runningAt(flink, deployment.status().map(RuntimeStatus::jobId).orElse(null)),
          p -> p == 2);
      Waits.until("committed output", WAIT, output::records, records -> records >= 200);
      log("in place: job running at 2 on 2 TaskManagers; committed " + output.records());

      Instant changed = Instant.now();
      hpa.scaleStatefulSet(NAMESPACE, taskManagers, 3);
      String jobId = deployment.status().orElseThrow().jobId();
      Waits.until("the job at parallelism 3", WAIT, () -> runningAt(flink, jobId), p -> p == 3);
      Instant running = Instant.now();
      RuntimeStatus rescaled = awaitApplication(deployment, "the rescale recorded", status -> status.rescale() == null
          && status.lastRescale() != null && status.lastRescale().to() == 3);
      RescaleResult result = rescaled.lastRescale();
      Instant resumed = Waits.until("output after the rescale", WAIT, () -> Optional.ofNullable(output.firstGrowthAfter(running)),
          Optional::isPresent).orElseThrow();
      double gap = seconds(output.longestGap(changed, resumed));
      double hpaToRunning = seconds(Duration.between(changed, running));
      log(String.format(Locale.ROOT, "in place: %d -> %d (%s, %.2f s recorded); replica change -> running at 3: %.2f s; longest gap %.2f s",
          result.from(), result.to(), result.method(), result.seconds() == null ? 0 : result.seconds(), hpaToRunning, gap));

      ExactlyOnceChecker.Report report = deployment.finishAndCheck(app, WAIT);
      log("in place: " + report);
      return new Part(gap, hpaToRunning, report);
    }
  }

  // ---- restart: a session job on a cluster without in-place rescaling -----------------------------

  private static Part restart(Path work) throws Exception {
    Path output = Files.createDirectories(work.resolve("output"));
    KubernetesMockServer server = LocalServers.crudApiServer();
    Path jar = SequenceJobJar.build(work.resolve("jar"));
    HttpServer jars = LocalServers.serve(jar, "sequence-job.jar");
    LocalFlinkCluster cluster = LocalFlinkCluster.builder(FlinkClasspath.jars()).taskManagers(2).slotsPerTaskManager(1)
        .workDirectory(work.resolve("cluster")).jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")).start();
    ControllerLoop controller = null;
    try (KubernetesClient client = server.createClient();
        OutputWatcher watcher = new OutputWatcher(output, SequenceJob.DEFAULT_LANES, Duration.ofMillis(20))) {
      Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
      FlinkRestClient flink = cluster.client();
      String jarUri = "http://127.0.0.1:" + jars.getAddress().getPort() + "/sequence-job.jar";
      declare(client, jarUri, output, "running");
      JobSubmitter submitter = new JobSubmitter(JarFetcher.builder(work.resolve("jar-cache")).allowInsecureHttp(true).build());
      Reconciler reconciler = Reconciler.builder(gateway, (namespace, service) -> cluster.restUrl())
          .settings(ControllerSettings.defaults().withLookAgainInFlight(Duration.ofMillis(200))).submitter(submitter).build();
      controller = new ControllerLoop(gateway, reconciler, List.of(NAMESPACE), Duration.ofMillis(200));
      controller.start();
      RuntimeStatus stable = awaitSessionJob(gateway, "the job to run", status -> status.lifecycle() == LifecycleState.STABLE);
      Waits.until("the job at parallelism 2", WAIT, () -> runningAt(flink, stable.jobId()), p -> p == 2);
      Waits.until("committed output", WAIT, watcher::records, records -> records >= 200);
      log("restart: job running at 2 on 2 TaskManagers (default scheduler); committed " + watcher.records());

      Instant changed = Instant.now();
      cluster.addTaskManager();
      RuntimeStatus rescaled = awaitSessionJob(gateway, "the restart rescale", status -> status.rescale() == null
          && status.lastRescale() != null && status.lastRescale().to() == 3 && status.transition() == null);
      Waits.until("the new job at parallelism 3", WAIT, () -> runningAt(flink, rescaled.jobId()), p -> p == 3);
      Instant running = Instant.now();
      Instant resumed = Waits.until("output after the rescale", WAIT, () -> Optional.ofNullable(watcher.firstGrowthAfter(running)),
          Optional::isPresent).orElseThrow();
      double gap = seconds(watcher.longestGap(changed, resumed));
      log(String.format(Locale.ROOT, "restart: %d -> %d (%s); TaskManager added -> running at 3: %.2f s; longest gap %.2f s",
          rescaled.lastRescale().from(), rescaled.lastRescale().to(), rescaled.lastRescale().method(),
          seconds(Duration.between(changed, running)), gap));

      declare(client, jarUri, output, "suspended");
      RuntimeStatus suspended = awaitSessionJob(gateway, "the suspend", status -> status.lifecycle() == LifecycleState.SUSPENDED);
      controller.close();
      controller = null;
      long end = ExactlyOnceChecker.checkPrefixes(output, SequenceJob.DEFAULT_LANES).highest() + 1 + 10L * SequenceJob.DEFAULT_LANES;
      String jarId = flink.uploadJar(jar);
      String last = flink.runJar(jarId, JarRunRequest.defaults().withEntryClass(SequenceJob.class.getName()).withParallelism(3)
          .withProgramArgs(arguments(output, end)).withSavepoint(suspended.lastSavepoint().path(), RestoreMode.NO_CLAIM));
      JobDetails finished = flink.awaitJob(last, details -> details.state().isGloballyTerminal(), WAIT);
      ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkComplete(output, SequenceJob.DEFAULT_LANES, end);
      log("restart: final run " + finished.state() + "; " + report);
      return new Part(gap, 0, report);
    } finally {
      if (controller != null) {
        controller.close();
      }
      cluster.stop();
      jars.stop(0);
      server.destroy();
    }
  }

  private static void declare(KubernetesClient client, String jarUri, Path output, String state) {
    FlinkJobSpec spec = new FlinkJobSpec();
    spec.cluster = "sessions";
    spec.kind = JobKind.JAR;
    spec.jarUri = jarUri;
    spec.entryClass = SequenceJob.class.getName();
    spec.args = arguments(output, null);
    spec.parallelism = 2;
    spec.parallelismMin = 1;
    spec.parallelismMax = 4;
    spec.upgradeMode = UpgradeMode.SAVEPOINT;
    spec.state = DesiredState.valueOf(state.toUpperCase(java.util.Locale.ROOT));
    FlinkJob job = new FlinkJob();
    job.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withNamespace(NAMESPACE).withName("sequence")
        .addToLabels(Labels.NAME, Labels.NAME_FLINK).addToLabels(Labels.INSTANCE, "sessions")
        .addToLabels(SessionJobs.LABEL_SESSION_CLUSTER, "sessions")
        .build());
    job.setSpec(spec);
    client.resources(FlinkJob.class).inNamespace(NAMESPACE).resource(job).createOr(existing -> existing.edit(stored -> {
      stored.setSpec(spec);
      return stored;
    }));
  }

  private static List<String> arguments(Path output, Long end) {
    List<String> args = new java.util.ArrayList<>(List.of("--output", output.toUri().toString(), "--lanes",
        Integer.toString(SequenceJob.DEFAULT_LANES), "--rate", "200.0", "--checkpoint-interval", Long.toString(CHECKPOINTS.toMillis())));
    if (end != null) {
      args.addAll(List.of("--end", Long.toString(end)));
    }
    return args;
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** The parallelism every task of the job runs at, or -1 while it is not running with all tasks at one value. */
  private static int runningAt(FlinkRestClient flink, String jobId) {
    if (jobId == null) {
      return -1;
    }
    Integer parallelism = safe(() -> {
      JobDetails job = flink.job(jobId);
      if (!job.isFullyRunning()) {
        return -1;
      }
      return job.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(-1);
    });
    return parallelism == null ? -1 : parallelism;
  }

  private static RuntimeStatus awaitApplication(LocalDeployment deployment, String what, Predicate<RuntimeStatus> done) {
    return deployment.awaitStatus(what, WAIT, done);
  }

  private static RuntimeStatus awaitSessionJob(Fabric8KubernetesGateway gateway, String what, Predicate<RuntimeStatus> done) {
    return Waits.until(what, WAIT, () -> gateway.flinkJob(NAMESPACE, "sequence")
            .filter(job -> job.getStatus() != null && job.getStatus().runtime != null)
            .map(job -> RuntimeStatusJson.read(job.getStatus().runtime)).orElse(null),
        status -> status != null && done.test(status));
  }

  private static <T> T safe(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static void log(String line) {
    System.out.println("bench rescale: " + line);
  }
}
