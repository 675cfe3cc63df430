package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The StatefulSet part alone, on the mock API server, with readiness decided by the test (no processes). */
@EnableKubernetesMockClient(crud = true, https = false)
class StatefulSetEmulationTest {
  private static final String NS = "flink";

  KubernetesClient client;

  @Test
  void replicasNullKeepsTheCountAndScalingTakesTheHighestOrdinals() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("tm", null, "Parallel", null));
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0); // an autoscaler owns replicas: start with 1

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(3).endSpec().build());
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // Parallel: all at once

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(null).endSpec().build());
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // null again: the count stays

    edit("tm", s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build());
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    StatefulSet set = get("tm");
    assertThat(set.getStatus().getReplicas()).isEqualTo(1);
    assertThat(set.getStatus().getObservedGeneration()).isEqualTo(set.getMetadata().getGeneration());
  }

  @Test
  void orderedReadyCreatesOnePodAfterTheOther() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("jm", 2, null, null));
    emulation.sync(get("jm"), pods("jm"), name -> false);
    emulation.sync(get("jm"), pods("jm"), name -> false);
    assertThat(pods("jm").keySet()).containsExactly(0); // jm-0 not ready: jm-1 waits
    emulation.sync(get("jm"), pods("jm"), name -> true);
    assertThat(pods("jm").keySet()).containsExactly(0, 1);
  }

  @Test
  void rollingUpdateReplacesTheHighestOutdatedPodOneAtATime() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("tm", 3, "Parallel", null));
    emulation.sync(get("tm"), pods("tm"), name -> true);
    String oldRevision = get("tm").getStatus().getUpdateRevision();
    addEnv("tm");
    StatefulSet changed = get("tm");
    String newRevision = emulation.updateRevision(changed);
    assertThat(newRevision).isNotEqualTo(oldRevision);

    emulation.sync(changed, pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 1); // tm-2 deleted first
    emulation.sync(get("tm"), pods("tm"), name -> !name.equals("tm-2"));
    assertThat(StatefulSetEmulation.revisionOf(pods("tm").get(2))).isEqualTo(newRevision);
    emulation.sync(get("tm"), pods("tm"), name -> !name.equals("tm-2"));
    assertThat(pods("tm").keySet()).containsExactly(0, 1, 2); // waits for the replacement to be ready
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").keySet()).containsExactly(0, 2); // then tm-1
    StatefulSet status = get("tm");
    assertThat(status.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(status.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").values()).allSatisfy(pod -> assertThat(StatefulSetEmulation.revisionOf(pod)).isEqualTo(newRevision));
    assertThat(get("tm").getStatus().getCurrentRevision()).isEqualTo(newRevision);
  }

  @Test
  void onDeleteLeavesOutdatedPodsAlone() {
    StatefulSetEmulation emulation = new StatefulSetEmulation(client, NS);
    create(set("tm", 2, "Parallel", "OnDelete"));
    emulation.sync(get("tm"), pods("tm"), name -> true);
    String oldRevision = get("tm").getStatus().getUpdateRevision();
    addEnv("tm");
    emulation.sync(get("tm"), pods("tm"), name -> true);
    emulation.sync(get("tm"), pods("tm"), name -> true);
    assertThat(pods("tm").values()).allSatisfy(pod -> assertThat(StatefulSetEmulation.revisionOf(pod)).isEqualTo(oldRevision));
    assertThat(get("tm").getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
    assertThat(get("tm").getStatus().getUpdatedReplicas()).isZero();
  }

  private StatefulSet set(String name, Integer replicas, String podManagement, String strategy) {
    StatefulSetBuilder builder =
        new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
            .withNewSpec().withReplicas(replicas).withPodManagementPolicy(podManagement).withServiceName(name)
            .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
            .withNewSpec().addNewContainer().withName("taskmanager").withArgs("taskmanager").endContainer().endSpec()
            .endTemplate().endSpec();
    if (strategy != null) {
      builder.editSpec().withNewUpdateStrategy().withType(strategy).endUpdateStrategy().endSpec();
    }
    return builder.build();
  }

  private void create(StatefulSet set) {
    client.apps().statefulSets().inNamespace(NS).resource(set).create();
  }

  private StatefulSet get(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private void edit(String name, UnaryOperator<StatefulSet> change) {
    client.apps().statefulSets().inNamespace(NS).withName(name).edit(change);
  }

  private void addEnv(String name) {
    edit(name, s -> new StatefulSetBuilder(s).editSpec().editTemplate().editSpec().editFirstContainer()
        .addToEnv(new EnvVarBuilder().withName("X").withValue("1").build()).endContainer().endSpec().endTemplate().endSpec().build());
  }

  private TreeMap<Integer, Pod> pods(String set) {
    TreeMap<Integer, Pod> pods = new TreeMap<>();
    List<Pod> items = client.pods().inNamespace(NS).list().getItems();
    for (Pod pod : items) {
      String podName = pod.getMetadata().getName();
      if (podName.startsWith(set + "-")) {
        pods.put(Integer.parseInt(podName.substring(set.length() + 1)), pod);
      }
    }
    return pods;
  }
}
