package io.flinkstack.controller.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.reconcile.ReconcileResult;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.status.RuntimeStatusJson;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.KubernetesReads;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting FlinkJobs on fabric8's mock API server in CRUD mode (which, like an API server, keeps an object with
 * finalizers marked for deletion and removes it when the last finalizer goes). No JobManager answers here: the
 * session-job path that stops a job with a savepoint runs on real Flink in SessionJobControllerTest.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class FlinkJobDeletionTest {
  private static final URI NOBODY = URI.create("http://127.0.0.1:9");

  KubernetesClient client;

  private Reconciler reconciler() {
    return Reconciler.builder(new Fabric8KubernetesGateway(client), (namespace, service) -> NOBODY).build();
  }

  @Test
  void aDeletedApplicationGoesAtOnceWithItsLastSavepointRecordedInAFlinkSnapshotThatOutlivesIt() {
    DeclarationFixture orders = DeclarationFixture.application("flink", "orders");
    Reconciler reconciler = reconciler();
    reconciler.reconcile(orders.apply(client));
    assertThat(orders.read(client).getMetadata().getFinalizers()).containsExactly(FlinkJob.FINAL_SAVEPOINT_FINALIZER);
    SavepointInfo last = new SavepointInfo("file:/savepoints/savepoint-0a0a0a-000000000001", SavepointTrigger.PERIODIC,
        Instant.parse("2026-12-04T10:00:00Z"), "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a", "t-1");
    FlinkJob stored = orders.read(client);
    stored.getStatus().runtime = RuntimeStatusJson.write(StatusEdit.of(KubernetesReads.status(client, orders)).savepointCompleted(last).build());
    client.resources(FlinkJob.class).inNamespace("flink").resource(stored).updateStatus();

    client.resources(FlinkJob.class).inNamespace("flink").withName("orders").delete();
    assertThat(orders.read(client).getMetadata().getDeletionTimestamp()).isNotNull();
    ReconcileResult result = reconciler.reconcile("flink", "orders");

    assertThat(result.outcome()).isEqualTo(ReconcileResult.Outcome.GONE);
    assertThat(orders.read(client)).as("the finalizer came off, the API server removed it").isNull();
    List<FlinkSnapshot> recorded = client.resources(FlinkSnapshot.class).inNamespace("flink").list().getItems();
    assertThat(recorded).singleElement().satisfies(snapshot -> {
      assertThat(snapshot.getMetadata().getName()).startsWith("orders-final-");
      assertThat(snapshot.getSpec().job).isEqualTo("orders");
      assertThat(snapshot.getSpec().path).isEqualTo(last.path());
      assertThat(snapshot.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
      assertThat(snapshot.getStatus().triggerId).isEqualTo("t-1");
    });
    assertThat(client.v1().events().inNamespace("flink").list().getItems())
        .anySatisfy(event -> {
          assertThat(event.getReason()).isEqualTo("FinalSavepoint");
          assertThat(event.getMessage()).contains(last.path()).contains(recorded.get(0).getMetadata().getName());
        });
  }

  @Test
  void aSessionJobWhoseJobManagerDoesNotAnswerIsHeldAndTheSkipAnnotationLetsItGoWithoutASavepoint() {
    DeclarationFixture job = DeclarationFixture.sessionJob("flink", "sessions", "enrich")
        .set("jarUri", "https://jars.example.com/enrich.jar");
    Reconciler reconciler = reconciler();
    reconciler.reconcile(job.apply(client));
    client.resources(FlinkJob.class).inNamespace("flink").withName("enrich").delete();

    ReconcileResult waiting = reconciler.reconcile("flink", "enrich");
    assertThat(waiting.outcome()).isEqualTo(ReconcileResult.Outcome.OBSERVED_ONLY);
    assertThat(waiting.detail()).contains("does not answer");
    assertThat(job.read(client)).as("held: the job may still run in its session cluster").isNotNull();

    FlinkJob held = job.read(client);
    held.getMetadata().setAnnotations(Map.of(FlinkJob.FINAL_SAVEPOINT_ANNOTATION, FlinkJob.SKIP));
    client.resources(FlinkJob.class).inNamespace("flink").resource(held).update();
    assertThat(reconciler.reconcile("flink", "enrich").outcome()).isEqualTo(ReconcileResult.Outcome.GONE);
    assertThat(job.read(client)).isNull();
    assertThat(client.resources(FlinkSnapshot.class).inNamespace("flink").list().getItems()).as("nothing to record").isEmpty();
  }

  @Test
  void withTheSkipAnnotationNoFinalizerIsPutOn() {
    DeclarationFixture orders = DeclarationFixture.application("flink", "orders");
    FlinkJob applied = orders.apply(client);
    applied.getMetadata().setAnnotations(Map.of(FlinkJob.FINAL_SAVEPOINT_ANNOTATION, FlinkJob.SKIP));
    client.resources(FlinkJob.class).inNamespace("flink").resource(applied).update();
    reconciler().reconcile("flink", "orders");
    assertThat(orders.read(client).getMetadata().getFinalizers()).isNullOrEmpty();
  }
}
