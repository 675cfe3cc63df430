package io.flinkstack.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informer-backed gateway against fabric8's mock API server in CRUD mode (which replays every object as ADDED when
 * a watch starts: the gateway's listeners take a key twice without harm). Requests are counted on the mock server.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class InformedKubernetesGatewayTest {
  private static final Map<String, String> TASKMANAGERS =
      Map.of(Labels.NAME, Labels.NAME_FLINK, Labels.INSTANCE, "orders", Labels.COMPONENT, Labels.COMPONENT_TASKMANAGER);

  KubernetesClient client;
  KubernetesMockServer server;
  private DeclarationFixture orders;

  @BeforeEach
  void cluster() {
    orders = DeclarationFixture.application("flink", "orders");
    orders.apply(client);
    DeclarationFixture.application("other", "elsewhere").apply(client);
    client.apps().statefulSets().inNamespace("flink").resource(new StatefulSetBuilder()
        .withNewMetadata().withName("orders-taskmanager").addToLabels(TASKMANAGERS).endMetadata()
        .withNewSpec().withReplicas(1).endSpec().build()).create();
    client.pods().inNamespace("flink").resource(pod("orders-taskmanager-0")).create();
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels(TASKMANAGERS).endMetadata()
        .withNewStatus().withPhase("Running").endStatus().build();
  }

  @Test
  void atRestEveryReadComesFromTheCachesOfItsNamespaces() {
    try (InformedKubernetesGateway gateway = new InformedKubernetesGateway(client, List.of("flink"))) {
      gateway.start(Duration.ofSeconds(30));
      int before = server.getRequestCount();

      for (int i = 0; i < 50; i++) {
        assertThat(gateway.listFlinkJobs(Optional.of("flink"))).extracting(job -> job.getMetadata().getName())
            .containsExactly("orders");
        assertThat(gateway.flinkJob("flink", "orders")).isPresent();
        assertThat(gateway.statefulSet("flink", "orders-taskmanager")).hasValueSatisfying(set -> assertThat(set.replicas()).isEqualTo(1));
        assertThat(gateway.pods("flink", TASKMANAGERS)).extracting(PodSnapshot::name).containsExactly("orders-taskmanager-0");
      }

      assertThat(server.getRequestCount()).as("no request for 200 reads").isEqualTo(before);
      assertThat(gateway.listFlinkJobs(Optional.empty())).as("only the namespaces informed on").hasSize(1);
    }
  }

  @Test
  void aChangeOfTheFlinkJobOrOfAPodOfItsClusterNamesTheFlinkJob() {
    try (InformedKubernetesGateway gateway = new InformedKubernetesGateway(client, List.of("flink"))) {
      List<String> changed = new CopyOnWriteArrayList<>();
      gateway.onChange(changed::add);
      gateway.start(Duration.ofSeconds(30));
      Await.until(() -> changed, keys -> keys.contains("flink/orders"));

      changed.clear();
      orders.set("savepointTriggerNonce", 3).apply(client);
      Await.until(() -> changed, keys -> keys.contains("flink/orders"));

      changed.clear();
      client.pods().inNamespace("flink").withName("orders-taskmanager-0").edit(pod -> {
        pod.getStatus().setPhase("Failed");
        return pod;
      });
      Await.until(() -> changed, keys -> keys.contains("flink/orders"));
      assertThat(changed).containsOnly("flink/orders");

      changed.clear();
      client.resources(FlinkSnapshot.class).inNamespace("flink").resource(snapshot("before-upgrade", "orders")).create();
      Await.until(() -> changed, keys -> keys.contains("flink/orders"));
      assertThat(changed).as("a FlinkSnapshot names its job").containsOnly("flink/orders");
    }
  }

  @Test
  void aJobsSnapshotsComeFromTheCacheAndItsOwnSnapshotWritesAreSeenAtOnce() {
    client.resources(FlinkSnapshot.class).inNamespace("flink").resource(snapshot("b", "orders")).create();
    client.resources(FlinkSnapshot.class).inNamespace("flink").resource(snapshot("a", "someone-else")).create();
    try (InformedKubernetesGateway gateway = new InformedKubernetesGateway(client, List.of("flink"))) {
      gateway.start(Duration.ofSeconds(30));
      int before = server.getRequestCount();
      assertThat(gateway.flinkSnapshots("flink", "orders")).extracting(s -> s.getMetadata().getName()).containsExactly("b");
      assertThat(server.getRequestCount()).isEqualTo(before);

      FlinkSnapshot copy = client.getKubernetesSerialization().clone(gateway.flinkSnapshots("flink", "orders").get(0));
      copy.setStatus(new FlinkSnapshotStatus());
      copy.getStatus().state = FlinkSnapshotStatus.State.PENDING;
      gateway.writeFlinkSnapshotStatus(copy);
      assertThat(gateway.flinkSnapshots("flink", "orders").get(0).getStatus().state).isEqualTo(FlinkSnapshotStatus.State.PENDING);
      FlinkSnapshot held = client.getKubernetesSerialization().clone(gateway.flinkSnapshots("flink", "orders").get(0));
      held.getMetadata().setFinalizers(List.of(FlinkSnapshot.DISPOSE_FINALIZER));
      gateway.updateFlinkSnapshot(held);
      assertThat(gateway.flinkSnapshots("flink", "orders").get(0).getMetadata().getFinalizers())
          .containsExactly(FlinkSnapshot.DISPOSE_FINALIZER);
    }
  }

  private static FlinkSnapshot snapshot(String name, String job) {
    FlinkSnapshot snapshot = new FlinkSnapshot();
    snapshot.getMetadata().setName(name);
    snapshot.setSpec(new FlinkSnapshotSpec());
    snapshot.getSpec().job = job;
    return snapshot;
  }

  @Test
  void afterItsOwnWritesItNeverAnswersFromACacheThatDoesNotShowThemYet() {
    try (InformedKubernetesGateway gateway = new InformedKubernetesGateway(client, List.of("flink"))) {
      gateway.start(Duration.ofSeconds(30));

      FlinkJob job = gateway.flinkJob("flink", "orders").orElseThrow();
      FlinkJob copy = client.getKubernetesSerialization().clone(job);
      copy.setStatus(new FlinkJobStatus());
      copy.getStatus().jobState = "RUNNING";
      FlinkJob written = gateway.writeFlinkJobStatus(copy);
      // Read at once: either the cache shows the write already, or the API server is asked.
      assertThat(gateway.flinkJob("flink", "orders").orElseThrow().getMetadata().getResourceVersion())
          .isEqualTo(written.getMetadata().getResourceVersion());
      assertThat(gateway.listFlinkJobs(Optional.of("flink")).get(0).getStatus().jobState).isEqualTo("RUNNING");

      gateway.scaleStatefulSet("flink", "orders-taskmanager", 3);
      assertThat(gateway.statefulSet("flink", "orders-taskmanager").orElseThrow().replicas()).isEqualTo(3);

      assertThat(gateway.deletePod("flink", "orders-taskmanager-0")).isTrue();
      assertThat(gateway.pods("flink", TASKMANAGERS)).as("the deleted pod, even if the cache still has it").isEmpty();

      // Once the caches caught up, reads are free again.
      Await.until(() -> {
        int before = server.getRequestCount();
        gateway.flinkJob("flink", "orders");
        gateway.statefulSet("flink", "orders-taskmanager");
        gateway.pods("flink", TASKMANAGERS);
        return server.getRequestCount() - before;
      }, requests -> requests == 0);
    }
  }
}
