package io.flinkstack.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void listsDeclarationsOfKnownKindsInOneNamespaceOrAll() {
    DeclarationFixture.application("team-b", "clicks").apply(client);
    DeclarationFixture.application("team-a", "orders").apply(client);
    DeclarationFixture.sessionJob("team-a", "shared", "payments").apply(client);
    client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("orders-config")
        .addToLabels(SessionJobs.LABEL_SESSION_CLUSTER, "orders").endMetadata().build()).create();
    client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("future")
        .addToLabels(SessionJobs.LABEL_DECLARATION, "something-newer").endMetadata().build()).create();

    assertThat(gateway.listDeclarations(Optional.of("team-a"))).extracting(ConfigMapSnapshot::name)
        .containsExactly("orders-runtime", "shared-job-payments");
    assertThat(gateway.listDeclarations(Optional.empty())).extracting(c -> c.namespace() + "/" + c.name())
        .containsExactly("team-a/orders-runtime", "team-a/shared-job-payments", "team-b/clicks-runtime");
    assertThat(gateway.listDeclarations(Optional.of("team-a")).get(0).data()).containsKey(SessionJobs.JOB_KEY);
  }

  @Test
  void statusWritesAreConditionalOnTheVersionRead() {
    ConfigMapSnapshot draft = new ConfigMapSnapshot("flink", "orders-status", null, null, Map.of("a", "b"), Map.of(), Map.of("status.yaml", "v: 1\n"));

    assertThat(gateway.readStatus("flink", "orders-status")).isEmpty();
    ConfigMapSnapshot created = gateway.writeStatus(draft);
    assertThat(created.resourceVersion()).isNotBlank();
    assertThat(created.uid()).isNotBlank();
    assertThatThrownBy(() -> gateway.writeStatus(draft)).as("create of an existing one").isInstanceOf(StatusConflictException.class);

    ConfigMapSnapshot updated = gateway.writeStatus(created.withData(Map.of("status.yaml", "v: 2\n")));
    assertThat(updated.resourceVersion()).isNotEqualTo(created.resourceVersion());
    assertThat(gateway.readStatus("flink", "orders-status").orElseThrow().data()).containsEntry("status.yaml", "v: 2\n");

    // A second controller that read the first version loses: its write must not land.
    assertThatThrownBy(() -> gateway.writeStatus(created.withData(Map.of("status.yaml", "v: stale\n"))))
        .isInstanceOfSatisfying(StatusConflictException.class, conflict -> assertThat(conflict.status()).isEqualTo(409));
    assertThat(gateway.readStatus("flink", "orders-status").orElseThrow().data()).containsEntry("status.yaml", "v: 2\n");
  }

  @Test
  void recordsEventsAboutAnObject() {
    ConfigMapSnapshot declaration = DeclarationFixture.application("flink", "orders").apply(client);

    gateway.recordEvent(new KubernetesEvent(declaration.ref(), KubernetesEvent.Type.WARNING, "SavepointFailed", "x".repeat(5000),
        Instant.parse("2026-11-20T12:00:00.5Z")));
    gateway.recordEvent(new KubernetesEvent(declaration.ref(), KubernetesEvent.Type.NORMAL, "SavepointCompleted", "done", Instant.now()));

    List<Event> events = client.v1().events().inNamespace("flink").list().getItems();
    assertThat(events).hasSize(2);
    Event warning = events.stream().filter(event -> event.getReason().equals("SavepointFailed")).findFirst().orElseThrow();
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getInvolvedObject().getName()).isEqualTo("orders-runtime");
    assertThat(warning.getInvolvedObject().getUid()).isEqualTo(declaration.uid());
    assertThat(warning.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
    assertThat(warning.getMessage()).hasSizeLessThanOrEqualTo(1000);
    assertThat(warning.getLastTimestamp()).isEqualTo("2026-11-20T12:00:00Z");
    assertThat(warning.getSource().getComponent()).isEqualTo("flinkstack-controller");
    assertThat(warning.getMetadata().getName()).startsWith("orders-runtime.");
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
