package io.flinkstack.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.UpgradeGate;
import org.junit.jupiter.api.Test;

/** When applied manifests wait for the controller (the upgrade gate) and when the StatefulSet controller has seen a change. */
class StatefulSetSnapshotTest {
  @Test
  void aClosedPartitionOrOnDeleteGatesAnOpenOneDoesNot() {
    assertThat(set("RollingUpdate", UpgradeGate.CLOSED, 3, 3).gated()).isTrue();
    assertThat(set("OnDelete", null, 3, 3).gated()).isTrue();
    assertThat(set("RollingUpdate", UpgradeGate.OPEN, 3, 3).gated()).isFalse();
    assertThat(set("RollingUpdate", null, 3, 3).gated()).as("no partition: Kubernetes rolls at once").isFalse();
  }

  @Test
  void observedOnceTheStatefulSetControllerCaughtUpWithTheGeneration() {
    assertThat(set("RollingUpdate", 0, 4, 3).observed()).isFalse();
    assertThat(set("RollingUpdate", 0, 4, 4).observed()).isTrue();
  }

  private static StatefulSetSnapshot set(String strategy, Integer partition, long generation, long observed) {
    return new StatefulSetSnapshot("flink", "a-taskmanager", 2, null, 2, 2, strategy, "a-1", "a-2", generation, observed, partition);
  }
}
