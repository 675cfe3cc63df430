package io.flinkstack.controller.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatusConflictException;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The record in {@code status.runtime}, its summary and conditions, written through the status subresource of the
 * CRD created in the mock API server (which checks resource versions on {@code /status} only in part: see
 * FlinkJobGatewayTest for the 409 of a stale status write).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StatusStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  KubernetesClient client;
  private StatusStore store;
  private DeclarationFixture orders;
  private DeclarationIdentity identity;

  @BeforeEach
  void store() throws Exception {
    store = new StatusStore(new Fabric8KubernetesGateway(client), Clock.fixed(NOW, ZoneOffset.UTC));
    orders = DeclarationFixture.application("flink", "orders").set("parallelism", 3);
    identity = new DeclarationReader(10).identify(orders.apply(client));
  }

  @Test
  void theRecordAndItsSummaryGoIntoTheStatusAndNothingIsWrittenForNoChange() {
    VersionedStatus absent = store.read(identity, RuntimeStatus.initial(1L));
    assertThat(absent.stored()).isFalse();

    VersionedStatus created = store.write(identity, absent, absent.status());
    VersionedStatus again = store.write(identity, created, created.status());
    SavepointInfo savepoint = new SavepointInfo("file:///sp/savepoint-1", SavepointTrigger.NONCE,
        Instant.parse("2026-12-03T09:59:58.5Z"), "j1", "t1");
    VersionedStatus stable = store.write(identity, created, StatusEdit.of(created.status())
        .lifecycle(LifecycleState.STABLE).job("j1", "RUNNING").savepointCompleted(savepoint).build());

    assertThat(created.stored()).isTrue();
    assertThat(again.resourceVersion()).as("no write for no change").isEqualTo(created.resourceVersion());
    VersionedStatus read = store.read(identity, null);
    assertThat(read.status()).isEqualTo(stable.status());
    FlinkJobStatus status = orders.read(client).getStatus();
    assertThat(status.jobId).isEqualTo("j1");
    assertThat(status.jobState).isEqualTo("RUNNING");
    assertThat(status.lifecycle).isEqualTo("STABLE");
    assertThat(status.parallelism).as("the declared one, nothing rescaled").isEqualTo(3);
    assertThat(status.lastSavepoint.path).isEqualTo("file:///sp/savepoint-1");
    assertThat(status.lastSavepoint.time).isEqualTo("2026-12-03T09:59:58Z");
    assertThat(status.observedGeneration).isEqualTo(orders.read(client).getMetadata().getGeneration());
    assertThat(status.conditions).extracting(Condition::getType, Condition::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Ready", "True"),
        org.assertj.core.groups.Tuple.tuple("Reconciling", "False"),
        org.assertj.core.groups.Tuple.tuple("Stalled", "False"));
    assertThat(orders.read(client).getSpec().parallelism).as("the spec is not touched").isEqualTo(3);
  }

  // A write based on an older version of the object is refused with 409 by an API server; fabric8's mock server in
  // CRUD mode does not check resource versions on /status, so FlinkJobGatewayTest proves the gateway's part of it (the
  // 409 becomes a StatusConflictException) against the mock in expectation mode.

  @Test
  void aWriteNotBasedOnAReadOnlyCreatesTheRecord() {
    store.write(identity, VersionedStatus.notStored(RuntimeStatus.initial(null)), RuntimeStatus.initial(null));

    assertThatThrownBy(() -> store.write(identity, VersionedStatus.notStored(RuntimeStatus.initial(2L)), RuntimeStatus.initial(2L)))
        .isInstanceOf(StatusConflictException.class).hasMessageContaining("has a status already");
  }

  @Test
  void anInvalidSpecStallsTheJobAndKeepsItsRecord() {
    VersionedStatus created = store.write(identity, store.read(identity, RuntimeStatus.initial(7L)), RuntimeStatus.initial(7L));

    FlinkJob marked = store.markInvalid(created.object(), "spec.savepointInterval: soon is not a duration");

    List<Condition> conditions = marked.getStatus().conditions;
    assertThat(conditions).filteredOn(c -> c.getType().equals("Stalled")).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("spec.savepointInterval");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-03T10:00:00Z");
    });
    assertThat(store.read(marked, null).status().observedSavepointTriggerNonce()).as("the record stays").isEqualTo(7L);
    assertThat(store.markInvalid(marked, "spec.savepointInterval: soon is not a duration").getMetadata().getResourceVersion())
        .as("marked already: nothing written").isEqualTo(marked.getMetadata().getResourceVersion());
  }
}
