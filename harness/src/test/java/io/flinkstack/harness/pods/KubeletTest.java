package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.harness.FlinkProcessLauncher;
import io.flinkstack.harness.FlinkRelease;
import io.flinkstack.controller.testing.FlinkTestClasspath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's refusal of a pod that declares another Flink version than the harness' jars. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubeletTest {
  private static final String NS = "flink";
  private static final FlinkRelease JARS = FlinkRelease.parse("1.20.3");

  KubernetesClient client;

  @TempDir Path work;

  @Test
  void theDeclaredMajorMinorMustBeTheJarsOne() {
    assertThat(Kubelet.versionMismatch(pod("p", "1.20"), JARS)).isEmpty();
    assertThat(Kubelet.versionMismatch(pod("p", "1.20.1"), JARS)).isEmpty();
    assertThat(Kubelet.versionMismatch(pod("p", null), JARS)).isEmpty(); // no label, no check
    assertThat(Kubelet.versionMismatch(pod("p", "2.1"), JARS))
        .hasValue("pod declares Flink 2.1 but the harness runs Flink 1.20.3 jars; give the harness the declared version's jars");
    assertThat(Kubelet.versionMismatch(pod("p", "1.18"), JARS)).isPresent();
    assertThat(Kubelet.versionMismatch(pod("p", "latest"), JARS)).isPresent();
  }

  @Test
  void aPodOfAnotherVersionIsNeverStartedAndItsStatusSaysWhy() throws Exception {
    Pod pod = client.pods().inNamespace(NS).resource(pod("seq-jobmanager-0", "2.1")).create();
    Kubelet kubelet =
        new Kubelet(
            new Kubelet.Settings(
                client, NS, "seq", work, JARS, new FlinkProcessLauncher(List.of(), Files.createDirectories(work.resolve("launcher")), List.of()),
                new PodNetwork(20, 0), work, Map.of(), List.of(), Map.of(), work.toUri(), work.toUri(), Kubelet.Termination.KILL, Duration.ofSeconds(1)));
    kubelet.sync(List.of(pod));
    kubelet.sync(List.of(client.pods().inNamespace(NS).withName("seq-jobmanager-0").get()));

    Kubelet.Runtime runtime = kubelet.runtime("seq-jobmanager-0").orElseThrow();
    assertThat(runtime.starts).isZero();
    assertThat(runtime.process).isNull();
    Pod written = client.pods().inNamespace(NS).withName("seq-jobmanager-0").get();
    assertThat(written.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(written.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
    ContainerStateWaiting waiting = written.getStatus().getContainerStatuses().get(0).getState().getWaiting();
    assertThat(waiting.getReason()).isEqualTo(Kubelet.VERSION_MISMATCH);
    assertThat(waiting.getMessage()).contains("declares Flink 2.1", "Flink 1.20.3 jars");
  }

  @Test
  void theHarnessSurfacesTheRefusalAtOnce() {
    String jm = ClusterNames.jobManager("seq");
    client.apps().statefulSets().inNamespace(NS)
        .resource(new StatefulSetBuilder().withNewMetadata().withName(jm).withNamespace(NS).endMetadata()
            .withNewSpec().withReplicas(1).withServiceName(jm)
            .withNewSelector().addToMatchLabels(Labels.COMPONENT, Labels.COMPONENT_JOBMANAGER).endSelector()
            .withNewTemplate().withNewMetadata().addToLabels(Labels.COMPONENT, Labels.COMPONENT_JOBMANAGER).addToLabels(Labels.VERSION, "2.1").endMetadata()
            .withNewSpec().addNewContainer().withName("jobmanager").withImage("flink:2.1").withArgs("standalone-job").endContainer().endSpec()
            .endTemplate().endSpec().build())
        .create();
    try (PodHarness harness =
        PodHarness.builder(client, NS, "seq").flinkClasspath(FlinkTestClasspath.jars()).workDirectory(work).pollInterval(Duration.ofMillis(50)).start()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> harness.awaitPodsReady(Duration.ofSeconds(60)))
          .hasMessageContaining(jm + "-0 cannot start")
          .hasMessageContaining("FlinkVersionMismatch: pod declares Flink 2.1 but the harness runs Flink 1.20");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      assertThat(harness.waiting(jm + "-0")).hasValueSatisfying(text -> assertThat(text).startsWith("FlinkVersionMismatch: "));
      assertThat(harness.processFor(jm + "-0")).isEmpty();
    }
  }

  private static Pod pod(String name, String version) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels(Labels.COMPONENT, Labels.COMPONENT_JOBMANAGER).endMetadata()
        .withNewSpec().addNewContainer().withName("jobmanager").withImage("flink").withArgs("standalone-job").endContainer().endSpec();
    if (version != null) {
      pod.editMetadata().addToLabels(Labels.VERSION, version).endMetadata();
    }
    return pod.build();
  }
}
