package io.flinkstack.e2e.versions;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.HAConfig;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.local.LocalZooKeeper;
import io.flinkstack.controller.local.pods.PodHarness;
import io.flinkstack.e2e.LocalServers;
import io.flinkstack.e2e.Waits;
import io.flinkstack.testjob.PortableJob;
import io.flinkstack.testjob.SequenceJobJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  /** Seconds from the pods' creation to the job running at its parallelism. */
  public record Result(Scenario scenario, double runningSeconds, String jobId) {}

  static final String NAME = "versions";
  static final String NAMESPACE = "flink";
  static final String LOCAL_JAR = "local:///opt/flink/usrlib/portable-job.jar";
  static final int PARALLELISM = 2;
  private static final Duration WAIT = Duration.ofMinutes(3);

  private VersionRun() {}

  /** The manifests of the scenario's application, as {@code cdk8s synth} writes them. */
  public static String synthesize(Scenario scenario, String jarUri) {
    App app = new App();
    Chart chart = new Chart(app, "versions", ChartProps.builder().namespace(NAMESPACE).build());
    FlinkApplication.Builder builder = FlinkApplication.Builder.create(chart, NAME)
        .flinkVersion(scenario.version())
        .image("flink:" + scenario.version())
        .jarUri(jarUri)
        .entryClass(PortableJob.class.getName())
        .parallelism(PARALLELISM)
        .taskManagers(1)
        .taskSlots(PARALLELISM)
        .stateStorage(StateStorage.objectStore("s3://versions-state/" + NAME));
    if (scenario.highAvailability()) {
      builder.highAvailability(HAConfig.builder().build());
    }
    if (jarUri.startsWith("http:")) {
      // The jar is served over plain http from 127.0.0.1; Flink refuses that unless told (https needs nothing).
      builder.flinkConfiguration(java.util.Map.of("user.artifacts.raw-http-enabled", "true"));
    }
    builder.build();
    return String.join("---\n", AppSynthesizer.synthesize(app).stream().map(ChartManifest::yaml).toList());
  }

  /** Runs the scenario in {@code work}; throws with what was seen when the job does not run in time. */
  public static Result run(Scenario scenario, Path work) throws IOException {
    List<Path> jars = FlinkDistribution.jars(scenario.version());
    Path jobJar = SequenceJobJar.build(work.resolve("image"));
    HttpServer http = null;
    KubernetesMockServer server = LocalServers.crudApiServer();
    KubernetesClient client = server.createClient();
    LocalZooKeeper zooKeeper = null;
    PodHarness pods = null;
    try {
      String jarUri = LOCAL_JAR;
      if (scenario.jar() == Jar.REMOTE) {
        http = LocalServers.serve(jobJar, "portable-job.jar");
        jarUri = "http://127.0.0.1:" + http.getAddress().getPort() + "/portable-job.jar";
      }
      long created = System.nanoTime();
      for (HasMetadata object : client.load(new ByteArrayInputStream(synthesize(scenario, jarUri).getBytes(StandardCharsets.UTF_8))).items()) {
        client.resource(object).inNamespace(NAMESPACE).create();
      }
      PodHarness.Builder builder = PodHarness.builder(client, NAMESPACE, NAME)
          .flinkClasspath(jars)
          .jar(LOCAL_JAR, jobJar)
          .workDirectory(work.resolve("pods"))
          .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      if (scenario.highAvailability()) {
        zooKeeper = LocalZooKeeper.start(jars, work.resolve("zookeeper"), Duration.ofSeconds(60));
        builder.highAvailability(zooKeeper.connectString(), work.resolve("ha"));
      }
      pods = builder.start();
      FlinkRestClient flink = new FlinkRestClient(pods.restUrl(), Duration.ofSeconds(5));
      PodHarness harness = pods;
      JobDetails running;
      try {
        running = Waits.until("the job of " + scenario + " running at parallelism " + PARALLELISM, WAIT, () -> runningJob(flink),
            job -> job.isPresent() && job.get().isFullyRunning() && job.get().hasParallelism(PARALLELISM)).orElseThrow();
      } catch (RuntimeException e) {
        throw new IllegalStateException(e.getMessage() + "; " + diagnosis(harness), e);
      }
      return new Result(scenario, (System.nanoTime() - created) / 1e9, running.id());
    } finally {
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

  private static Optional<JobDetails> runningJob(FlinkRestClient flink) {
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
