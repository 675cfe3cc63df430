package io.flinkstack.controller.autoscaler.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ReplicasOwner;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.MovableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In act mode the autoscaler asks for the TaskManagers a new parallelism needs by raising the TaskManager
 * StatefulSet, unless an HPA owns its replicas. The sets are stored as a real API server holds them: {@code
 * spec.replicas} always present (defaulting, or the HPA's own count), so only the constructs' {@link ReplicasOwner}
 * mark says who owns the count. Before the mark, the controller took a missing field for the HPA's, which a real API
 * server never shows, and raised a set its HPA would lower again.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AutoscalerTaskManagersTest {
  KubernetesClient client;

  private AutoscalerRunner runner(Fabric8KubernetesGateway gateway) {
    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    return new AutoscalerRunner(gateway, new StatusStore(gateway, clock), new EventRecorder(gateway, clock), null, clock);
  }

  private Declaration declaration() throws Exception {
    return DeclarationFixture.application("flink", "orders").set("parallelism", 4).declaration(client);
  }

  private void taskManagers(int replicas, Map<String, String> annotations) {
    client.apps().statefulSets().inNamespace("flink").resource(new StatefulSetBuilder()
        .withNewMetadata().withName("orders-taskmanager").withAnnotations(annotations).endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName("orders-taskmanager").endSpec()
        .build()).create();
  }

  private int replicas() {
    return client.apps().statefulSets().inNamespace("flink").withName("orders-taskmanager").get().getSpec().getReplicas();
  }

  private List<String> events() {
    return client.v1().events().inNamespace("flink").list().getItems().stream()
        .filter(event -> AutoscalerRunner.EVENT_TASKMANAGERS.equals(event.getReason())).map(event -> event.getMessage()).toList();
  }

  @Test
  void anHpaOwnedSetIsLeftAtTheHpasCountAndTheNeedIsReported() throws Exception {
    taskManagers(2, Map.of(ReplicasOwner.ANNOTATION, ReplicasOwner.horizontalPodAutoscaler("orders-taskmanager")));
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    AutoscalerRunner runner = runner(gateway);
    Declaration declaration = declaration();

    runner.requestTaskManagers(declaration, 4);
    runner.requestTaskManagers(declaration, 4);

    assertThat(replicas()).isEqualTo(2);
    assertThat(events()).containsExactly("the new parallelism needs 4 TaskManager(s); HorizontalPodAutoscaler/orders-taskmanager"
        + " owns orders-taskmanager's replicas, so they are not changed here");
  }

  @Test
  void aSetWithoutAnOwnerIsRaisedToTheNeedAndNeverLowered() throws Exception {
    taskManagers(2, Map.of());
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    AutoscalerRunner runner = runner(gateway);
    Declaration declaration = declaration();

    runner.requestTaskManagers(declaration, 4);
    assertThat(replicas()).isEqualTo(4);
    runner.requestTaskManagers(declaration, 3);
    assertThat(replicas()).isEqualTo(4);
    assertThat(events()).containsExactly("scaled orders-taskmanager from 2 to 4 TaskManager(s) for the new parallelism");
  }
}
