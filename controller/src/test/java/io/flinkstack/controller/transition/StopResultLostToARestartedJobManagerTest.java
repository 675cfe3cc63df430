package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade's stop-with-savepoint completed, and its JobManager died before the controller saw the result. The
 * JobManager that takes over answers REST before it lists the job again: in application mode its bootstrap resubmits
 * the job and only then learns from the job result store that it FINISHED (Flink 1.20.3's log, under load in
 * {@code bench faults}: REST answering at 14:17:36.57, "Job … not found" to the controller at 14:17:37.26, "Ignoring
 * JobGraph submission … already reached a globally-terminal state" at 14:17:37.37). The controller took that moment's
 * empty job list for a job gone and failed the upgrade, and the stop's savepoint was never restored. It now waits for
 * the job to be listed ({@link JobTransitions#UNLISTED_GRACE}) and then restores from the stop's own directory. No Flink here: a
 * JDK HTTP server answers as that JobManager did, and each pass is given what the controller's observation saw.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StopResultLostToARestartedJobManagerTest {
  private static final String JOB = "532d2f1649c53593f0f3671d67400609";
  private static final String TRIGGER = "1e9f79bb9176d964208f46075e2db6b4";
  private static final String DIRECTORY = "s3://state/flink/savepoints/stop-" + TRIGGER;
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

  KubernetesClient client;
  @TempDir Path work;

  private HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StatusStore store;
  private JobTransitions transitions;
  private Declaration declaration;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      // What the new JobManager answered: it knows neither the trigger nor (from its REST handlers) the job.
      String body = path.contains("/savepoints/") ? "{\"errors\":[\"There is no savepoint operation with triggerId=" + TRIGGER + "\"]}"
          : "{\"errors\":[\"Job " + JOB + " not found\"]}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway);
    transitions = new JobTransitions(new StepMachine.Dependencies(new EventRecorder(gateway, clock),
        new ControllerMetrics(new SimpleMeterRegistry()), Duration.ofMillis(100), clock),
        gateway, new JobSubmitter(JarFetcher.builder(work.resolve("jar-cache")).build()),
        new Backoffs(Duration.ofMinutes(1), Duration.ofMinutes(10)), STOP_TIMEOUT);

    declaration = DeclarationFixture.application("flink", "afterstop").declaration(client);
    Transition stopping = new Transition(TransitionKind.UPGRADE, TransitionStep.STOP_TRIGGERED, UpgradeMode.SAVEPOINT, JOB, TRIGGER,
        null, "afterstop-jobmanager=afterstop-jobmanager-2", null, Map.of(), null, clock.instant(), clock.instant(), null, DIRECTORY);
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)), StatusEdit.of(RuntimeStatus.initial(null))
        .lifecycle(LifecycleState.UPGRADING).job(JOB, "RUNNING").transition(stopping).build());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void pass(Optional<ObservedJob> seen) {
    VersionedStatus status = store.read(declaration.identity(), RuntimeStatus.initial(null));
    Pass pass = new Pass(declaration, status, JobObservation.reachable(clock.instant(), seen),
        new FlinkClients(Duration.ofSeconds(2)).forUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
        store, (step, identity) -> { });
    transitions.run(pass);
  }

  private RuntimeStatus status() {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  @Test
  void aJobManagerThatDoesNotListTheJobYetIsWaitedForAndTheStopsDirectoryIsRestored() {
    clock.advance(Duration.ofSeconds(7));
    pass(Optional.empty());

    assertThat(status().transition()).as("not failed on an empty job list").isNotNull();
    assertThat(status().transition().step()).isEqualTo(TransitionStep.STOP_TRIGGERED);
    assertThat(status().lastTransition()).isNull();

    clock.advance(Duration.ofSeconds(1));
    pass(Optional.of(new ObservedJob(JOB, "flinkstack-lane-sequence", JobState.FINISHED, false, null, true)));

    Transition restoring = status().transition();
    assertThat(restoring).isNotNull();
    assertThat(restoring.restoresFromDirectory()).isTrue();
    assertThat(restoring.savepointDirectory()).isEqualTo(DIRECTORY);
    ConfigMap restore = client.configMaps().inNamespace("flink").withName(RestoreState.configMap("afterstop")).get();
    assertThat(restore).isNotNull();
    assertThat(restore.getData()).containsEntry(RestoreState.DIRECTORY_KEY, DIRECTORY).containsKey(RestoreState.RESOLVER_KEY);
  }

  @Test
  void aJobStillNotListedAfterTheGraceFailsTheUpgradeNamingTheDirectoryWhenTheJobManagerKeepsNoEndedJobs() {
    clock.advance(Duration.ofSeconds(7));
    pass(Optional.empty());
    assertThat(status().transition()).isNotNull();

    // This JobManager's configuration is not readable (404), so it is not known to keep ended jobs (HA with
    // job-result-store.delete-on-commit false): the stop may not have completed, and nothing is restored.
    clock.advance(JobTransitions.UNLISTED_GRACE);
    pass(Optional.empty());

    assertThat(status().transition()).isNull();
    assertThat(status().lastTransition().outcome()).isEqualTo("failed");
    assertThat(status().lastTransition().message()).contains("is gone").contains(DIRECTORY);
  }
}
