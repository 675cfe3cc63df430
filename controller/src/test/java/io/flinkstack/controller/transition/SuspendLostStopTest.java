package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionResult;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.JobConditions;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.MovableClock;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suspend whose stop-with-savepoint completed while its result went with the JobManager (killed after the stop,
 * before the controller polled it: the next JobManager answers the trigger with 404, knows the job only as FINISHED
 * from its job result store, and answers {@code GET /jobs/:id} with a 500, as Flink 1.20.3 does). The suspend ends
 * with the stop's own directory recorded, and the resume restores from that directory, not from the older last
 * savepoint. No Flink: a JDK HTTP server plays the JobManager's REST API before and after its restart, the mock API
 * server holds the FlinkJob, the StatefulSets, the pods and the restore ConfigMap. The e2e counterpart on real Flink
 * JVMs is {@code JobManagerKilledAfterStopTest}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SuspendLostStopTest {
  private static final String NAMESPACE = "flink";
  private static final String CLUSTER = "orders";
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final String RESUMED_JOB = "00112233445566778899aabbccddeeff";
  private static final String SAVEPOINTS = "file:/state/savepoints";
  private static final String OLDER = SAVEPOINTS + "/savepoint-012345-000000000001";
  private static final Pattern TRIGGER_ID = Pattern.compile("\"triggerId\"\\s*:\\s*\"([0-9a-f]{32})\"");

  KubernetesClient client;
  @TempDir Path work;

  private HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  // Flip to play the JobManager that took over: it knows neither the trigger nor the job but as FINISHED.
  private volatile boolean restarted;
  // The JobManager's HA settings as flinkstack's clusters have them (job-result-store.delete-on-commit false).
  private volatile boolean highAvailability;
  // What the resumed job's JobManager found in the directory and restored (what Flink's latest.restored then says).
  private volatile String resolved;
  // A session JobManager's answer to the savepoint locator's plan (the planned job's name); null: no plan endpoint.
  private volatile String locatorAnswer;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StatusStore store;
  private JobTransitions transitions;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(method + " " + path);
      int status;
      String body;
      if (path.equals("/jobmanager/config")) {
        status = 200;
        body = "[{\"key\":\"execution.checkpointing.savepoint-dir\",\"value\":\"" + SAVEPOINTS + "\"}"
            + (highAvailability ? ",{\"key\":\"high-availability.type\",\"value\":\"zookeeper\"},"
                + "{\"key\":\"job-result-store.delete-on-commit\",\"value\":\"false\"}" : "") + "]";
      } else if (method.equals("POST") && path.equals("/jobs/" + JOB + "/stop") && !restarted) {
        Matcher trigger = TRIGGER_ID.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        status = 202;
        body = "{\"request-id\":\"" + (trigger.find() ? trigger.group(1) : "") + "\"}";
      } else if (method.equals("GET") && path.startsWith("/jobs/" + JOB + "/savepoints/")) {
        status = restarted ? 404 : 200;
        body = restarted ? "{\"errors\":[\"Operation not found under key\"]}" : "{\"status\":{\"id\":\"IN_PROGRESS\"}}";
      } else if (method.equals("GET") && path.equals("/jobs/" + JOB) && restarted) {
        status = 500;
        body = "{\"errors\":[\"Internal server error.\",\"<Exception on server side:\\njava.lang.NullPointerException\\n>\"]}";
      } else if (method.equals("POST") && path.equals("/jars/upload") && locatorAnswer != null) {
        exchange.getRequestBody().readAllBytes();
        status = 200;
        body = "{\"filename\":\"/tmp/flink-web/flink-web-upload/1f2e_sql-runner.jar\",\"status\":\"success\"}";
      } else if (method.equals("POST") && path.equals("/jars/1f2e_sql-runner.jar/plan") && locatorAnswer != null) {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        status = request.contains(SessionJobs.SAVEPOINT_LOCATOR_CLASS) ? 200 : 400;
        body = "{\"plan\":{\"jid\":\"5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e\",\"name\":\"" + locatorAnswer + "\",\"type\":\"STREAMING\",\"nodes\":[]}}";
      } else if (method.equals("DELETE") && path.equals("/jars/1f2e_sql-runner.jar")) {
        status = 200;
        body = "{}";
      } else if (method.equals("GET") && path.equals("/jobs/" + RESUMED_JOB + "/checkpoints") && resolved != null) {
        status = 200;
        body = "{\"counts\":{\"restored\":1,\"total\":0,\"in_progress\":0,\"completed\":0,\"failed\":0},\"latest\":{\"completed\":null,"
            + "\"savepoint\":null,\"failed\":null,\"restored\":{\"id\":7,\"restore_timestamp\":1767225700000,\"is_savepoint\":true,"
            + "\"external_path\":\"" + resolved + "\"}},\"history\":[]}";
      } else {
        status = 500;
        body = "{\"errors\":[\"not expected in this test\"]}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();

    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway, clock);
    transitions = MockApiTransitions.transitions(gateway, clock, work);

    statefulSet(ClusterNames.jobManager(CLUSTER), Labels.COMPONENT_JOBMANAGER, 1);
    statefulSet(ClusterNames.taskManager(CLUSTER), Labels.COMPONENT_TASKMANAGER, 2);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aSuspendWhoseStopResultWasLostRecordsTheStopsDirectoryAndTheResumeRestoresFromIt() {
    Declaration suspended = read(DeclarationFixture.application(NAMESPACE, CLUSTER).set("state", "suspended"));
    // The job runs, with an older savepoint recorded: the one a resume must not go back to.
    store.write(suspended.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.STABLE).job(JOB, "RUNNING")
            .savepointCompleted(new SavepointInfo(OLDER, SavepointTrigger.PERIODIC, clock.instant().minusSeconds(600), JOB, "a".repeat(32)))
            .build());

    // The suspend stops the job with a savepoint into a directory of its own; Flink is still at it.
    pass(suspended, running(JOB, clock.instant().minusSeconds(3600)));
    Transition stopping = status(suspended).transition();
    assertThat(stopping.kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(stopping.step()).isEqualTo(TransitionStep.STOP_TRIGGERED);
    String directory = SAVEPOINTS + "/stop-" + stopping.triggerId();
    assertThat(stopping.savepointDirectory()).isEqualTo(directory);

    // The stop completes, then the JobManager dies before the controller polls it; the one that takes over knows the
    // job only from its job result store.
    restarted = true;
    // At first it answers before its application has looked the job up: listed nowhere yet, which is not gone.
    clock.advance(Duration.ofSeconds(1));
    pass(suspended, JobObservation.reachable(clock.instant(), Optional.empty()));
    assertThat(status(suspended).lastTransition()).as("no failure while the job is not listed yet").isNull();
    assertThat(status(suspended).transition().step()).isEqualTo(TransitionStep.STOP_TRIGGERED);
    clock.advance(Duration.ofSeconds(1));
    pass(suspended, JobObservation.reachable(clock.instant(),
        Optional.of(new ObservedJob(JOB, CLUSTER, JobState.FINISHED, false, clock.instant().minusSeconds(3600), true))));

    RuntimeStatus scaledDown = status(suspended);
    assertThat(scaledDown.lastTransition()).as("the suspend goes on instead of failing").isNull();
    assertThat(scaledDown.transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(scaledDown.transition().restorePath()).isNull();
    assertThat(scaledDown.transition().restoresFromDirectory()).isTrue();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get())
        .as("not written by the suspend: a JobManager restarting before the scale-down would start a job from it").isNull();
    assertThat(replicas()).containsExactly(0, 0);

    // The pods are gone (none were there in this test): suspended, with the directory recorded and no made-up path.
    clock.advance(Duration.ofSeconds(2));
    pass(suspended, JobObservation.unreachable(clock.instant(), "connection refused"));
    RuntimeStatus done = status(suspended);
    assertThat(done.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
    assertThat(done.transition()).isNull();
    assertThat(done.lastTransition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(done.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(done.lastTransition().restorePath()).isNull();
    assertThat(done.lastTransition().restoreDirectory()).isEqualTo(directory);
    assertThat(done.lastTransition().message()).contains("resuming restores the savepoint in " + directory);
    assertThat(done.lastSavepoint().path()).as("no path made up").isEqualTo(OLDER);
    assertThat(done.suspendedReplicas()).containsEntry(ClusterNames.jobManager(CLUSTER), 1).containsEntry(ClusterNames.taskManager(CLUSTER), 2);
    assertThat(events()).anySatisfy(event -> assertThat(event).startsWith("Normal/" + EventReasons.STOP_SAVEPOINT_IN_DIRECTORY)
        .contains(directory));
    assertThat(events()).last().asString().startsWith("Normal/" + EventReasons.TRANSITION_SUCCEEDED + ": suspend done")
        .contains("the savepoint in " + directory);
    assertThat(JobConditions.of(done, Optional.empty(), 1L, List.of(), clock.instant()))
        .filteredOn(condition -> condition.getType().equals("Ready")).singleElement()
        .satisfies(ready -> assertThat(ready.getMessage()).contains("savepoint in " + directory).doesNotContain(OLDER));

    // Resumed: restored from the directory (never from the older savepoint, never from no state).
    Declaration running = read(DeclarationFixture.application(NAMESPACE, CLUSTER).set("state", "running"));
    clock.advance(Duration.ofMinutes(10));
    pass(running, JobObservation.unreachable(clock.instant(), "connection refused"));
    Transition resuming = status(running).transition();
    assertThat(resuming.kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(resuming.step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(resuming.restorePath()).isNull();
    assertThat(resuming.savepointDirectory()).isEqualTo(directory);
    assertThat(resuming.restoresFromDirectory()).isTrue();
    Map<String, String> afterResume = restoreConfigMap();
    assertThat(afterResume).containsEntry(RestoreState.PATH_KEY, "").containsEntry(RestoreState.DIRECTORY_KEY, directory)
        .containsEntry(RestoreState.RESOLVER_KEY, RestoreState.resolverSource());
    assertThat(afterResume.get(RestoreState.DEPLOYMENT_KEY)).as("a new job id for the resumed job")
        .isEqualTo(Long.toHexString(resuming.startedAt().toEpochMilli()));
    assertThat(replicas()).containsExactly(1, 2);
    assertThat(events()).anySatisfy(event -> assertThat(event).startsWith("Normal/" + EventReasons.RESUME_STARTED)
        .contains("restoring the savepoint in " + directory));

    // Its JobManager found the savepoint in the directory and the job runs: Flink's latest.restored is recorded.
    resolved = directory + "/savepoint-012345-0123456789ab";
    readyPod(ClusterNames.jobManager(CLUSTER) + "-0", Labels.COMPONENT_JOBMANAGER);
    readyPod(ClusterNames.taskManager(CLUSTER) + "-0", Labels.COMPONENT_TASKMANAGER);
    readyPod(ClusterNames.taskManager(CLUSTER) + "-1", Labels.COMPONENT_TASKMANAGER);
    clock.advance(Duration.ofSeconds(20));
    pass(running, running(RESUMED_JOB, clock.instant().minusSeconds(5)));

    RuntimeStatus resumed = status(running);
    assertThat(resumed.transition()).isNull();
    assertThat(resumed.lastTransition().kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(resumed.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(resumed.lastTransition().restorePath()).isEqualTo(resolved);
    assertThat(resumed.lastTransition().restoreDirectory()).isNull();
    assertThat(resumed.lastSavepoint().path()).isEqualTo(resolved);
    assertThat(resumed.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.SUSPEND);
    assertThat(resumed.lastSavepoint().jobId()).as("the suspended job's savepoint").isEqualTo(JOB);
    assertThat(resumed.lastSavepoint().time()).isEqualTo(done.lastTransition().finishedAt());
    assertThat(resumed.savepointHistory()).extracting(SavepointInfo::path).containsExactly(OLDER, resolved);
    assertThat(requests).contains("GET /jobs/" + RESUMED_JOB + "/checkpoints");
  }

  @Test
  void aResumeStartedByAnotherControllerRestoresTheRecordedDirectoryNotTheOlderSavepoint() {
    // As the suspend above left it, recorded by an earlier controller process.
    Declaration running = read(DeclarationFixture.application(NAMESPACE, CLUSTER).set("state", "running"));
    String directory = SAVEPOINTS + "/stop-" + "b".repeat(32);
    Instant suspendedAt = clock.instant();
    store.write(running.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.SUSPENDED).job(JOB, "SUSPENDED")
            .savepointCompleted(new SavepointInfo(OLDER, SavepointTrigger.PERIODIC, suspendedAt.minusSeconds(600), JOB, "a".repeat(32)))
            .suspendedReplicas(Map.of(ClusterNames.jobManager(CLUSTER), 1, ClusterNames.taskManager(CLUSTER), 2))
            .lastTransition(new TransitionResult(TransitionKind.SUSPEND, "succeeded", null,
                suspendedAt.minusSeconds(30), suspendedAt, null, "suspended; resuming restores the savepoint in " + directory, directory))
            .build());
    client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems().forEach(set -> new Fabric8KubernetesGateway(client)
        .scaleStatefulSet(NAMESPACE, set.getMetadata().getName(), 0));

    clock.advance(Duration.ofHours(1));
    pass(running, JobObservation.unreachable(clock.instant(), "connection refused"));

    Transition resuming = status(running).transition();
    assertThat(resuming.kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(resuming.restorePath()).as("not the older savepoint").isNull();
    assertThat(resuming.savepointDirectory()).isEqualTo(directory);
    assertThat(restoreConfigMap()).containsEntry(RestoreState.PATH_KEY, "").containsEntry(RestoreState.DIRECTORY_KEY, directory)
        .containsKey(RestoreState.RESOLVER_KEY);
    assertThat(replicas()).containsExactly(1, 2);
  }

  @Test
  void underHaAJobTheNewJobManagerNeverListsEndedAndItsSuspendGoesOnFromTheDirectory() {
    // With its job result store entry already clean, the JobManager that took over refuses the application's submission
    // as that of an ended job and lists nothing at all (seen with Flink 1.20.3 when the kill came after Flink's cleanup).
    highAvailability = true;
    Declaration suspended = read(DeclarationFixture.application(NAMESPACE, CLUSTER).set("state", "suspended"));
    String directory = stopTriggeredThenJobManagerRestarted(suspended);
    clock.advance(JobTransitions.UNLISTED_GRACE.minusSeconds(1));
    pass(suspended, JobObservation.reachable(clock.instant(), Optional.empty()));
    assertThat(status(suspended).transition().step()).as("within the grace").isEqualTo(TransitionStep.STOP_TRIGGERED);

    clock.advance(Duration.ofSeconds(2));
    pass(suspended, JobObservation.reachable(clock.instant(), Optional.empty()));
    RuntimeStatus scaledDown = status(suspended);
    assertThat(scaledDown.lastTransition()).isNull();
    assertThat(scaledDown.transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(scaledDown.transition().restoresFromDirectory()).isTrue();
    assertThat(scaledDown.transition().savepointDirectory()).as("for the resume to restore from").isEqualTo(directory);
    assertThat(events()).anySatisfy(event -> assertThat(event).startsWith("Normal/" + EventReasons.STOP_SAVEPOINT_IN_DIRECTORY)
        .contains("lists no job").contains(directory));
  }

  @Test
  void withoutHaAJobNeverListedAgainEndsTheSuspendAsFailedAfterTheGrace() {
    Declaration suspended = read(DeclarationFixture.application(NAMESPACE, CLUSTER).set("state", "suspended"));
    String directory = stopTriggeredThenJobManagerRestarted(suspended);
    assertThat(status(suspended).transition()).as("within the grace").isNotNull();

    // Without HA a restarted JobManager runs its job again (listed); one it never lists says nothing about the stop.
    clock.advance(JobTransitions.UNLISTED_GRACE.plusSeconds(1));
    pass(suspended, JobObservation.reachable(clock.instant(), Optional.empty()));
    RuntimeStatus failed = status(suspended);
    assertThat(failed.transition()).isNull();
    assertThat(failed.lastTransition().outcome()).isEqualTo("failed");
    assertThat(failed.lastTransition().message()).contains("is gone").contains("the savepoint is in " + directory);
  }

  /**
   * A session job's suspend whose JobManager restarted after the stop: the session JobManager lists the stop's own
   * directory (the bundled SQL runner's SavepointLocator through the jar plan endpoint; here Flink's answers as a REST
   * stand-in gives them, the real JobManager's in SessionJobControllerTest). A savepoint there is the suspend's; none,
   * and the suspend fails, naming the directory.
   */
  @Test
  void aSessionJobsSuspendWhoseJobManagerRestartedFindsTheSavepointInTheStopsDirectory() {
    Declaration suspended = sessionJobStoppedThenRestarted();
    String directory = status(suspended).transition().savepointDirectory();
    String savepoint = directory + "/savepoint-012345-0a0b0c0d0e0f";
    locatorAnswer = SessionJobs.SAVEPOINT_FOUND + savepoint;
    observeFinished(suspended);

    RuntimeStatus done = status(suspended);
    assertThat(done.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
    assertThat(done.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(done.lastTransition().restorePath()).isEqualTo(savepoint);
    assertThat(done.lastSavepoint().path()).isEqualTo(savepoint);
    assertThat(requests).contains("POST /jars/upload", "POST /jars/1f2e_sql-runner.jar/plan", "DELETE /jars/1f2e_sql-runner.jar");
  }

  @Test
  void aSessionJobsSuspendWithoutASavepointInTheStopsDirectoryFailsNamingIt() {
    Declaration suspended = sessionJobStoppedThenRestarted();
    String directory = status(suspended).transition().savepointDirectory();
    locatorAnswer = SessionJobs.SAVEPOINT_NONE + directory;
    observeFinished(suspended);

    RuntimeStatus failed = status(suspended);
    assertThat(failed.transition()).isNull();
    assertThat(failed.lastTransition().outcome()).isEqualTo("failed");
    assertThat(failed.lastTransition().restoreDirectory()).isNull();
    assertThat(failed.lastTransition().message()).contains("the savepoint is in " + directory);
  }

  /** A session JobManager that answers but cannot list the directory (no jar endpoints here): failed, not waited for. */
  @Test
  void aSessionJobManagerThatCannotListTheDirectoryFailsTheSuspendNamingIt() {
    Declaration suspended = sessionJobStoppedThenRestarted();
    String directory = status(suspended).transition().savepointDirectory();
    observeFinished(suspended);

    RuntimeStatus failed = status(suspended);
    assertThat(failed.transition()).isNull();
    assertThat(failed.lastTransition().outcome()).isEqualTo("failed");
    assertThat(failed.lastTransition().message()).contains("the savepoint is in " + directory);
    assertThat(requests).contains("POST /jars/upload");
  }

  /** A session job declared suspended, its stop triggered, then the JobManager restarted (it forgot the trigger). */
  private Declaration sessionJobStoppedThenRestarted() {
    Declaration suspended = read(DeclarationFixture.sessionJob(NAMESPACE, CLUSTER, "enrich")
        .set("jarUri", "https://artifacts.example/enrich.jar").set("entryClass", "io.example.Enrich").set("state", "suspended"));
    store.write(suspended.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.STABLE).job(JOB, "RUNNING").deployedSpec(suspended.specDigest())
            .build());
    pass(suspended, running(JOB, clock.instant().minusSeconds(3600)));
    assertThat(status(suspended).transition().savepointDirectory()).startsWith(SAVEPOINTS + "/stop-");
    restarted = true;
    clock.advance(Duration.ofSeconds(2));
    return suspended;
  }

  /** A pass seeing the stopped job FINISHED (from the job result store), then one more. */
  private void observeFinished(Declaration suspended) {
    for (int i = 0; i < 3 && status(suspended).transition() != null; i++) {
      pass(suspended, JobObservation.reachable(clock.instant(),
          Optional.of(new ObservedJob(JOB, "enrich", JobState.FINISHED, false, clock.instant().minusSeconds(3600), true))));
    }
  }

  private void pass(Declaration declaration, JobObservation observation) {
    VersionedStatus status = store.read(declaration.identity(), RuntimeStatus.initial(null));
    transitions.run(new Pass(declaration, status, observation,
        new FlinkClients(Duration.ofSeconds(2)).forUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), store,
        StepListener.NONE));
  }

  private static JobObservation running(String jobId, Instant started) {
    return JobObservation.reachable(started.plusSeconds(5), Optional.of(new ObservedJob(jobId, CLUSTER, JobState.RUNNING, true, started)));
  }

  private Declaration read(DeclarationFixture fixture) {
    return fixture.declaration(client);
  }

  /**
   * A running job asked to suspend: the stop is triggered into its own directory, then its JobManager restarts and
   * forgets the trigger, and is first seen listing no job. Returns the stop's directory.
   */
  private String stopTriggeredThenJobManagerRestarted(Declaration suspended) {
    store.write(suspended.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.STABLE).job(JOB, "RUNNING").build());
    pass(suspended, running(JOB, clock.instant().minusSeconds(3600)));
    String directory = status(suspended).transition().savepointDirectory();
    restarted = true;
    clock.advance(Duration.ofSeconds(1));
    pass(suspended, JobObservation.reachable(clock.instant(), Optional.empty()));
    return directory;
  }

  private RuntimeStatus status(Declaration declaration) {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  private void statefulSet(String name, String component, int replicas) {
    client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(name).addToLabels(Labels.INSTANCE, CLUSTER).addToLabels(Labels.COMPONENT, component).endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName(name).withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy().endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withCurrentRevision(name + "-r1")
        .withUpdateRevision(name + "-r1").endStatus()
        .build()).create();
  }

  /** A pod the StatefulSet controller made at its set's revision, its containers ready (no readiness gate). */
  private void readyPod(String name, String component) {
    String set = name.substring(0, name.lastIndexOf('-'));
    client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
        .withNewMetadata().withName(name)
        .addToLabels(Labels.NAME, Labels.NAME_FLINK).addToLabels(Labels.INSTANCE, CLUSTER).addToLabels(Labels.COMPONENT, component)
        .addToLabels(PodSnapshot.REVISION_LABEL, set + "-r1").endMetadata()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("ContainersReady").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build()).create();
  }

  private Map<String, String> restoreConfigMap() {
    ConfigMap configMap = client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get();
    assertThat(configMap).as("the restore ConfigMap").isNotNull();
    return configMap.getData();
  }

  private List<Integer> replicas() {
    return List.of(ClusterNames.jobManager(CLUSTER), ClusterNames.taskManager(CLUSTER)).stream()
        .map(name -> client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get().getSpec().getReplicas()).toList();
  }

  private List<String> events() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(event -> Long.parseLong(event.getMetadata().getResourceVersion())))
        .map(event -> event.getType() + "/" + event.getReason() + ": " + event.getMessage())
        .toList();
  }
}
