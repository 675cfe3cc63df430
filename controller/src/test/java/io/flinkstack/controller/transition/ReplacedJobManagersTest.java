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
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JobManager pods an application's transition replaces, and which it tells not to start from the restore
 * ConfigMap meant for their replacement: the ones there when it writes the ConfigMap (by uid), and for an upgrade the
 * revision it leads away from. The mock API server holds the StatefulSets, their pods (each with the uid the mock gave it, as
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
