package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.kubernetes.StatefulSetSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which gated pods the controller may mark verified, and what a rollback goes back to. */
class ClusterPodsTest {

  @Test
  void anUpgradesNewPodsWaitWhileTheirSetsCurrentRevisionIsAnotherOneEveryOtherPodIsMarked() {
    ClusterPods pods = new ClusterPods(List.of(
        workload("a-jobmanager", "rev-1", "rev-2", pod("a-jobmanager-0", "rev-2", false)),
        workload("a-taskmanager", "tm-1", "tm-1", pod("a-taskmanager-0", "tm-1", false), pod("a-taskmanager-1", "tm-1", true))));

    assertThat(pods.verifiable()).extracting(PodSnapshot::name)
        .as("only pods at their set's current revision: the new JobManager waits for its job, the TaskManagers' template"
            + " did not change")
        .containsExactly("a-taskmanager-0");
    assertThat(pods.current()).isEqualTo("a-jobmanager=rev-1,a-taskmanager=tm-1");
    assertThat(pods.notAt(pods.current())).extracting(PodSnapshot::name).containsExactly("a-jobmanager-0");
  }

  @Test
  void aSetWhoseNewRevisionIsCurrentAlreadyHoldsNothingBackAndOneWithoutACurrentRevisionHoldsAll() {
    ClusterPods pods = new ClusterPods(List.of(workload("a-jobmanager", "rev-2", "rev-2", pod("a-jobmanager-0", "rev-2", false))));
    assertThat(pods.verifiable()).extracting(PodSnapshot::name).containsExactly("a-jobmanager-0");
    ClusterPods unknown = new ClusterPods(List.of(workload("a-jobmanager", null, "rev-2", pod("a-jobmanager-0", "rev-2", false))));
    assertThat(unknown.verifiable()).isEmpty();
  }

  @Test
  void containersReadyPodsCountWhileTheirGateWaitsButNotAsReady() {
    ClusterPods pods = new ClusterPods(List.of(workload("a-jobmanager", "rev-1", "rev-2", pod("a-jobmanager-0", "rev-2", false))));
    assertThat(pods.allUpdatedAndReady(true)).isTrue();
    assertThat(pods.allUpdatedAndReady()).isFalse();
    assertThat(pods.allGated()).isTrue();
  }

  private static ClusterPods.Workload workload(String set, String current, String update, PodSnapshot... pods) {
    return new ClusterPods.Workload(
        new StatefulSetSnapshot("flink", set, pods.length, null, 0, 0, "RollingUpdate", current, update, 2, 2, 0), List.of(pods));
  }

  private static PodSnapshot pod(String name, String revision, boolean verified) {
    return new PodSnapshot("flink", name, Map.of(), revision, "Running", verified, false, true, true, verified);
  }
}
