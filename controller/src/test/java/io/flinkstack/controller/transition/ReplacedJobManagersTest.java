package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which JobManager pods an application's transition replaces, and which it tells not to start from the restore
 * ConfigMap meant for their replacement: the ones there when it writes the ConfigMap (by uid), and for an upgrade the
 * revision it leads away from; and, for a cluster without HA, the TaskManager pods it replaces with them. The mock API server holds the StatefulSets, their pods (each with the uid the mock gave it, as
 * the API server gives every pod one) and the FlinkJob; the JobManager's REST endpoint does not answer (the transition
 * is past its stop). The JobManager's side of it, the start script refusing to start, runs under a real sh in
 * {@code ControllerUpgradeFeatureTest}; the whole window with real Flink JVMs is {@code JobManagerRestartedDuringUpgradeTest}
 * (e2e, bench).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ReplacedJobManagersTest {
  private static final String NAMESPACE = "flink";
  private static final String CLUSTER = "orders";
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final String SAVEPOINT = "file:/state/savepoints/savepoint-012345-000000000001";
  private static final String JOB_MANAGER = ClusterNames.jobManager(CLUSTER);
  private static final String TASK_MANAGER = ClusterNames.taskManager(CLUSTER);

  KubernetesClient client;
  @TempDir Path work;

  private MockApiTransitions run;

  @BeforeEach
  void start() {
    run = new MockApiTransitions(client, work);
  }

  /**
   * Only the TaskManagers' template changed: the JobManager's pod is at its set's update revision, and yet the job the
   * upgrade stopped must start again from the savepoint, which only a new JobManager does.
   */
  @Test
  void anUpgradeOfTheTaskManagersTemplateAloneReplacesTheJobManagerToo() {
    statefulSet(JOB_MANAGER, 1, "r1", "r1");
    statefulSet(TASK_MANAGER, 2, "r1", "r2");
    String jobManager = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    pod(TASK_MANAGER + "-1", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.UPGRADE, TransitionStep.RESTORE_PATH_RECORDED, "r1", "r2");

    run.pass(declaration); // the restore ConfigMap; the gates seen open next
    assertThat(restoreData()).containsEntry(RestoreState.PATH_KEY, SAVEPOINT)
        .containsEntry(RestoreState.REPLACED_PODS_KEY, jobManager + "\n")
        .containsEntry(RestoreState.REPLACED_REVISIONS_KEY, "");
    run.statefulSetControllerObserves(NAMESPACE);
    run.pass(declaration);

    assertThat(run.status(declaration).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(podUids()).as("every pod deleted, the JobManager whose template is unchanged too").isEmpty();
  }

  /** A new image: the JobManager's revision changes, and a pod made from the old one after the write does not start. */
  @Test
  void anUpgradeNamesTheRevisionItLeavesAndReplacesEveryPodThereWas() {
    statefulSet(JOB_MANAGER, 1, "r1", "r2");
    statefulSet(TASK_MANAGER, 1, "r1", "r2");
    String jobManager = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.UPGRADE, TransitionStep.RESTORE_PATH_RECORDED, "r2", "r2");

    run.pass(declaration);
    assertThat(restoreData()).containsEntry(RestoreState.REPLACED_PODS_KEY, jobManager + "\n")
        .containsEntry(RestoreState.REPLACED_REVISIONS_KEY, JOB_MANAGER + "-r1\n");
    run.statefulSetControllerObserves(NAMESPACE);
    run.pass(declaration);
    assertThat(podUids()).isEmpty();
  }

  /**
   * A restart whose controller was replaced after it deleted the JobManager and before it recorded {@code APPLIED}: the
   * JobManager there now started after the ConfigMap was written, from it, and is left alone. (Until 2026-12-06 it was
   * deleted once more, and its successor restored the same savepoint again.)
   */
  @Test
  void aRestartTakenUpAgainLeavesTheJobManagerStartedForItAlone() {
    statefulSet(JOB_MANAGER, 1, "r1", "r1");
    statefulSet(TASK_MANAGER, 1, "r1", "r1");
    String jobManager = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.RESTART, TransitionStep.RESTORE_PATH_RECORDED, "r1", "r1");

    run.pass(declaration);
    assertThat(restoreData()).containsEntry(RestoreState.REPLACED_PODS_KEY, jobManager + "\n")
        .doesNotContainKey(RestoreState.REPLACED_REVISIONS_KEY);
    assertThat(podUids()).as("the old JobManager deleted, the TaskManager kept").containsOnlyKeys(TASK_MANAGER + "-0");

    // The StatefulSet controller recreates the JobManager; the transition is taken up again at RESTORE_WRITTEN.
    String replacement = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    VersionedStatus now = run.store.read(declaration.identity(), RuntimeStatus.initial(null));
    run.store.write(declaration.identity(), now, StatusEdit.of(now.status())
        .transition(now.status().transition().at(TransitionStep.RESTORE_WRITTEN, run.clock.instant())).build());
    run.pass(declaration);

    assertThat(run.status(declaration).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(podUids()).containsEntry(JOB_MANAGER + "-0", replacement);
  }

  /**
   * A resume whose sets someone else scaled up first (a {@code kubectl apply} of the manifests, which declare replicas,
   * before the controller): the JobManager there when the resume writes the ConfigMap started from the one the suspend
   * left, so it is named as replaced, and its start script would exit for good; the resume deletes it, and its
   * replacement starts from the resume's ConfigMap. Found on Flink 2.2's own jars by e2e's ApplicationRun: the resumed
   * job never ran. (Without anyone else scaling up, no pod is there at the write, and nothing is deleted.)
   */
  @Test
  void aResumeReplacesAJobManagerScaledUpBeforeItWroteTheRestoreConfigMap() {
    statefulSet(JOB_MANAGER, 1, "r1", "r1");
    statefulSet(TASK_MANAGER, 1, "r1", "r1");
    String jobManager = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.RESUME, TransitionStep.RESTORE_PATH_RECORDED, "r1", "r1");

    run.pass(declaration); // the restore ConfigMap; the gates closed, seen closed next
    assertThat(restoreData()).containsEntry(RestoreState.PATH_KEY, SAVEPOINT).containsEntry(RestoreState.REPLACED_PODS_KEY, jobManager + "\n");
    run.statefulSetControllerObserves(NAMESPACE);
    run.pass(declaration);

    assertThat(run.status(declaration).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(podUids()).as("the JobManager started before the write deleted, the TaskManager kept")
        .containsOnlyKeys(TASK_MANAGER + "-0");
  }

  /**
   * Without HA a TaskManager kept through a restart registers with the new JobManager only after Flink's heartbeat
   * timeout (about 45 s on Flink 2.3's own jars, e2e's {@code ApplicationRun.runStateless}), so the restart replaces the
   * TaskManagers too, named by uid like the JobManager: taken up again by a controller replaced before {@code APPLIED},
   * it leaves the pods started for it alone. (Until 2026-12-08 the TaskManagers stayed.)
   */
  @Test
  void withoutHighAvailabilityARestartReplacesTheTaskManagersTooAndTakenUpAgainLeavesTheNewOnesAlone() {
    flinkConfiguration("config.yaml", "taskmanager.numberOfTaskSlots: 2\nstate.checkpoints.dir: file:///state/checkpoints\n");
    statefulSet(JOB_MANAGER, 1, "r1", "r1");
    statefulSet(TASK_MANAGER, 2, "r1", "r1");
    String jobManager = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    String first = pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    String second = pod(TASK_MANAGER + "-1", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.RESTART, TransitionStep.RESTORE_PATH_RECORDED, "r1", "r1");

    run.pass(declaration);
    assertThat(restoreData()).containsEntry(RestoreState.REPLACED_PODS_KEY, jobManager + "\n")
        .containsEntry(RestoreState.REPLACED_TASK_MANAGERS_KEY, first + "\n" + second + "\n");
    assertThat(podUids()).as("the JobManager and both TaskManagers deleted").isEmpty();

    // The StatefulSet controller recreates them; the transition is taken up again at RESTORE_WRITTEN.
    String newJobManager = pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    String newTaskManager = pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    VersionedStatus now = run.store.read(declaration.identity(), RuntimeStatus.initial(null));
    run.store.write(declaration.identity(), now, StatusEdit.of(now.status())
        .transition(now.status().transition().at(TransitionStep.RESTORE_WRITTEN, run.clock.instant())).build());
    run.pass(declaration);

    assertThat(run.status(declaration).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(podUids()).containsEntry(JOB_MANAGER + "-0", newJobManager).containsEntry(TASK_MANAGER + "-0", newTaskManager);
  }

  /**
   * Whether the cluster has HA is read from its Flink configuration as synthesized (the {@code <cluster>-config}
   * ConfigMap): any type but {@code NONE}, under the key of either generation, flat or nested, keeps the TaskManagers; no
   * type, or {@code NONE}, replaces them; no configuration at all keeps them (as before: nothing to judge by).
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("configurations")
  void aRestartReplacesTheTaskManagersExactlyWhenTheFlinkConfigurationHasNoHighAvailability(String file, String text, boolean replaced) {
    if (file != null) {
      flinkConfiguration(file, text);
    }
    statefulSet(JOB_MANAGER, 1, "r1", "r1");
    statefulSet(TASK_MANAGER, 1, "r1", "r1");
    pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    String taskManager = pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.RESTART, TransitionStep.RESTORE_PATH_RECORDED, "r1", "r1");

    run.pass(declaration);

    assertThat(podUids()).as("pods after the restart").isEqualTo(replaced ? Map.of() : Map.of(TASK_MANAGER + "-0", taskManager));
    if (replaced) {
      assertThat(restoreData()).containsEntry(RestoreState.REPLACED_TASK_MANAGERS_KEY, taskManager + "\n");
    } else {
      assertThat(restoreData()).doesNotContainKey(RestoreState.REPLACED_TASK_MANAGERS_KEY);
    }
  }

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("config.yaml", "high-availability.type: kubernetes\nhigh-availability.storageDir: file:///state/ha\n", false),
        Arguments.of("config.yaml", "high-availability:\n  type: zookeeper\n", false),
        Arguments.of("flink-conf.yaml", "high-availability: zookeeper\n", false),
        Arguments.of("config.yaml", "high-availability.type: org.example.CustomHaServicesFactory\n", false),
        Arguments.of("config.yaml", "high-availability.type: NONE\n", true),
        Arguments.of("flink-conf.yaml", "parallelism.default: 2\n", true),
        Arguments.of(null, null, false));
  }

  /**
   * An upgrade of the JobManager's template alone, without HA: the TaskManagers, at their set's update revision already,
   * are replaced too.
   */
  @Test
  void withoutHighAvailabilityAnUpgradeOfTheJobManagersTemplateAloneReplacesTheTaskManagersToo() {
    flinkConfiguration("config.yaml", "taskmanager.numberOfTaskSlots: 2\n");
    statefulSet(JOB_MANAGER, 1, "r1", "r2");
    statefulSet(TASK_MANAGER, 1, "r1", "r1");
    pod(JOB_MANAGER + "-0", Labels.COMPONENT_JOBMANAGER, "r1");
    String taskManager = pod(TASK_MANAGER + "-0", Labels.COMPONENT_TASKMANAGER, "r1");
    Declaration declaration = recorded(TransitionKind.UPGRADE, TransitionStep.RESTORE_PATH_RECORDED, "r2", "r1");

    run.pass(declaration); // the restore ConfigMap; the gates seen open next
    assertThat(restoreData()).containsEntry(RestoreState.REPLACED_TASK_MANAGERS_KEY, taskManager + "\n");
    run.statefulSetControllerObserves(NAMESPACE);
    run.pass(declaration);

    assertThat(run.status(declaration).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(podUids()).as("every pod deleted, the TaskManager whose template is unchanged too").isEmpty();
  }

  /** The transition recorded at {@code step}, its target the sets' update revisions {@code jobManager} and {@code taskManager}. */
  private Declaration recorded(TransitionKind kind, TransitionStep step, String jobManager, String taskManager) {
    Declaration declaration = DeclarationFixture.application(NAMESPACE, CLUSTER).declaration(client);
    String target = JOB_MANAGER + "=" + JOB_MANAGER + "-" + jobManager + "," + TASK_MANAGER + "=" + TASK_MANAGER + "-" + taskManager;
    Transition transition = new Transition(kind, step, UpgradeMode.SAVEPOINT, JOB, null, SAVEPOINT, target, null, Map.of(), 2.0,
        run.clock.instant().minusSeconds(30), run.clock.instant(), null);
    run.store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.UPGRADING).job(JOB, "FINISHED").transition(transition).build());
    return declaration;
  }

  /** The cluster's Flink ConfigMap as the constructs synthesize it: {@code file} holding {@code text}. */
  private void flinkConfiguration(String file, String text) {
    client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(ClusterNames.config(CLUSTER))
        .endMetadata().addToData(file, text).build()).create();
  }

  private Map<String, String> restoreData() {
    return client.configMaps().inNamespace(NAMESPACE).withName(RestoreState.configMap(CLUSTER)).get().getData();
  }

  /** Pod name → uid of the pods there now. */
  private Map<String, String> podUids() {
    Map<String, String> uids = new TreeMap<>();
    for (Pod pod : client.pods().inNamespace(NAMESPACE).list().getItems()) {
      uids.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
    }
    return uids;
  }

  private void statefulSet(String name, int replicas, String current, String update) {
    MockApiTransitions.statefulSet(client, NAMESPACE, CLUSTER, name, replicas, current, update);
  }

  private String pod(String name, String component, String revision) {
    return MockApiTransitions.readyPod(client, NAMESPACE, CLUSTER, name, component, revision);
  }
}
