package io.flinkstack.controller.transition;

import io.flinkstack.controller.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.declaration.InvalidDeclarationException;
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
import io.flinkstack.controller.step.Outcome;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.step.Unrecorded;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.TestJobJar;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session job's upgrade fetches and checks its new jar before it stops the running job. No Flink: one JDK HTTP
 * server plays both the jar host and the JobManager's REST API, and records every request in order.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class UpgradeJarPrefetchTest {
  private static final String OLD_JOB = "0123456789abcdef0123456789abcdef";
  private static final String NEW_JAR = "/jars/enrich-1.1.jar";

  KubernetesClient client;
  @TempDir Path work;

  private HttpServer server;
  private static final String SAVEPOINTS = "s3://state/flink/savepoints/";
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> stopBodies = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, byte[]> jars = new ConcurrentHashMap<>();
  // Jar paths that answer 401 without exactly this Authorization header; what each jar request sent.
  private final Map<String, String> requiredAuthorization = new ConcurrentHashMap<>();
  private final List<String> jarAuthorizations = Collections.synchronizedList(new ArrayList<>());
  private final List<Enum<?>> steps = new ArrayList<>();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private byte[] testJar;
  private String testJarSha256;
  private StatusStore store;
  private JobTransitions transitions;
  private JobSubmitter submitter;

  @BeforeEach
  void start() throws Exception {
    testJar = Files.readAllBytes(TestJobJar.build(work.resolve("jar")));
    testJarSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(testJar));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      byte[] body;
      int status;
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (path.startsWith("/jars/")) {
        jarAuthorizations.add(path + " " + authorization);
      }
      if (requiredAuthorization.containsKey(path) && !requiredAuthorization.get(path).equals(authorization)) {
        status = 401;
        body = "unauthorized".getBytes(StandardCharsets.UTF_8);
      } else if (jars.containsKey(path)) {
        status = 200;
        body = jars.get(path);
      } else if (path.startsWith("/jars/")) {
        status = 404;
        body = "not found".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/jobmanager/config")) {
        status = 200;
        body = ("[{\"key\":\"execution.checkpointing.savepoint-dir\",\"value\":\"" + SAVEPOINTS + "\"}]").getBytes(StandardCharsets.UTF_8);
      } else if (exchange.getRequestMethod().equals("POST") && path.equals("/jobs/" + OLD_JOB + "/stop")) {
        stopBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        status = 202;
        body = "{\"request-id\":\"fedcba9876543210fedcba9876543210\"}".getBytes(StandardCharsets.UTF_8);
      } else {
        status = 500;
        body = "{\"errors\":[\"not expected in this test\"]}".getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();

    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway);
    submitter = new JobSubmitter(JarFetcher.builder(work.resolve("jar-cache")).allowInsecureHttp(true).build());
    transitions = newTransitions();
  }

  private JobTransitions newTransitions() {
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    return new JobTransitions(new StepMachine.Dependencies(new EventRecorder(gateway, clock),
        new ControllerMetrics(new SimpleMeterRegistry()), Duration.ofMillis(100), clock),
        gateway, submitter, new Backoffs(Duration.ofMinutes(1), Duration.ofMinutes(10)), Duration.ofMinutes(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String uri(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private DeclarationFixture declaration(String jarUri, String jarSha256) {
    return DeclarationFixture.sessionJob("flink", "sessions", "enrich")
        .set("jarUri", jarUri)
        .set("jarSha256", jarSha256)
        .set("entryClass", "io.example.Enrich")
        .set("parallelism", 2);
  }

  private Declaration read(DeclarationFixture fixture) {
    var configMap = fixture.apply(client);
    DeclarationReader reader = new DeclarationReader(10);
    try {
      DeclarationIdentity identity = reader.identify(configMap);
      return reader.read(identity, configMap);
    } catch (InvalidDeclarationException e) {
      throw new AssertionError(e);
    }
  }

  /** The status of a job that runs an older version of the declaration (deployed before the change). */
  private void runningTheOlderVersion(Declaration declaration) {
    RuntimeStatus running = StatusEdit.of(RuntimeStatus.initial(null))
        .lifecycle(LifecycleState.STABLE)
        .job(OLD_JOB, "RUNNING")
        .deployedSpec("older-spec-000")
        .build();
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)), running);
  }

  private Outcome pass(Declaration declaration) {
    VersionedStatus status = store.read(declaration.identity(), RuntimeStatus.initial(null));
    JobObservation observation = JobObservation.reachable(clock.instant(), Optional.of(
        new ObservedJob(OLD_JOB, "enrich", JobState.RUNNING, true, clock.instant().minusSeconds(600))));
    Pass pass = new Pass(declaration, status, observation,
        new FlinkClients(Duration.ofSeconds(2)).forUrl(URI.create(uri(""))), store, (step, identity) -> {
          steps.add(step);
          if (step == Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED) {
            throw new IllegalStateException("controller killed right after Flink accepted the stop");
          }
        });
    return transitions.run(pass);
  }

  private RuntimeStatus status(Declaration declaration) {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  private List<String> events() {
    return client.v1().events().inNamespace("flink").list().getItems().stream()
        .sorted(java.util.Comparator.comparing(event -> Long.parseLong(event.getMetadata().getResourceVersion())))
        .map(event -> event.getType() + "/" + event.getReason() + ": " + event.getMessage())
        .toList();
  }

  @Test
  void aNewJarAnswering404LeavesTheOldJobUntouchedAndIsRetriedAfterTheBackoff() {
    // A token in the query: it must not show anywhere.
    String jarUri = uri(NEW_JAR) + "?token=s3cr3t";
    Declaration declaration = read(declaration(jarUri, testJarSha256));
    runningTheOlderVersion(declaration);

    assertThat(pass(declaration)).isEqualTo(Outcome.DONE);

    assertThat(requests).as("the jar was asked for, Flink was not").containsExactly("GET " + NEW_JAR);
    assertThat(steps).as("nothing recorded").isEmpty();
    RuntimeStatus after = status(declaration);
    assertThat(after.transition()).isNull();
    assertThat(after.lastTransition()).isNull();
    assertThat(after.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(after.jobId()).isEqualTo(OLD_JOB);
    assertThat(after.deployedSpec()).isEqualTo("older-spec-000");
    assertThat(after.savepointBackoff()).as("periodic savepoints of the running job are not held back").isNull();
    assertThat(after.lastError().operation()).isEqualTo("transition");
    assertThat(after.lastError().message())
        .startsWith("upgrade not started: cannot fetch job jar " + uri(NEW_JAR) + "?***: the server answered HTTP 404")
        .contains("job " + OLD_JOB + " keeps running untouched")
        .contains("next attempt not before 2026-01-01T00:01:00Z")
        .doesNotContain("s3cr3t");
    assertThat(events()).singleElement().asString()
        .startsWith("Warning/UpgradeJarUnavailable: upgrade not started: cannot fetch job jar " + uri(NEW_JAR) + "?***")
        .contains("HTTP 404")
        .doesNotContain("s3cr3t");

    // Within the backoff: no request, no new Event.
    clock.advance(Duration.ofSeconds(30));
    pass(declaration);
    assertThat(requests).hasSize(1);
    assertThat(events()).hasSize(1);

    // After it: one more attempt, and the next wait is twice as long.
    clock.advance(Duration.ofSeconds(31));
    pass(declaration);
    assertThat(requests).containsExactly("GET " + NEW_JAR, "GET " + NEW_JAR);
    assertThat(status(declaration).lastError().message()).contains("next attempt not before 2026-01-01T00:03:01Z");
    assertThat(events()).hasSize(2).allSatisfy(event -> assertThat(event).startsWith("Warning/UpgradeJarUnavailable"));
    assertThat(steps).isEmpty();

    // The jar is published: after the backoff it is fetched first, and only then is the old job stopped.
    jars.put(NEW_JAR, testJar);
    clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> pass(declaration)).hasMessageContaining("controller killed");

    assertThat(requests).containsExactly("GET " + NEW_JAR, "GET " + NEW_JAR, "GET " + NEW_JAR, "GET /jobmanager/config", "POST /jobs/" + OLD_JOB + "/stop");
    assertThat(steps).containsExactly(TransitionStep.RECORDED, Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED);
    assertThat(status(declaration).transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(events()).last().asString().startsWith("Normal/UpgradeStarted");
    // The submission after the stop finds the jar in the cache (checked against its digest again, not downloaded).
    submitter.prefetch(declaration.job());
    assertThat(requests).hasSize(5);
  }

  @Test
  void aRestartedControllerKeepsTheBackoffItReadsFromTheStatus() {
    String jarUri = uri(NEW_JAR) + "?token=s3cr3t";
    Declaration declaration = read(declaration(jarUri, testJarSha256));
    runningTheOlderVersion(declaration);
    pass(declaration);
    assertThat(requests).containsExactly("GET " + NEW_JAR);
    assertThat(status(declaration).jarFetchBackoff()).satisfies(backoff -> {
      assertThat(backoff.backoff().failures()).isEqualTo(1);
      assertThat(backoff.jarKey()).matches("[0-9a-f]{64}").doesNotContain("s3cr3t");
    });

    // A new controller (nothing in memory) within the backoff: no request.
    transitions = newTransitions();
    clock.advance(Duration.ofSeconds(30));
    pass(declaration);
    assertThat(requests).as("held back by the status' backoff").hasSize(1);

    // After it: the next attempt, and the wait after it doubles (it continues the recorded backoff).
    clock.advance(Duration.ofSeconds(31));
    pass(declaration);
    assertThat(requests).hasSize(2);
    assertThat(status(declaration).jarFetchBackoff().backoff().failures()).isEqualTo(2);
    assertThat(status(declaration).lastError().message()).contains("next attempt not before 2026-01-01T00:03:01Z");

    // Published: the upgrade is recorded, and the backoff with it cleared.
    jars.put(NEW_JAR, testJar);
    clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> pass(declaration)).hasMessageContaining("controller killed");
    assertThat(status(declaration).transition()).isNotNull();
    assertThat(status(declaration).jarFetchBackoff()).isNull();
  }

  @Test
  void aNewJarWithAnotherDigestIsNotUsedAndFixingTheDigestIsTriedAtOnce() {
    jars.put(NEW_JAR, testJar);
    String wrong = "0".repeat(64);
    Declaration declaration = read(declaration(uri(NEW_JAR), wrong));
    runningTheOlderVersion(declaration);

    pass(declaration);

    assertThat(requests).containsExactly("GET " + NEW_JAR);
    assertThat(steps).isEmpty();
    assertThat(status(declaration).transition()).isNull();
    assertThat(status(declaration).lastError().message()).contains("its SHA-256 is " + testJarSha256 + ", not the declared jarSha256 " + wrong);
    assertThat(events()).singleElement().asString().startsWith("Warning/UpgradeJarUnavailable");

    // The digest is not part of the spec digest, but it is part of what was fetched: no backoff holds the fix back.
    Declaration fixed = read(declaration(uri(NEW_JAR), testJarSha256));
    assertThatThrownBy(() -> pass(fixed)).hasMessageContaining("controller killed");
    assertThat(requests).containsExactly("GET " + NEW_JAR, "GET " + NEW_JAR, "GET /jobmanager/config", "POST /jobs/" + OLD_JOB + "/stop");
  }

  @Test
  void jarCredentialsComeFromASecretReachTheJarHostAndShowNowhere() {
    String token = "jar-token-5ecr3t";
    jars.put(NEW_JAR, testJar);
    requiredAuthorization.put(NEW_JAR, "Bearer " + token);
    Declaration declaration = read(declaration(uri(NEW_JAR), testJarSha256)
        .set("jarCredentials", Map.of("secretName", "artifacts", "key", "token")));
    runningTheOlderVersion(declaration);

    // No Secret yet: the upgrade does not start, and says which Secret and key it needs, like any jar it cannot fetch.
    assertThat(pass(declaration)).isEqualTo(Outcome.DONE);
    assertThat(requests).as("nothing fetched without the credentials").isEmpty();
    assertThat(steps).isEmpty();
    assertThat(status(declaration).lastError().message())
        .startsWith("upgrade not started: cannot fetch job jar " + uri(NEW_JAR) + ": the jarCredentials' Secret"
            + " flink/artifacts, key token does not exist")
        .contains("next attempt not before 2026-01-01T00:01:00Z");
    assertThat(status(declaration).jarFetchBackoff()).isNotNull();
    assertThat(events()).singleElement().asString().startsWith("Warning/UpgradeJarUnavailable")
        .contains("Secret flink/artifacts, key token does not exist");

    // The Secret appears (made from a file: a trailing newline); after the backoff the jar is fetched with it.
    client.secrets().inNamespace("flink").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("artifacts").endMetadata()
        .addToData("token", java.util.Base64.getEncoder().encodeToString((token + "\n").getBytes(StandardCharsets.UTF_8)))
        .build()).create();
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> pass(declaration)).hasMessageContaining("controller killed");

    assertThat(jarAuthorizations).containsExactly(NEW_JAR + " Bearer " + token);
    assertThat(requests).containsExactly("GET " + NEW_JAR, "GET /jobmanager/config", "POST /jobs/" + OLD_JOB + "/stop");
    assertThat(steps).containsExactly(TransitionStep.RECORDED, Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED);
    // The value is in no Event and nowhere in the stored FlinkJob (status included). The controller's log lines about
    // a fetch carry these same messages (JobTransitions logs the lastError and the waits it reports as Events).
    assertThat(events()).isNotEmpty().allSatisfy(event -> assertThat(event).doesNotContain(token));
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(
        client.resources(io.flinkstack.contract.resource.FlinkJob.class).inNamespace("flink").withName("enrich").get()))
        .contains("secretName: \"artifacts\"").doesNotContain(token);
  }

  @Test
  void aSuspendStopsWithoutFetchingAnyJar() {
    Declaration declaration = read(declaration(uri(NEW_JAR), testJarSha256).set("state", "suspended"));
    runningTheOlderVersion(declaration);

    assertThatThrownBy(() -> pass(declaration)).hasMessageContaining("controller killed");

    assertThat(requests).containsExactly("GET /jobmanager/config", "POST /jobs/" + OLD_JOB + "/stop");
    assertThat(status(declaration).transition().kind()).isEqualTo(TransitionKind.SUSPEND);
    // The stop writes into a directory of its own under the JobManager's savepoint directory (recorded with the step
    // after it; a controller killed before that asks again with the same trigger id, so the same directory): should
    // the JobManager forget the stop's result, that is where its savepoint is.
    String own = SAVEPOINTS + "stop-" + status(declaration).transition().triggerId();
    assertThat(stopBodies).singleElement().asString().contains("\"targetDirectory\":\"" + own + "\"");
  }
}
