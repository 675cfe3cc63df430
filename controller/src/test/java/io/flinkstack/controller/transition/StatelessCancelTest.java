package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.MovableClock;
import io.flinkstack.controller.testing.RestStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stateless transition of an application (a redeploy) cancels its job and replaces the JobManager only once Flink
 * reports the job ended: Flink takes an ended job out of its HA data, and a JobManager replaced while its job was still
 * cancelling left it there, for the next one to recover beside the new job. Found on Flink 2.0's own jars (e2e's
 * {@code ApplicationRun} in {@code bench versions}: after a redeploy the new JobManager recovered the restarted job from
 * ZooKeeper and ran it next to the redeployed one, and the controller took it for the redeployed job). The mock API
 * server holds the StatefulSets and pods; a JDK HTTP server plays the JobManager's REST API (the job's state as the
 * test sets it). The real-Flink check is {@code ApplicationRun}'s redeploy (e2e, every version's own jars).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StatelessCancelTest {
  private static final String NAMESPACE = "flink";
  private static final String CLUSTER = "orders";
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final String JOB_MANAGER = ClusterNames.jobManager(CLUSTER);
  private static final String TASK_MANAGER = ClusterNames.taskManager(CLUSTER);
  private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(5); // MockApiTransitions.transitions'

  KubernetesClient client;
  @TempDir Path work;

  private RestStandIn jobManager;
  private volatile JobState jobState = JobState.RUNNING;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StatusStore store;
  private JobTransitions transitions;

  @BeforeEach
  void start() {
    jobManager = RestStandIn.start((method, path, query, body) -> {
      if (method.equals("PATCH") && path.equals("/jobs/" + JOB)) {
        return new RestStandIn.Answer(202, "{}");
      }
      if (method.equals("GET") && path.equals("/jobs/" + JOB)) {
        return new RestStandIn.Answer(200, "{\"jid\":\"" + JOB + "\",\"name\":\"orders\",\"state\":\"" + jobState.name()
            + "\",\"start-time\":" + clock.instant().minusSeconds(600).toEpochMilli() + ",\"end-time\":-1,\"vertices\":[]}");
      }
      return null;
    });
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway, clock);
    transitions = MockApiTransitions.transitions(gateway, clock, work);
    MockApiTransitions.statefulSet(client, NAMESPACE, CLUSTER, JOB_MANAGER, 1, "r1", "r1");
    MockApiTransitions.statefulSet(client, NAMESPACE, CLUSTER, TASK_MANAGER, 1, "r1", "r1");
    MockApiTransitions.readyPod(client, NAMESPACE, CLUSTER, JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    MockApiTransitions.readyPod(client, NAMESPACE, CLUSTER, TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
  }

  @AfterEach
  void stop() {
    jobManager.close();
  }

  @Test
  void aRedeployReplacesTheJobManagerOnlyOnceItsCancelledJobHasEnded() {
    Declaration declaration = redeploying();

    pass(declaration);
    assertThat(jobManager.requests()).contains("PATCH /jobs/" + JOB + "?mode=cancel");
    assertThat(step(declaration)).isEqualTo(TransitionStep.STOP_TRIGGERED);
    assertThat(jobManagerThere()).as("the JobManager of a job not seen ended").isTrue();

    jobState = JobState.CANCELLING;
    clock.advance(Duration.ofSeconds(2));
    pass(declaration);
    assertThat(step(declaration)).isEqualTo(TransitionStep.STOP_TRIGGERED);
    assertThat(jobManagerThere()).as("the JobManager of a job still cancelling").isTrue();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get())
        .as("no restore ConfigMap yet").isNull();

    jobState = JobState.CANCELED;
    clock.advance(Duration.ofSeconds(2));
    pass(declaration);
    assertThat(jobManagerThere()).as("the JobManager replaced once the job was cancelled").isFalse();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get().getData())
        .containsEntry(RestoreState.PATH_KEY, "");
    assertThat(status(declaration).transition().restorePath()).as("a redeploy starts without state").isNull();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aJobThatDoesNotEndWithinTheOperationTimeoutDoesNotHoldTheRedeployUp() {
    Declaration declaration = redeploying();

    pass(declaration); // cancelled; Flink ignores it here, the job keeps RUNNING
    clock.advance(OPERATION_TIMEOUT.minusSeconds(1));
    pass(declaration);
    assertThat(jobManagerThere()).isTrue();
    assertThat(jobManager.requests().stream().filter(request -> request.startsWith("PATCH")).count()).as("the cancel asked again").isEqualTo(2);

    clock.advance(Duration.ofSeconds(2));
    pass(declaration);
    assertThat(jobManagerThere()).as("replaced past the operation timeout").isFalse();
    assertThat(warnings()).containsExactly(EventReasons.CANCEL_OVERDUE);
  }

  /**
   * A stateless upgrade (a new template) cancels its job first too, and goes on only once Flink reports it ended (since
   * 2026-12-07; before, the pods were replaced with the job running, and only the deletion of Kubernetes HA's
   * ConfigMaps kept the next JobManager from recovering it, which a JobManager still running may write again and which
   * other HA services do not have).
   */
  @Test
  void aStatelessUpgradeCancelsItsJobAndGoesOnOnlyOnceItEnded() {
    MockApiTransitions.statefulSet(client, NAMESPACE, CLUSTER, JOB_MANAGER, 1, "r1", "r2");
    Declaration declaration = recorded(TransitionKind.UPGRADE, "r2",
        DeclarationFixture.application(NAMESPACE, CLUSTER).set("upgradeMode", "stateless"));

    pass(declaration);
    assertThat(jobManager.requests()).as("the job cancelled before its pods are replaced").contains("PATCH /jobs/" + JOB + "?mode=cancel");
    assertThat(step(declaration)).isEqualTo(TransitionStep.STOP_TRIGGERED);
    assertThat(jobManagerThere()).isTrue();

    jobState = JobState.CANCELLING;
    clock.advance(Duration.ofSeconds(2));
    pass(declaration);
    assertThat(step(declaration)).as("still cancelling").isEqualTo(TransitionStep.STOP_TRIGGERED);
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get()).isNull();

    jobState = JobState.CANCELED;
    clock.advance(Duration.ofSeconds(2));
    pass(declaration);
    assertThat(step(declaration)).as("on once the job ended").isIn(TransitionStep.RESTORE_WRITTEN, TransitionStep.APPLIED);
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get().getData())
        .as("the new job starts without state").containsEntry(RestoreState.PATH_KEY, "");
    assertThat(warnings()).isEmpty();
  }

  /** The redeploy recorded at its first step, its job running. */
  private Declaration redeploying() {
    return recorded(TransitionKind.REDEPLOY, "r1", DeclarationFixture.application(NAMESPACE, CLUSTER).set("redeployNonce", 1));
  }

  /** A stateless {@code kind} to the JobManager's revision {@code revision} recorded at its first step, its job running. */
  private Declaration recorded(TransitionKind kind, String revision, DeclarationFixture fixture) {
    Declaration declaration = fixture.declaration(client);
    String target = JOB_MANAGER + "=" + JOB_MANAGER + "-" + revision + "," + TASK_MANAGER + "=" + TASK_MANAGER + "-r1";
    Transition transition = new Transition(kind, TransitionStep.RECORDED, UpgradeMode.STATELESS, JOB, null, null,
        target, null, Map.of(), null, clock.instant(), clock.instant(), null);
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.UPGRADING).job(JOB, "RUNNING").transition(transition).build());
    return declaration;
  }

  private void pass(Declaration declaration) {
    VersionedStatus status = store.read(declaration.identity(), RuntimeStatus.initial(null));
    JobObservation observation = JobObservation.reachable(clock.instant(), Optional.of(new ObservedJob(JOB, CLUSTER, jobState,
        jobState == JobState.RUNNING, clock.instant().minusSeconds(600))));
    transitions.run(new Pass(declaration, status, observation,
        new FlinkClients(Duration.ofSeconds(2)).forUrl(jobManager.uri()), store,
        StepListener.NONE));
  }

  private RuntimeStatus status(Declaration declaration) {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  private TransitionStep step(Declaration declaration) {
    return status(declaration).transition().step();
  }

  private boolean jobManagerThere() {
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(JOB_MANAGER + "-0").get();
    return pod != null && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private List<String> warnings() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(event -> "Warning".equals(event.getType())).map(event -> event.getReason()).toList();
  }
}
