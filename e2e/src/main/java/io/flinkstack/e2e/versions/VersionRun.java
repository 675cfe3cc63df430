package io.flinkstack.e2e.versions;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.harness.LocalZooKeeper;
import io.flinkstack.harness.pods.PodHarness;
import io.flinkstack.e2e.LocalServers;
import io.flinkstack.e2e.Waits;
import io.flinkstack.testjob.PortableJob;
import io.flinkstack.testjob.RangeSequenceJob;
import io.flinkstack.testjob.SequenceJobJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * One accepted Flink version run for real: an application synthesized for that version by the constructs, its
 * manifests applied to fabric8's mock API server, its pods run by the {@link PodHarness} on that version's own jars
 * ({@link FlinkDistribution}) — the JobManager's arguments reach that version's entrypoint parser as synthesized —
 * until the job is RUNNING at the declared parallelism, every subtask running. The job is {@link PortableJob}.
 *
 * <p>What the harness still rewrites is listed in docs/flink-versions.md (addresses and ports, object-store URIs to
 * local directories, Kubernetes HA to ZooKeeper, the metrics reporter; the {@code local://} jar to a file).
 */
public final class VersionRun {
  /** How the application is built. */
  public enum Jar {
    /** {@code local:///opt/flink/usrlib/…}: in the image (every version). */
    LOCAL,
    /** {@code http://127.0.0.1:…/…}: fetched by the JobManager (1.19+; refused before). */
    REMOTE
  }

  public record Scenario(FlinkVersion version, boolean highAvailability, Jar jar) {
    @Override
    public String toString() {
      return version + (highAvailability ? " ha" : " no-ha") + " " + jar.name().toLowerCase(java.util.Locale.ROOT) + "-jar";
    }
  }

  /**
   * Seconds from the pods' creation to the job running at its parallelism; then the runtime controller's REST calls
   * made against it ({@link ControllerRestCheck}).
   */
  public record Result(Scenario scenario, double runningSeconds, String jobId, ControllerRestCheck.Outcome rest) {}

  /**
   * For {@link ControllerRestCheck}: a checkpoint every 2 s (the constructs' default is a minute), and 100 of them kept,
   * so that the one Flink names latest is still on disk when the check looks (with one kept, Flink had deleted it: a
   * 2.3 run saw that). The key was renamed in 1.20 (both names are in its CheckpointingOptions and 2.0's; only the old
   * one before). And the JobManager's metric fetcher every second (10 s by default), so that the live autoscaler's reads
   * in the check see its counters move without waiting for it.
   */
  static Map<String, String> checkpoints(FlinkVersion version) {
    // A TaskManager finds a JobManager that came back without HA (ApplicationRun's crash) only once the heartbeat with
    // the one before timed out: 50 s by default, measured 48 s on 2.3 here; 10 s keeps the runs short. In milliseconds,
    // which every version reads (1.x a long, 2.x a duration without unit).
    return Map.of("execution.checkpointing.interval", "2 s",
        version.isAtLeast(FlinkVersion.V1_20) ? "execution.checkpointing.num-retained" : "state.checkpoints.num-retained", "100",
        "metrics.fetcher.update-interval", "1000",
        "heartbeat.timeout", "10000");
  }

  static final String NAME = "versions";
  static final String NAMESPACE = "flink";
  static final String LOCAL_JAR = "local:///opt/flink/usrlib/portable-job.jar";
  static final int PARALLELISM = 2;
  /** The most TaskManagers an autoscaled scenario's HPA may run ({@link RescaleRun}). */
  static final int AUTOSCALED_MAX_TASK_MANAGERS = 2;
  private static final Duration WAIT = Duration.ofMinutes(3);

  private VersionRun() {}

  /** The manifests of the scenario's application, as {@code cdk8s synth} writes them. */
  public static String synthesize(Scenario scenario, String jarUri) {
    return synthesize(scenario, jarUri, List.of(), Map.of());
  }

  /** With the job's program arguments and more Flink configuration. */
  public static String synthesize(Scenario scenario, String jarUri, List<String> args, Map<String, String> configuration) {
    return synthesize(scenario, jarUri, Job.of(args), configuration, false);
  }

  /**
   * What the application's job is given: its program arguments, desired state ({@link ApplicationRun} suspends and
   * resumes it), entry class, readiness timeout (null: the controller's default), restart and redeploy nonces (null:
   * none) and upgrade mode (null: the default, savepoint: every cluster here has state storage).
   */
  public record Job(List<String> args, DesiredState state, String entryClass, String readinessTimeout, Long restartNonce,
      Long redeployNonce, UpgradeMode upgradeMode) {
    /** An entry class no image holds: the version's own entrypoint fails to start the job ({@link ApplicationRun}'s rollback). */
    static final String MISSING_ENTRY_CLASS = "io.flinkstack.testjob.NoSuchJob";

    public static Job of(List<String> args) {
      return new Job(args, DesiredState.RUNNING, PortableJob.class.getName(), null, null, null, null);
    }

    public Job withState(DesiredState value) {
      return new Job(args, value, entryClass, readinessTimeout, restartNonce, redeployNonce, upgradeMode);
    }

    /**
     * The exactly-once job ({@link RangeSequenceJob}) writing its committed output to {@code output} (a directory the
     * pods share with the run), pausing {@code pauseMillis} per number: its arguments change with the pause.
     */
    public static Job ranges(Path output, long pauseMillis) {
      return ranges(output, pauseMillis, RangeSequenceJob.RANGES);
    }

    /** As {@link #ranges(Path, long)}, the sequence cut into {@code ranges} (fewer than the readers: some finish). */
    public static Job ranges(Path output, long pauseMillis, int ranges) {
      return new Job(List.of("--output", output.toAbsolutePath().toString(), "--pause-ms", Long.toString(pauseMillis),
          "--ranges", Integer.toString(ranges)), DesiredState.RUNNING, RangeSequenceJob.class.getName(), null, null, null, null);
    }

    /**
     * The range job in a crash loop: each range fails {@code numbers} numbers on, at the same number after every
     * restart ({@code RangeSequenceJob}'s {@code --fail-after}).
     */
    public Job failingAfter(long numbers) {
      List<String> failing = new java.util.ArrayList<>(args);
      failing.addAll(List.of("--fail-after", Long.toString(numbers)));
      return new Job(List.copyOf(failing), state, entryClass, readinessTimeout, restartNonce, redeployNonce, upgradeMode);
    }

    /** The job's entry class missing from the image, and the readiness timeout after which an upgrade to it is rolled back. */
    public Job neverRunning(String timeout) {
      return new Job(args, state, MISSING_ENTRY_CLASS, timeout, restartNonce, redeployNonce, upgradeMode);
    }

    /** With a {@code restartNonce}: a new value restarts the job from a savepoint of it, the template unchanged. */
    public Job restartedBy(long nonce) {
      return new Job(args, state, entryClass, readinessTimeout, nonce, redeployNonce, upgradeMode);
    }

    /** With a {@code redeployNonce}: a new value starts the job afresh, its state discarded. */
    public Job redeployedBy(long nonce) {
      return new Job(args, state, entryClass, readinessTimeout, restartNonce, nonce, upgradeMode);
    }

    /** With program arguments {@code value}: a new pod template. */
    public Job withArgs(List<String> value) {
      return new Job(value, state, entryClass, readinessTimeout, restartNonce, redeployNonce, upgradeMode);
    }

    /** In upgrade mode {@code value}: {@code stateless} cancels the job on a change and starts the new one without state. */
    public Job withUpgradeMode(UpgradeMode value) {
      return new Job(args, state, entryClass, readinessTimeout, restartNonce, redeployNonce, value);
    }
  }

  /**
   * With {@code autoscaled}: TaskManager autoscaling ({@link #AUTOSCALED_MAX_TASK_MANAGERS} at most, 1 at least) instead
   * of one fixed TaskManager, and the job's parallelism left to its default, the slots of the most TaskManagers
   * ({@link RescaleRun}).
   */
  public static String synthesize(Scenario scenario, String jarUri, Job job, Map<String, String> configuration, boolean autoscaled) {
    App app = new App();
    Chart chart = new Chart(app, "versions", ChartProps.builder().namespace(NAMESPACE).build());
    Map<String, String> config = new HashMap<>(configuration);
    if (jarUri.startsWith("http:")) {
      // The jar is served over plain http from 127.0.0.1; Flink refuses that unless told (https needs nothing).
      config.put("user.artifacts.raw-http-enabled", "true");
    }
    FlinkApplication.Builder builder = FlinkApplication.Builder.create(chart, NAME)
        .flinkVersion(scenario.version())
        .image("flink:" + scenario.version())
        .jarUri(jarUri)
        .entryClass(job.entryClass())
        .args(job.args())
        .taskSlots(PARALLELISM)
        .flinkConfiguration(config)
        .stateStorage(StateStorage.objectStore("s3://versions-state/" + NAME));
    if (autoscaled) {
      builder.autoscaling(HpaAutoscaler.builder().minReplicas(1).maxReplicas(AUTOSCALED_MAX_TASK_MANAGERS).build());
    } else {
      builder.parallelism(PARALLELISM).taskManagers(1);
    }
    if (scenario.highAvailability()) {
      builder.highAvailability(HighAvailability.builder().build());
    }
    if (job.state() != DesiredState.RUNNING || job.readinessTimeout() != null || job.restartNonce() != null
        || job.redeployNonce() != null || job.upgradeMode() != null) {
      builder.job(JobSettings.builder().state(job.state()).readinessTimeout(job.readinessTimeout())
          .restartNonce(job.restartNonce()).redeployNonce(job.redeployNonce()).upgradeMode(job.upgradeMode()).build());
    }
    builder.build();
    return String.join("---\n", AppSynthesizer.synthesize(app).stream().map(ChartManifest::yaml).toList());
  }

  /** Runs the scenario in {@code work}; throws with what was seen when the job does not run in time. */
  public static Result run(Scenario scenario, Path work) throws IOException {
    return run(scenario, work, false);
  }

  /**
   * As {@link #run(Scenario, Path)}; with {@code loseTaskManager} the REST check kills the TaskManager once and reads
   * the job's failure from Flink's exception history (about 20 s more).
   */
  public static Result run(Scenario scenario, Path work, boolean loseTaskManager) throws IOException {
    try (Deployment deployment = Deployment.start(scenario, work, List.of(), checkpoints(scenario.version()))) {
      JobDetails running = deployment.await("the job of " + scenario + " running at parallelism " + PARALLELISM,
          job -> job.isFullyRunning() && job.hasParallelism(PARALLELISM));
      double seconds = (System.nanoTime() - deployment.created) / 1e9;
      ControllerRestCheck.Outcome rest;
      try {
        rest = ControllerRestCheck.run(deployment.flink(), scenario.version(), running.id(),
            loseTaskManager ? () -> deployment.pods().killProcess(NAME + "-taskmanager-0") : null);
      } catch (RuntimeException e) {
        throw new IllegalStateException(scenario + ": the controller's REST calls: " + e.getMessage() + "; " + diagnosis(deployment.pods), e);
      }
      return new Result(scenario, seconds, running.id(), rest);
    }
  }

  /** A scenario's application applied to a mock API server and run by the pod harness until closed. */
  public static final class Deployment implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private HttpServer http;
    private LocalZooKeeper zooKeeper;
    private PodHarness pods;
    private FlinkRestClient flink;
    private final long created = System.nanoTime();

    private Deployment() {
      server = LocalServers.crudApiServer();
      client = server.createClient();
    }

    /** Applies the manifests and starts the pods; the job's program arguments and configuration as given. */
    public static Deployment start(Scenario scenario, Path work, List<String> args, Map<String, String> configuration)
        throws IOException {
      return start(scenario, work, Job.of(args), configuration, false);
    }

    /**
     * With the job as given (its program, arguments and settings) and, with {@code autoscaled}, TaskManager autoscaling
     * (see {@link VersionRun#synthesize(Scenario, String, Job, Map, boolean)}).
     */
    public static Deployment start(Scenario scenario, Path work, Job job, Map<String, String> configuration, boolean autoscaled)
        throws IOException {
      List<Path> jars = FlinkDistribution.jars(scenario.version());
      Path jobJar = SequenceJobJar.build(work.resolve("image"));
      Deployment d = new Deployment();
      try {
        String jarUri = LOCAL_JAR;
        if (scenario.jar() == Jar.REMOTE) {
          d.http = LocalServers.serve(jobJar, "portable-job.jar");
          jarUri = "http://127.0.0.1:" + d.http.getAddress().getPort() + "/portable-job.jar";
        }
        String manifests = synthesize(scenario, jarUri, job, configuration, autoscaled);
        for (HasMetadata object : d.client.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items()) {
          d.client.resource(object).inNamespace(NAMESPACE).create();
        }
        PodHarness.Builder builder = PodHarness.builder(d.client, NAMESPACE, NAME)
            .flinkClasspath(jars)
            .jar(LOCAL_JAR, jobJar)
            .workDirectory(work.resolve("pods"))
            // The job's output (program arguments name directories under work) for the test to read.
            .sharedDirectory(work)
            .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (scenario.highAvailability()) {
          d.zooKeeper = LocalZooKeeper.start(jars, work.resolve("zookeeper"), Duration.ofSeconds(60));
          builder.highAvailability(d.zooKeeper.connectString(), work.resolve("ha"));
        }
        d.pods = builder.start();
        d.flink = new FlinkRestClient(d.pods.restUrl(), Duration.ofSeconds(5));
        return d;
      } catch (IOException | RuntimeException e) {
        d.close();
        throw e;
      }
    }

    /** Waits until the cluster's (first) job satisfies {@code done}; throws with the pods' state otherwise. */
    public JobDetails await(String what, java.util.function.Predicate<JobDetails> done) {
      try {
        return Waits.until(what, WAIT, () -> firstJob(flink), job -> job.isPresent() && done.test(job.get())).orElseThrow();
      } catch (RuntimeException e) {
        throw new IllegalStateException(e.getMessage() + "; " + diagnosis(pods), e);
      }
    }

    /** The runtime controller's real reconciler and loop over this deployment's namespace, started (the caller closes it). */
    public ControllerLoop startController(KubernetesGateway gateway, ControllerSettings settings) {
      return startController(gateway, settings, StepListener.NONE);
    }

    /** As {@link #startController(KubernetesGateway, ControllerSettings)}, told each transition step it reaches. */
    public ControllerLoop startController(KubernetesGateway gateway, ControllerSettings settings, StepListener steps) {
      Reconciler reconciler = Reconciler.builder(gateway, pods.endpoints()).settings(settings).steps(steps).build();
      ControllerLoop loop = new ControllerLoop(gateway, reconciler, List.of(NAMESPACE), Duration.ofSeconds(1));
      loop.start();
      return loop;
    }

    /** What each step asks of the controller's status (the application's FlinkJob) and of Flink. */
    SessionRun.Step step(FlinkVersion version, KubernetesGateway gateway) {
      return new SessionRun.Step(version, gateway, flink, SessionRun.flinkJobName(client), pods);
    }

    /** The mock API server's client (the manifests are applied with it). */
    public KubernetesClient client() {
      return client;
    }

    public PodHarness pods() {
      return pods;
    }

    public FlinkRestClient flink() {
      return flink;
    }

    @Override
    public void close() {
      if (pods != null) {
        pods.close();
      }
      if (zooKeeper != null) {
        zooKeeper.close();
      }
      if (http != null) {
        http.stop(0);
      }
      client.close();
      server.destroy();
    }
  }

  /** The cluster's first job, whatever its state; empty while REST does not answer. */
  private static Optional<JobDetails> firstJob(FlinkRestClient flink) {
    try {
      List<JobSummary> jobs = flink.jobs();
      return jobs.isEmpty() ? Optional.empty() : Optional.of(flink.job(jobs.get(0).id()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** What the pods said: waiting reasons and the tail of the JobManager's log. */
  private static String diagnosis(PodHarness pods) {
    StringBuilder out = new StringBuilder();
    for (String pod : List.of(NAME + "-jobmanager-0", NAME + "-taskmanager-0")) {
      out.append(pod).append(": waiting=").append(pods.waiting(pod).orElse("-"));
      pods.logFile(pod).ifPresent(log -> {
        try {
          List<String> lines = Files.readAllLines(log);
          List<String> errors = lines.stream().filter(l -> l.contains("ERROR") || l.contains("Exception")).limit(5).toList();
          out.append(" log=").append(String.join(" | ", errors));
        } catch (IOException e) {
          out.append(" log unreadable");
        }
      });
      out.append("; ");
    }
    return out.toString();
  }
}
