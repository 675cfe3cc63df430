package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.SubmittedJob;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.JobObserver;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.step.Outcome;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.MovableClock;
import io.flinkstack.controller.testing.TestJobJar;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session job's upgrade whose new job does not run: past the readiness timeout (counted from the old job's stop), or
 * at once when it FAILED, it is rolled back to the job the controller submitted before ({@code submittedJob} in the
 * status), restored from the upgrade's savepoint; with {@code rollback: false}, or without an earlier submission to go
 * back to, it is stalled instead (recorded once, one Warning, conditions Stalled/ReadinessTimeout). No Flink: one JDK
 * HTTP server plays the JobManager's REST API (its jobs kept in a map, a jar run adding one) and the jar host, and
 * records the requests; the FlinkJob and its status are on the mock API server, read and written as the controller
 * does, the observation made by the controller's own {@link JobObserver}. The real-Flink rollback is
 * {@code SessionJobControllerTest}'s.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SessionUpgradeRollbackTest {
  private static final String NAMESPACE = "flink";
  private static final String OLD_JOB = "00000000000000000000000000000001";
  private static final String NEW_JOB = "0123456789abcdef0123456789abcdef";
  private static final String SAVEPOINT = "file:/state/savepoints/savepoint-000001-0123456789ab";
  private static final String CHECKPOINT = "file:/state/checkpoints/0123456789abcdef0123456789abcdef/chk-7";
  private static final ObjectMapper JSON = new ObjectMapper();

  KubernetesClient client;
  @TempDir Path work;

  private HttpServer server;
  private byte[] testJar;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonNode> runs = Collections.synchronizedList(new ArrayList<>());
  /** Flink's jobs: id → state, and whether all its tasks run. */
  private final Map<String, String> jobs = new ConcurrentHashMap<>();
  private final Map<String, Boolean> allTasksRunning = new ConcurrentHashMap<>();
  private final AtomicInteger uploads = new AtomicInteger();
  /** The trigger ids of the stop-with-savepoints Flink took (the controller chooses them). */
  private final List<String> stopTriggers = Collections.synchronizedList(new ArrayList<>());
  /** Flink's checkpoint history per job: its latest completed checkpoint, and what it restored. */
  private final Map<String, String> completedCheckpoints = new ConcurrentHashMap<>();
  private final Map<String, String> restoredFrom = new ConcurrentHashMap<>();
  /** Whether the earlier version's job, submitted again, keeps restarting too (its savepoint's storage gone, say). */
  private volatile boolean earlierVersionRestarts;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StatusStore store;
  private JobTransitions transitions;
  private FlinkRestClient flink;

  @BeforeEach
  void start() throws IOException {
    testJar = Files.readAllBytes(TestJobJar.build(work.resolve("jar")));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(method + " " + path);
      int status = 200;
      String text = "{}";
      byte[] body = null;
      if (method.equals("GET") && path.startsWith("/jars/") && path.endsWith(".jar")) {
        body = testJar; // the jar host
      } else if (method.equals("GET") && path.equals("/jobs/overview")) {
        StringBuilder list = new StringBuilder();
        jobs.forEach((id, state) -> list.append(list.isEmpty() ? "" : ",").append("{\"jid\":\"").append(id)
            .append("\",\"name\":\"enrich\",\"state\":\"").append(state).append("\",\"start-time\":1,\"end-time\":-1}"));
        text = "{\"jobs\":[" + list + "]}";
      } else if (method.equals("GET") && path.startsWith("/jobs/") && path.endsWith("/exceptions")) {
        // As Flink 1.20 answers (JobExceptionsInfoWithHistory), for a job that restarts: newest entry first.
        String id = path.substring("/jobs/".length(), path.length() - "/exceptions".length());
        text = "RESTARTING".equals(jobs.get(id)) ? "{\"exceptionHistory\":{\"entries\":[{\"exceptionName\":\"java.lang.IllegalStateException\","
            + "\"stacktrace\":\"java.lang.IllegalStateException: no schema registry at registry:8081\\n\\tat io.example.Enrich.open(Enrich.java:42)\","
            + "\"timestamp\":1,\"failureLabels\":{},\"taskName\":\"enrich (1/2)\",\"concurrentExceptions\":[]}],\"truncated\":false}}"
            : "{\"exceptionHistory\":{\"entries\":[],\"truncated\":false}}";
      } else if (method.equals("GET") && path.startsWith("/jobs/") && path.endsWith("/checkpoints/config")) {
        // As Flink 1.20 answers (CheckpointConfigInfo) for flinkstack's clusters: retained on cancellation.
        text = "{\"mode\":\"exactly_once\",\"interval\":10000,\"externalization\":{\"enabled\":true,\"delete_on_cancellation\":false}}";
      } else if (method.equals("GET") && path.startsWith("/jobs/") && path.endsWith("/checkpoints")) {
        // As Flink 1.20 answers (CheckpointingStatistics): the latest completed checkpoint, if any, and what the job restored.
        String id = path.substring("/jobs/".length(), path.length() - "/checkpoints".length());
        String completed = completedCheckpoints.get(id);
        String restored = restoredFrom.get(id);
        text = "{\"counts\":{\"restored\":" + (restored == null ? 0 : 1) + ",\"total\":" + (completed == null ? 0 : 1)
            + ",\"in_progress\":0,\"completed\":" + (completed == null ? 0 : 1) + ",\"failed\":0},\"latest\":{\"completed\":"
            + (completed == null ? "null" : "{\"id\":7,\"status\":\"COMPLETED\",\"is_savepoint\":false,\"trigger_timestamp\":5,"
                + "\"latest_ack_timestamp\":6,\"external_path\":\"" + completed + "\",\"checkpoint_type\":\"CHECKPOINT\"}")
            + ",\"savepoint\":null,\"failed\":null,\"restored\":" + (restored == null ? "null"
                : "{\"id\":1,\"restore_timestamp\":2,\"is_savepoint\":true,\"external_path\":\"" + restored + "\"}") + "},\"history\":[]}";
      } else if (method.equals("GET") && path.startsWith("/jobs/") && path.contains("/savepoints/")
          && stopTriggers.contains(path.substring(path.lastIndexOf('/') + 1))) {
        text = "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"" + SAVEPOINT + "\"}}";
      } else if (method.equals("GET") && path.startsWith("/jobs/")) {
        String id = path.substring("/jobs/".length());
        if (jobs.containsKey(id)) {
          String state = jobs.get(id);
          int running = Boolean.TRUE.equals(allTasksRunning.get(id)) ? 2 : 0;
          text = "{\"jid\":\"" + id + "\",\"name\":\"enrich\",\"state\":\"" + state + "\",\"start-time\":1,\"end-time\":-1,"
              + "\"vertices\":[{\"id\":\"v1\",\"name\":\"enrich\",\"parallelism\":2,\"maxParallelism\":128,\"status\":\"" + state
              + "\",\"tasks\":{\"RUNNING\":" + running + ",\"INITIALIZING\":" + (2 - running) + "}}]}";
        } else {
          status = 404;
          text = "{\"errors\":[\"Job " + id + " not found\"]}";
        }
      } else if (method.equals("POST") && path.startsWith("/jobs/") && path.endsWith("/stop")) {
        // Stop-with-savepoint, as Flink answers it: a trigger id, the job FINISHED once its savepoint completed.
        String trigger = JSON.readTree(exchange.getRequestBody()).path("triggerId").asText();
        String id = path.substring("/jobs/".length(), path.length() - "/stop".length());
        jobs.put(id, "FINISHED");
        allTasksRunning.remove(id);
        stopTriggers.add(trigger);
        text = "{\"request-id\":\"" + trigger + "\"}";
      } else if (method.equals("PATCH") && path.startsWith("/jobs/")) {
        jobs.put(path.substring("/jobs/".length()), "CANCELED");
        allTasksRunning.remove(path.substring("/jobs/".length()));
        status = 202;
      } else if (method.equals("POST") && path.equals("/jars/upload")) {
        exchange.getRequestBody().readAllBytes();
        text = "{\"filename\":\"/tmp/flink-web/upload/" + uploads.incrementAndGet() + "_enrich.jar\",\"status\":\"success\"}";
      } else if (method.equals("POST") && path.startsWith("/jars/") && path.endsWith("/run")) {
        JsonNode run = JSON.readTree(exchange.getRequestBody());
        runs.add(run);
        if (run.path("programArgsList").toString().contains("1.1")) {
          // The new version's main method throws: Flink refuses the run with its stack trace.
          status = 400;
          text = "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\norg.apache.flink.runtime.rest.handler."
              + "RestHandlerException: Could not execute application. " + "x".repeat(900)
              + "\\n\\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.handleRequest(JarRunHandler.java:120)"
              + "\\nCaused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error:"
              + " unknown option --v 1.1\\n\\tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:372)\\n>\"]}";
        } else {
          String id = run.path("jobId").asText();
          if (!run.path("savepointPath").asText("").isEmpty()) {
            restoredFrom.put(id, run.path("savepointPath").asText());
          }
          jobs.put(id, earlierVersionRestarts ? "RESTARTING" : "RUNNING");
          allTasksRunning.put(id, !earlierVersionRestarts);
          text = "{\"jobid\":\"" + id + "\"}";
        }
      }
      if (body == null) {
        body = text.getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway, clock);
    transitions = new JobTransitions(new StepMachine.Dependencies(new EventRecorder(gateway, clock),
        new ControllerMetrics(new SimpleMeterRegistry()), Duration.ofMillis(100), clock),
        gateway, new JobSubmitter(JarFetcher.builder(work.resolve("jar-cache")).allowInsecureHttp(true).build()),
        new Backoffs(Duration.ofMinutes(1), Duration.ofMinutes(10)), Duration.ofMinutes(5));
    flink = new FlinkClients(Duration.ofSeconds(2)).forUrl(URI.create(uri("")));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String uri(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private DeclarationFixture version(String version) {
    return DeclarationFixture.sessionJob(NAMESPACE, "sessions", "enrich")
        .set("jarUri", uri("/jars/enrich-" + version + ".jar"))
        .set("entryClass", "io.example.Enrich")
        .set("args", List.of("--v", version))
        .set("parallelism", 2)
        .set("readinessTimeout", "2 min");
  }

  /**
   * Version 1.0 ran (submitted by the controller, recorded as {@code submittedJob} unless {@code recorded} is false: an
   * adopted job); the FlinkJob now declares {@code failing} (version 1.1), whose upgrade stopped 1.0 with a savepoint now
   * and is at {@code step}, its new job {@code NEW_JOB} in Flink as {@code newJobState} (null: Flink does not know it).
   */
  private Declaration upgradedTo(DeclarationFixture failing, TransitionStep step, String newJobState, boolean recorded) {
    Declaration before = read(version("1.0"));
    Declaration declaration = read(failing);
    Instant now = clock.instant();
    Transition upgrade = new Transition(TransitionKind.UPGRADE, step, UpgradeMode.SAVEPOINT, OLD_JOB,
        "fedcba9876543210fedcba9876543210", SAVEPOINT, declaration.specDigest(), NEW_JOB, Map.of(), 0.25, now.minusSeconds(1), now,
        null, null, now);
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)), StatusEdit.of(RuntimeStatus.initial(null))
        .lifecycle(LifecycleState.UPGRADING).job(OLD_JOB, "FINISHED").deployedSpec(before.specDigest()).transition(upgrade)
        .submittedJob(recorded ? SubmittedJob.of(before.specDigest(), before.job(), null, null) : null).build());
    jobs.put(OLD_JOB, "FINISHED");
    if (newJobState != null) {
      jobs.put(NEW_JOB, newJobState);
      restoredFrom.put(NEW_JOB, SAVEPOINT);
    }
    return declaration;
  }

  private Outcome pass(Declaration declaration) {
    return pass(declaration, StepListener.NONE);
  }

  private Outcome pass(Declaration declaration, StepListener listener) {
    VersionedStatus status = store.read(declaration.identity(), RuntimeStatus.initial(null));
    return transitions.run(new Pass(declaration, status, new JobObserver(clock).observe(flink, declaration, status.status().jobId()),
        flink, store, listener));
  }

  /**
   * A session job declared LAST_STATE is upgraded with a savepoint: a session cluster's HA metadata is the cluster's,
   * not the job's, and the job runs on; so the constructs accept LAST_STATE on a session cluster without HA.
   */
  @Test
  void aSessionJobsLastStateUpgradeStopsTheRunningJobWithASavepoint() {
    Declaration before = read(version("1.0").set("upgradeMode", "last-state"));
    store.write(before.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)), StatusEdit.of(RuntimeStatus.initial(null))
        .lifecycle(LifecycleState.STABLE).job(OLD_JOB, "RUNNING").deployedSpec(before.specDigest())
        .submittedJob(SubmittedJob.of(before.specDigest(), before.job(), null, null)).build());
    jobs.put(OLD_JOB, "RUNNING");
    allTasksRunning.put(OLD_JOB, true);
    completedCheckpoints.put(OLD_JOB, CHECKPOINT);
    Declaration upgraded = read(version("1.2").set("upgradeMode", "last-state"));

    for (int i = 0; i < 6 && (status(upgraded).transition() != null || status(upgraded).lastTransition() == null); i++) {
      pass(upgraded);
    }
    RuntimeStatus done = status(upgraded);
    assertThat(done.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(done.lastTransition().restorePath()).as("the stop's savepoint, not the latest checkpoint").isEqualTo(SAVEPOINT);
    assertThat(requests).contains("POST /jobs/" + OLD_JOB + "/stop").doesNotContain("PATCH /jobs/" + OLD_JOB);
    assertThat(runs).singleElement().satisfies(run -> assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT));
    assertThat(done.deployedSpec()).isEqualTo(upgraded.specDigest());
  }

  @Test
  void anUpgradeWhoseJobDoesNotRunWithinTheTimeoutIsRolledBackToTheEarlierSubmissionFromItsSavepoint() {
    Declaration failing = upgradedTo(version("1.1"), TransitionStep.APPLIED, "RESTARTING", true);
    String failingSpec = failing.specDigest();
    String earlierSpec = status(failing).deployedSpec();

    clock.advance(Duration.ofSeconds(110));
    pass(failing);
    assertThat(status(failing).transition().kind()).as("within the 2 min").isEqualTo(TransitionKind.UPGRADE);
    assertThat(status(failing).rolledBack()).isNull();
    assertThat(condition(failing, "Reconciling").getStatus()).isEqualTo("True");

    clock.advance(Duration.ofSeconds(11));
    pass(failing);
    RuntimeStatus rolling = status(failing);
    assertThat(rolling.transition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(rolling.transition().restorePath()).as("the upgrade's savepoint").isEqualTo(SAVEPOINT);
    assertThat(rolling.transition().target()).isEqualTo(earlierSpec);
    assertThat(rolling.transition().fromJobId()).as("the failing job, cancelled first").isEqualTo(NEW_JOB);
    assertThat(rolling.rolledBack().failedTarget()).isEqualTo(failingSpec);
    assertThat(rolling.rolledBack().restoredTarget()).isEqualTo(earlierSpec);
    assertThat(rolling.rolledBack().reason()).contains("within 120.00 s of the old job's stop", "job " + NEW_JOB + " RESTARTING",
        "Flink's latest failure: java.lang.IllegalStateException: no schema registry at registry:8081 (in enrich (1/2))")
        .doesNotContain("Enrich.java:42");
    assertThat(rolling.lastError().operation()).isEqualTo("transition");
    assertThat(rolling.lastError().message()).contains("upgrade to spec " + failingSpec + " rolled back to spec " + earlierSpec,
        "still holds spec " + failingSpec, "not submitted again until the spec changes");
    assertThat(requests).contains("PATCH /jobs/" + NEW_JOB).doesNotContain("POST /jars/upload");
    assertThat(warnings(failing)).singleElement().asString().startsWith(EventReasons.UPGRADE_ROLLED_BACK + ": ")
        .contains("rolling back to spec " + earlierSpec, "jar job from " + uri("/jars/enrich-1.0.jar"), "from " + SAVEPOINT,
            "no schema registry at registry:8081",
            "still holds the failing spec " + failingSpec);

    // The failing job is cancelled now: the earlier submission goes in, under a new id, from the upgrade's savepoint.
    pass(failing);
    RuntimeStatus back = status(failing);
    assertThat(back.transition()).isNull();
    assertThat(back.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(back.jobId()).isEqualTo(rolling.transition().newJobId());
    assertThat(back.deployedSpec()).isEqualTo(earlierSpec);
    assertThat(back.submittedJob()).isEqualTo(rolling.submittedJob());
    assertThat(back.lastTransition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(back.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(back.lastTransition().restorePath()).isEqualTo(SAVEPOINT);
    assertThat(back.lastTransition().message()).contains("still holds the spec rolled back from (" + failingSpec + ")");
    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.path("jobId").asText()).isEqualTo(back.jobId());
      assertThat(run.path("entryClass").asText()).isEqualTo("io.example.Enrich");
      assertThat(run.path("programArgsList").toString()).isEqualTo("[\"--v\",\"1.0\"]");
      assertThat(run.path("parallelism").asInt()).isEqualTo(2);
      assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT);
    });
    assertThat(requests).contains("GET /jars/enrich-1.0.jar").doesNotContain("GET /jars/enrich-1.1.jar");
    assertThat(condition(failing, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(failing, "Stalled").getReason()).isEqualTo("RolledBack");
    assertThat(condition(failing, "Stalled").getMessage()).startsWith("the upgrade to spec " + failingSpec + " was rolled back to spec "
        + earlierSpec).endsWith("the FlinkJob's spec (Git) still holds that spec: apply a fixed one");
    assertThat(condition(failing, "Ready").getStatus()).isEqualTo("False");

    // The failing spec is not submitted again.
    clock.advance(Duration.ofMinutes(10));
    pass(failing);
    pass(failing);
    assertThat(runs).hasSize(1);
    assertThat(status(failing).jobId()).isEqualTo(back.jobId());
    assertThat(warnings(failing)).hasSize(1);

    // Another spec is upgraded to as usual, and that clears the rollback's record.
    Declaration fixed = read(version("1.2"));
    assertThatThrownBy(() -> pass(fixed, (step, identity) -> {
      if (step == TransitionStep.RECORDED) {
        throw new IllegalStateException("controller killed once the upgrade is recorded");
      }
    })).hasMessageContaining("controller killed");
    assertThat(status(fixed).transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(status(fixed).transition().target()).isEqualTo(fixed.specDigest());
    assertThat(status(fixed).rolledBack()).isNull();
  }

  @Test
  void aNewJobThatFailedIsRolledBackWithoutWaitingForTheTimeout() {
    Declaration failing = upgradedTo(version("1.1"), TransitionStep.APPLIED, "FAILED", true);

    pass(failing);
    pass(failing);

    RuntimeStatus back = status(failing);
    assertThat(back.lastTransition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(back.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(back.rolledBack().reason()).contains(NEW_JOB + " FAILED before it ran with all its tasks");
    assertThat(requests).as("nothing to cancel").doesNotContain("PATCH /jobs/" + NEW_JOB);
    assertThat(runs).singleElement().satisfies(run -> assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT));
  }

  @Test
  void aRollbackWhoseEarlierJobDoesNotRunEitherIsStalledOnceAndNothingOlderIsTried() {
    Declaration failing = upgradedTo(version("1.1"), TransitionStep.APPLIED, "FAILED", true);
    earlierVersionRestarts = true;
    pass(failing);
    pass(failing);
    RuntimeStatus submitted = status(failing);
    assertThat(submitted.transition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(submitted.transition().step()).isEqualTo(TransitionStep.APPLIED);
    String earlierJob = submitted.transition().newJobId();

    clock.advance(Duration.ofSeconds(110));
    pass(failing);
    assertThat(status(failing).lastError().operation()).as("within its own timeout").isNotEqualTo(StatusError.READINESS_TIMEOUT);

    clock.advance(Duration.ofSeconds(11));
    pass(failing);
    RuntimeStatus overdue = status(failing);
    assertThat(overdue.transition().kind()).as("still waiting, nothing older tried").isEqualTo(TransitionKind.ROLLBACK);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).startsWith("rollback to spec " + overdue.transition().target() + " from " + SAVEPOINT)
        .contains("within 120.00 s of its submission either: job " + earlierJob + " RESTARTING", "Flink's latest failure: java.lang"
            + ".IllegalStateException: no schema registry", "nothing older is tried",
            "GET /jobs/" + earlierJob + "/exceptions", "a newer spec replaces it");
    assertThat(condition(failing, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(failing, "Stalled").getReason()).isEqualTo("ReadinessTimeout");

    clock.advance(Duration.ofMinutes(1));
    pass(failing);
    assertThat(status(failing).lastError().time()).as("recorded once").isEqualTo(overdue.lastError().time());
    assertThat(warnings(failing)).hasSize(2).last().asString().startsWith(EventReasons.ROLLBACK_NOT_READY + ": ");
    assertThat(runs).as("the earlier version once, nothing else").hasSize(1);

    // The way out: a newer spec. The stalled rollback's job is cancelled, then the newer spec's job is submitted from
    // the savepoint the rollback restored (its job never ran with all its tasks: no checkpoint since).
    earlierVersionRestarts = false;
    Declaration fixed = read(version("1.2"));
    pass(fixed);
    RuntimeStatus escaping = status(fixed);
    assertThat(escaping.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(escaping.transition().target()).isEqualTo(fixed.specDigest());
    assertThat(escaping.transition().fromJobId()).as("the rollback's job, to cancel").isEqualTo(earlierJob);
    assertThat(escaping.transition().restorePath()).isEqualTo(SAVEPOINT);
    assertThat(escaping.rolledBack()).isNull();
    assertThat(escaping.lastError().operation()).as("no longer stalled").isEqualTo("transition");
    assertThat(escaping.lastError().message()).isEqualTo("the stalled rollback to spec " + overdue.transition().target()
        + " was abandoned for the newer spec " + fixed.specDigest());
    assertThat(condition(fixed, "Stalled").getStatus()).isEqualTo("False");
    assertThat(requests).contains("PATCH /jobs/" + earlierJob);
    assertThat(runs).as("not before the stalled job ended").hasSize(1);

    pass(fixed);
    RuntimeStatus upgraded = status(fixed);
    assertThat(upgraded.transition()).isNull();
    assertThat(upgraded.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(upgraded.deployedSpec()).isEqualTo(fixed.specDigest());
    assertThat(upgraded.jobId()).isEqualTo(escaping.transition().newJobId());
    assertThat(upgraded.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(runs).hasSize(2).last().satisfies(run -> {
      assertThat(run.path("programArgsList").toString()).isEqualTo("[\"--v\",\"1.2\"]");
      assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT);
      assertThat(run.path("jobId").asText()).isEqualTo(upgraded.jobId());
    });
    assertThat(condition(fixed, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aSubmissionFlinkRefusesEveryPassIsRolledBackAtTheTimeoutNamingFlinksRefusal() {
    Declaration failing = upgradedTo(version("1.1"), TransitionStep.RESTORE_WRITTEN, null, true);

    pass(failing);
    RuntimeStatus refused = status(failing);
    assertThat(refused.transition().step()).as("kept, retried every pass").isEqualTo(TransitionStep.RESTORE_WRITTEN);
    assertThat(refused.lastError().message()).startsWith("submission failed: POST /jars/1_enrich.jar/run: HTTP 400: ")
        .contains("HTTP 400: Internal server error. | org.apache.flink.runtime.rest.handler.RestHandlerException: Could not … xxx",
            "; caused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: unknown option --v 1.1");
    assertThat(refused.lastError().message().length()).as("Flink's text cut").isLessThan(500);

    clock.advance(Duration.ofMinutes(3));
    pass(failing);
    pass(failing);

    RuntimeStatus back = status(failing);
    assertThat(back.lastTransition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(back.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(back.rolledBack().reason()).contains("job " + NEW_JOB + " not submitted (submission failed: POST /jars/",
        "unknown option --v 1.1");
    assertThat(back.rolledBack().reason().length()).isLessThan(700);
    assertThat(runs).as("the refused one, then (past the timeout, not retried) the earlier one").hasSize(2).last().satisfies(run -> {
      assertThat(run.path("programArgsList").toString()).isEqualTo("[\"--v\",\"1.0\"]");
      assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT);
    });
  }

  @Test
  void withRollbackOffTheOverdueUpgradeIsStalledOnceAndNothingIsCancelledOrSubmitted() {
    Declaration failing = upgradedTo(version("1.1").set("rollback", false), TransitionStep.APPLIED, "RESTARTING", true);

    clock.advance(Duration.ofMinutes(1));
    pass(failing);
    assertThat(status(failing).lastError()).as("within the timeout").isNull();
    assertThat(condition(failing, "Stalled").getStatus()).isEqualTo("False");

    clock.advance(Duration.ofMinutes(2));
    pass(failing);
    RuntimeStatus overdue = status(failing);
    assertThat(overdue.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(overdue.rolledBack()).isNull();
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).contains("upgrade to spec " + failing.specDigest(), "within 120.00 s of the old job's stop",
        "job " + NEW_JOB + " RESTARTING", "not rolled back: rollback is off (spec.rollback: false)",
        "it keeps waiting for job " + NEW_JOB + " to run with all its tasks, until a newer spec replaces it",
        "turn rollback on to roll it back");
    Condition stalled = condition(failing, "Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("ReadinessTimeout");
    assertThat(stalled.getMessage()).isEqualTo(overdue.lastError().message());
    assertThat(condition(failing, "Reconciling").getStatus()).isEqualTo("False");

    clock.advance(Duration.ofMinutes(1));
    pass(failing);
    assertThat(status(failing).lastError().time()).as("recorded once").isEqualTo(overdue.lastError().time());
    assertThat(warnings(failing)).singleElement().asString().startsWith(EventReasons.UPGRADE_NOT_READY + ": ");
    assertThat(requests).noneMatch(request -> request.startsWith("PATCH") || request.startsWith("POST"));

    // The spec it was stalled with, declared again unchanged, moves nothing.
    pass(read(version("1.1").set("rollback", false)));
    assertThat(status(failing).transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(status(failing).transition().target()).isEqualTo(failing.specDigest());

    // A newer spec replaces the stalled upgrade: its job is cancelled, the newer one submitted from the upgrade's savepoint.
    Declaration fixed = read(version("1.2").set("rollback", false));
    pass(fixed);
    pass(fixed);
    RuntimeStatus upgraded = status(fixed);
    assertThat(upgraded.transition()).isNull();
    assertThat(upgraded.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(upgraded.deployedSpec()).isEqualTo(fixed.specDigest());
    assertThat(upgraded.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgraded.lastTransition().restorePath()).isEqualTo(SAVEPOINT);
    assertThat(jobs.get(NEW_JOB)).as("the stalled job").isEqualTo("CANCELED");
    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.path("programArgsList").toString()).isEqualTo("[\"--v\",\"1.2\"]");
      assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT);
    });
    assertThat(requests.indexOf("PATCH /jobs/" + NEW_JOB)).as("cancelled before the newer job's jar is run")
        .isLessThan(requests.indexOf(requests.stream().filter(request -> request.endsWith("/run")).findFirst().orElseThrow()));
    assertThat(upgraded.submittedJob().spec()).isEqualTo(fixed.specDigest());
  }

  @Test
  void aStalledJobThatCompletedACheckpointBetweenLooksIsReplacedFromThatCheckpointNotFromTheUpgradesSavepoint() {
    Declaration failing = stalledWithRollbackOff();
    // A crash loop runs now and then: between two looks the stalled job ran with all its tasks long enough to complete
    // a checkpoint, which committed output. Restoring the upgrade's savepoint would write that output again.
    completedCheckpoints.put(NEW_JOB, CHECKPOINT);

    Declaration fixed = read(version("1.2").set("rollback", false));
    pass(fixed);
    RuntimeStatus escaping = status(fixed);
    assertThat(escaping.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(escaping.transition().upgradeMode()).as("from the stalled job's latest state").isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(jobs.get(NEW_JOB)).isEqualTo("CANCELED");
    pass(fixed);
    pass(fixed);

    RuntimeStatus upgraded = status(fixed);
    assertThat(upgraded.transition()).isNull();
    assertThat(upgraded.deployedSpec()).isEqualTo(fixed.specDigest());
    assertThat(upgraded.lastTransition().restorePath()).isEqualTo(CHECKPOINT);
    assertThat(runs).singleElement().satisfies(run -> assertThat(run.path("savepointPath").asText()).isEqualTo(CHECKPOINT));
    assertThat(requests.lastIndexOf("GET /jobs/" + NEW_JOB + "/checkpoints")).as("read after the cancel too")
        .isGreaterThan(requests.indexOf("PATCH /jobs/" + NEW_JOB));
  }

  @Test
  void aSuspendDeclaredDuringAStallCancelsTheStalledJobAndTheResumeStartsFromWhatItRestored() {
    Declaration failing = stalledWithRollbackOff();

    Declaration suspended = read(version("1.1").set("rollback", false).set("state", "suspended"));
    pass(suspended);
    pass(suspended);
    RuntimeStatus paused = status(suspended);
    assertThat(paused.transition()).isNull();
    assertThat(paused.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
    assertThat(paused.lastTransition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(paused.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(paused.lastTransition().restorePath()).as("the stalled job completed no checkpoint: what it restored")
        .isEqualTo(SAVEPOINT);
    assertThat(jobs.get(NEW_JOB)).as("the stalled job").isEqualTo("CANCELED");
    assertThat(condition(suspended, "Stalled").getStatus()).isEqualTo("False");
    assertThat(events(suspended)).anyMatch(event -> event.startsWith(EventReasons.SUSPEND_STARTED + ": ")
        && event.contains("is stalled") && event.contains("declared suspended"));
    assertThat(runs).isEmpty();

    Declaration resumed = read(version("1.2").set("rollback", false));
    pass(resumed);
    pass(resumed);
    RuntimeStatus running = status(resumed);
    assertThat(running.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(running.deployedSpec()).isEqualTo(resumed.specDigest());
    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.path("programArgsList").toString()).isEqualTo("[\"--v\",\"1.2\"]");
      assertThat(run.path("savepointPath").asText()).isEqualTo(SAVEPOINT);
    });
  }

  @Test
  void aRestartWhoseJobDoesNotRunIsStalledOnceAndARedeployRequestedThenCancelsItAndStartsAfresh() {
    // Version 1.0 ran; its restart (restartNonce 1) stopped it with a savepoint and submitted NEW_JOB, which keeps restarting.
    DeclarationFixture fixture = version("1.0").set("restartNonce", 1);
    Declaration declaration = read(fixture);
    RuntimeStatus overdue = overdueWithItsJobRestarting(declaration, TransitionKind.RESTART, null);
    assertThat(overdue.transition().kind()).isEqualTo(TransitionKind.RESTART);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).startsWith("restart at spec " + declaration.specDigest() + " from " + SAVEPOINT)
        .contains("within 120.00 s of its submission", "job " + NEW_JOB + " RESTARTING",
            "Flink's latest failure: java.lang.IllegalStateException: no schema registry at registry:8081", "change restartNonce again");
    stalledOnceTouchingNothing(declaration, overdue, EventReasons.RESTART_NOT_READY);

    // A redeploy requested after the stall: the stalled job is cancelled and the job submitted again without state.
    Declaration redeploy = read(fixture.set("redeployNonce", 1));
    for (int i = 0; i < 4 && (i == 0 || status(redeploy).transition() != null); i++) {
      pass(redeploy);
    }
    assertThat(events(redeploy)).anyMatch(event -> event.startsWith(EventReasons.REDEPLOY_STARTED + ": ")
        && event.contains("the restart is stalled") && event.contains("redeployNonce changed"));
    RuntimeStatus redeployed = status(redeploy);
    assertThat(redeployed.transition()).isNull();
    assertThat(redeployed.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(redeployed.lastTransition().kind()).isEqualTo(TransitionKind.REDEPLOY);
    assertThat(redeployed.lastTransition().restorePath()).as("its state discarded").isNull();
    assertThat(redeployed.observedRedeployNonce()).isEqualTo(1L);
    assertThat(jobs.get(NEW_JOB)).as("the stalled job").isEqualTo("CANCELED");
    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.path("jobId").asText()).isEqualTo(redeployed.jobId()).isNotEqualTo(NEW_JOB);
      assertThat(run.path("savepointPath").asText("")).isEmpty();
    });
    assertThat(requests.indexOf("PATCH /jobs/" + NEW_JOB)).as("cancelled before the job is submitted again")
        .isLessThan(requests.indexOf(requests.stream().filter(request -> request.endsWith("/run")).findFirst().orElseThrow()));
  }

  /**
   * A rescale's restart (the session UPGRADE the rescaler writes, its parallelism overriding the declared one) whose job
   * does not run: before 2026-12-07 it waited for good with nothing in the status; now it is stalled once past the
   * readiness timeout (not rolled back: the spec did not change), and a suspend then replaces it.
   */
  @Test
  void aRescaleRestartWhoseJobDoesNotRunIsStalledOnceAndASuspendThenCancelsIt() {
    Declaration declaration = read(version("1.0"));
    RuntimeStatus overdue = overdueWithItsJobRestarting(declaration, TransitionKind.UPGRADE, 3);
    assertThat(overdue.transition().kind()).as("not rolled back: still the rescale's restart").isEqualTo(TransitionKind.UPGRADE);
    assertThat(overdue.transition().parallelism()).isEqualTo(3);
    assertThat(overdue.rolledBack()).isNull();
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).startsWith("rescale to parallelism 3 at spec " + declaration.specDigest() + " from "
        + SAVEPOINT).contains("within 120.00 s of its submission", "job " + NEW_JOB + " RESTARTING", "or suspend");
    stalledOnceTouchingNothing(declaration, overdue, EventReasons.RESCALE_NOT_READY);

    Declaration suspended = read(version("1.0").set("state", "suspended"));
    pass(suspended);
    pass(suspended);
    RuntimeStatus paused = status(suspended);
    assertThat(paused.transition()).isNull();
    assertThat(paused.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
    assertThat(paused.lastTransition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(paused.lastTransition().restorePath()).as("what the stalled job restored").isEqualTo(SAVEPOINT);
    assertThat(jobs.get(NEW_JOB)).as("the stalled job").isEqualTo("CANCELED");
    assertThat(condition(suspended, "Stalled").getStatus()).isEqualTo("False");
    assertThat(runs).isEmpty();
  }

  /**
   * Stalled, not reconciling; a pass later the stall is not recorded again, one Warning of {@code reason}, and nothing
   * was cancelled or submitted.
   */
  private void stalledOnceTouchingNothing(Declaration declaration, RuntimeStatus overdue, String reason) {
    assertThat(condition(declaration, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(declaration, "Reconciling").getStatus()).isEqualTo("False");
    clock.advance(Duration.ofMinutes(1));
    pass(declaration);
    assertThat(status(declaration).lastError().time()).as("recorded once").isEqualTo(overdue.lastError().time());
    assertThat(warnings(declaration)).singleElement().asString().startsWith(reason + ": ");
    assertThat(requests).noneMatch(request -> request.startsWith("PATCH") || request.startsWith("POST"));
  }

  /**
   * Version 1.0 ran; a transition of {@code kind} at its spec ({@code parallelism}: a rescale's restart) stopped it with a
   * savepoint and submitted NEW_JOB, which keeps restarting. Nothing within the readiness timeout; the status once
   * past it.
   */
  private RuntimeStatus overdueWithItsJobRestarting(Declaration declaration, TransitionKind kind, Integer parallelism) {
    Instant now = clock.instant();
    Transition transition = new Transition(kind, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, OLD_JOB,
        "fedcba9876543210fedcba9876543210", SAVEPOINT, declaration.specDigest(), NEW_JOB, Map.of(), 0.25, now.minusSeconds(1), now,
        parallelism, null, now);
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)), StatusEdit.of(RuntimeStatus.initial(null))
        .lifecycle(LifecycleState.UPGRADING).job(OLD_JOB, "FINISHED").deployedSpec(declaration.specDigest()).transition(transition)
        .observedNonces(declaration.job().restartNonce(), null)
        .submittedJob(SubmittedJob.of(declaration.specDigest(), declaration.job(), null, null)).build());
    jobs.put(OLD_JOB, "FINISHED");
    jobs.put(NEW_JOB, "RESTARTING");
    restoredFrom.put(NEW_JOB, SAVEPOINT);

    clock.advance(Duration.ofMinutes(1));
    pass(declaration);
    assertThat(status(declaration).lastError()).as("within the timeout").isNull();
    assertThat(condition(declaration, "Reconciling").getStatus()).isEqualTo("True");

    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    return status(declaration);
  }

  /** Version 1.1's upgrade with rollback off, past its readiness timeout with its job RESTARTING: stalled. */

  private Declaration stalledWithRollbackOff() {
    Declaration failing = upgradedTo(version("1.1").set("rollback", false), TransitionStep.APPLIED, "RESTARTING", true);
    clock.advance(Duration.ofMinutes(3));
    pass(failing);
    assertThat(status(failing).lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    return failing;
  }

  @Test
  void withoutAnEarlierSubmissionRecordedTheOverdueUpgradeIsStalledSayingSo() {
    Declaration failing = upgradedTo(version("1.1"), TransitionStep.APPLIED, "RESTARTING", false);

    clock.advance(Duration.ofMinutes(3));
    pass(failing);

    RuntimeStatus overdue = status(failing);
    assertThat(overdue.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).contains("no earlier submission is recorded to roll back to")
        .doesNotContain("turn rollback on");
    assertThat(condition(failing, "Stalled").getReason()).isEqualTo("ReadinessTimeout");
    assertThat(warnings(failing)).singleElement().asString().startsWith(EventReasons.UPGRADE_NOT_READY + ": ");
    assertThat(requests).noneMatch(request -> request.startsWith("PATCH") || request.startsWith("POST"));
  }

  @Test
  void aRunningJobFoundWithoutARecordIsAdoptedAsTheSubmissionARollbackGoesBackTo() {
    Declaration declaration = read(version("1.0"));
    jobs.put(OLD_JOB, "RUNNING");
    allTasksRunning.put(OLD_JOB, false);

    pass(declaration);
    RuntimeStatus adopted = status(declaration);
    assertThat(adopted.deployedSpec()).isEqualTo(declaration.specDigest());
    assertThat(adopted.submittedJob()).as("recorded at adoption, as the declaration it is taken for")
        .isEqualTo(SubmittedJob.of(declaration.specDigest(), declaration.job(), null, null));
    assertThat(requests).noneMatch(request -> request.startsWith("PATCH") || request.startsWith("POST"));
  }

  @Test
  void aJobRunningItsDeclaredSpecWithoutASubmissionRecordGetsOneOnceAllItsTasksRun() {
    Declaration declaration = read(version("1.0"));
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)), StatusEdit.of(RuntimeStatus.initial(null))
        .lifecycle(LifecycleState.STABLE).job(OLD_JOB, "RUNNING").deployedSpec(declaration.specDigest()).build());
    jobs.put(OLD_JOB, "RUNNING");
    allTasksRunning.put(OLD_JOB, false);

    pass(declaration);
    assertThat(status(declaration).submittedJob()).as("not while its tasks are not all running").isNull();

    allTasksRunning.put(OLD_JOB, true);
    pass(declaration);
    assertThat(status(declaration).submittedJob()).isEqualTo(SubmittedJob.of(declaration.specDigest(), declaration.job(), null, null));
  }

  private Declaration read(DeclarationFixture fixture) {
    return fixture.declaration(client);
  }

  private RuntimeStatus status(Declaration declaration) {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  private Condition condition(Declaration declaration, String type) {
    FlinkJobStatus status = client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName(declaration.identity().source().name())
        .get().getStatus();
    return status.conditions.stream().filter(condition -> condition.getType().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.conditions));
  }

  private List<String> warnings(Declaration declaration) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(event -> "Warning".equals(event.getType()))
        .filter(event -> !EventReasons.JAR_DIGEST_MISSING.equals(event.getReason()))
        .map(event -> event.getReason() + ": " + event.getMessage()).toList();
  }

  private List<String> events(Declaration declaration) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .map(event -> event.getReason() + ": " + event.getMessage()).toList();
  }
}
