package io.flinkstack.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway against fabric8's mock API server in CRUD mode (real HTTP, objects stored as sent). */
@EnableKubernetesMockClient(crud = true, https = false)
class Fabric8KubernetesGatewayTest {
  KubernetesClient client;
  private KubernetesGateway gateway;

  @BeforeEach
  void gateway() {
    gateway = new Fabric8KubernetesGateway(client);
  }

  // Listing FlinkJobs and writing their status with optimistic concurrency: FlinkJobGatewayTest.

  @Test
  void recordsEventsAboutAnObject() {
    FlinkJob job = DeclarationFixture.application("flink", "orders").apply(client);
    ObjectRef declaration = new ObjectRef(job.getApiVersion(), job.getKind(), "flink", "orders", job.getMetadata().getUid());

    gateway.recordEvent(new KubernetesEvent(declaration, KubernetesEvent.Type.WARNING, "SavepointFailed", "x".repeat(5000),
        Instant.parse("2026-11-20T12:00:00.5Z")));
    gateway.recordEvent(new KubernetesEvent(declaration, KubernetesEvent.Type.NORMAL, "SavepointCompleted", "done", Instant.now()));

    List<Event> events = client.v1().events().inNamespace("flink").list().getItems();
    assertThat(events).hasSize(2);
    Event warning = events.stream().filter(event -> event.getReason().equals("SavepointFailed")).findFirst().orElseThrow();
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getInvolvedObject().getName()).isEqualTo("orders");
    assertThat(warning.getInvolvedObject().getUid()).isEqualTo(job.getMetadata().getUid());
    assertThat(warning.getInvolvedObject().getKind()).isEqualTo("FlinkJob");
    assertThat(warning.getMessage()).hasSizeLessThanOrEqualTo(1000);
    assertThat(warning.getLastTimestamp()).isEqualTo("2026-11-20T12:00:00Z");
    assertThat(warning.getSource().getComponent()).isEqualTo("flinkstack-controller");
    assertThat(warning.getMetadata().getName()).startsWith("orders.");
  }

  @Test
  void readsStatefulSetsAndDeletesPods() {
    client.apps().statefulSets().inNamespace("flink").resource(new StatefulSetBuilder()
        .withNewMetadata().withName("orders-taskmanager").withGeneration(3L).endMetadata()
        .withNewSpec().withReplicas(2).withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec()
        .withNewStatus().withReadyReplicas(1).withUpdatedReplicas(1).withCurrentRevision("r1").withUpdateRevision("r2")
        .withObservedGeneration(3L).withReplicas(2).endStatus()
        .build()).create();
    client.pods().inNamespace("flink").resource(new PodBuilder().withNewMetadata().withName("orders-taskmanager-0").endMetadata().build()).create();

    assertThat(gateway.statefulSet("flink", "orders-taskmanager")).hasValueSatisfying(set -> {
      assertThat(set.updateStrategy()).isEqualTo("OnDelete");
      assertThat(set.replicas()).isEqualTo(2);
      assertThat(set.readyReplicas()).isEqualTo(1);
      assertThat(set.currentRevision()).isEqualTo("r1");
      assertThat(set.updateRevision()).isEqualTo("r2");
    });
    assertThat(gateway.statefulSet("flink", "nothing")).isEmpty();
    assertThat(gateway.deletePod("flink", "orders-taskmanager-0")).isTrue();
    assertThat(client.pods().inNamespace("flink").withName("orders-taskmanager-0").get()).isNull();
    assertThat(gateway.deletePod("flink", "orders-taskmanager-0")).isFalse();
  }
}
