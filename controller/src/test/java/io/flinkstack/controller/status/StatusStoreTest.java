package io.flinkstack.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.RuntimeStatuses;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.kubernetes.StatusConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class StatusStoreTest {
  private static final DeclarationIdentity ORDERS = identity("orders-runtime", DeclarationKind.APPLICATION, "orders", "orders");

  KubernetesClient client;
  private StatusStore store;

  @BeforeEach
  void store() {
    store = new StatusStore(new Fabric8KubernetesGateway(client));
  }

  @Test
  void writesAreConditionalAndSkippedWhenNothingChanged() {
    VersionedStatus absent = store.read(ORDERS, RuntimeStatus.initial(1L));
    assertThat(absent.stored()).isFalse();

    VersionedStatus created = store.write(ORDERS, absent, absent.status());
    VersionedStatus again = store.write(ORDERS, created, created.status());
    VersionedStatus stable = store.write(ORDERS, created, StatusEdit.of(created.status()).lifecycle(LifecycleState.STABLE).build());

    assertThat(again.resourceVersion()).as("no write for no change").isEqualTo(created.resourceVersion());
    assertThat(store.read(ORDERS, null)).isEqualTo(stable);
    assertThat(client.configMaps().inNamespace("flink").withName("orders-status").get().getMetadata().getLabels())
        .containsEntry(RuntimeStatuses.LABEL_STATUS_OF, "orders-runtime")
        .containsEntry("app.kubernetes.io/managed-by", "flinkstack-controller");
    assertThatThrownBy(() -> store.write(ORDERS, created, StatusEdit.of(created.status()).lifecycle(LifecycleState.FAILED).build()))
        .isInstanceOf(StatusConflictException.class);
    assertThat(store.read(ORDERS, null).status().lifecycle()).isEqualTo(LifecycleState.STABLE);
  }

  @Test
  void aStatusThatBelongsToAnotherDeclarationIsNeitherReadNorOverwritten() {
    // Application cluster "a-job-b" and session cluster "a"'s job "b" would both use "a-job-b-status".
    DeclarationIdentity application = identity("a-job-b-runtime", DeclarationKind.APPLICATION, "a-job-b", "a-job-b");
    DeclarationIdentity sessionJob = identity("a-job-b", DeclarationKind.SESSION_JOB, "a", "b");
    store.write(application, store.read(application, RuntimeStatus.initial(null)), RuntimeStatus.initial(null));

    assertThatThrownBy(() -> store.read(sessionJob, RuntimeStatus.initial(null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("is the status of 'a-job-b-runtime'");
  }

  private static DeclarationIdentity identity(String configMap, DeclarationKind kind, String cluster, String job) {
    return new DeclarationIdentity(new ObjectRef("v1", "ConfigMap", "flink", configMap, "uid"), kind, cluster, job);
  }
}
