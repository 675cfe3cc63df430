package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/**
 * The kubelet part's reading of {@code spec.readinessGates}, as upstream's {@code GeneratePodReadyCondition}
 * (pkg/kubelet/status/generate.go): a missing or non-True condition keeps the pod unready, with upstream's messages.
 */
class KubeletReadinessGateTest {
  private static final String GATE = "flinkstack.io/revision-verified";

  @Test
  void aPodWithoutGatesWaitsForNothing() {
    assertThat(Kubelet.unreadyGate(new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec().build())).isNull();
  }

  @Test
  void aGateWithoutItsConditionOrWithItFalseKeepsThePodUnreadyAndTrueReleasesIt() {
    assertThat(Kubelet.unreadyGate(gated(null))).contains("does not exist").contains(GATE);
    assertThat(Kubelet.unreadyGate(gated("False"))).contains("is not \"True\", but False");
    assertThat(Kubelet.unreadyGate(gated("True"))).isNull();
  }

  private static Pod gated(String status) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewReadinessGate(GATE).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus();
    if (status != null) {
      pod.editStatus().addNewCondition().withType(GATE).withStatus(status).endCondition().endStatus();
    }
    return pod.build();
  }
}
