package io.flinkstack.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.resource.CustomResourceDefinitions;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobSpec;
import io.flinkstack.contract.resource.FlinkJobStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FlinkJob resources through the gateway, against fabric8's mock API server in CRUD mode with flinkstack's generated
 * CRDs created in it (the mock serves a status subresource only for CRDs it holds). What the mock does not do: schema
 * and CEL validation (proven against the CRDs in the contract module), server-side apply, the table view.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class FlinkJobGatewayTest {
  KubernetesClient client;
  private KubernetesGateway gateway;

  @BeforeEach
  void crdsAndGateway() {
    for (String crd : CustomResourceDefinitions.yaml()) {
      for (HasMetadata object : client.load(new ByteArrayInputStream(crd.getBytes(StandardCharsets.UTF_8))).items()) {
        client.resource(object).create();
      }
    }
    gateway = new Fabric8KubernetesGateway(client);
  }

  private FlinkJob create(String namespace, String name, String cluster) {
    FlinkJob job = new FlinkJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    FlinkJobSpec spec = new FlinkJobSpec();
    spec.cluster = cluster;
    spec.kind = JobKind.APPLICATION;
    spec.parallelism = 2;
    job.setSpec(spec);
    return client.resources(FlinkJob.class).inNamespace(namespace).resource(job).create();
  }

  @Test
  void listsFlinkJobsInOneNamespaceOrAllSorted() {
    create("team-b", "clicks", "clicks");
    create("team-a", "orders", "orders");
    create("team-a", "enrich", "sessions");

    assertThat(gateway.listFlinkJobs(Optional.of("team-a"))).extracting(j -> j.getMetadata().getName())
        .containsExactly("enrich", "orders");
    assertThat(gateway.listFlinkJobs(Optional.empty()))
        .extracting(j -> j.getMetadata().getNamespace() + "/" + j.getMetadata().getName())
        .containsExactly("team-a/enrich", "team-a/orders", "team-b/clicks");
    assertThat(gateway.listFlinkJobs(Optional.of("team-a")).get(1).getSpec().kind).isEqualTo(JobKind.APPLICATION);
  }

  @Test
  void statusWritesGoThroughTheSubresourceAndLeaveTheSpecAsTheUserSetIt() {
    FlinkJob read = create("flink", "orders", "orders");
    FlinkJobStatus status = new FlinkJobStatus();
    status.jobState = "RUNNING";
    status.observedGeneration = read.getMetadata().getGeneration();
    read.setStatus(status);

    FlinkJob written = gateway.writeFlinkJobStatus(read);
    assertThat(written.getStatus().jobState).isEqualTo("RUNNING");
    assertThat(written.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());

    // A status write does not carry the spec: a parallelism changed in the spec meanwhile stays as the user set it.
    FlinkJob edited = client.resources(FlinkJob.class).inNamespace("flink").withName("orders").get();
    edited.getSpec().parallelism = 4;
    FlinkJob afterEdit = client.resources(FlinkJob.class).inNamespace("flink").resource(edited).update();
    afterEdit.getSpec().parallelism = 1;
    afterEdit.getStatus().jobState = "RESTARTING";
    gateway.writeFlinkJobStatus(afterEdit);
    FlinkJob stored = client.resources(FlinkJob.class).inNamespace("flink").withName("orders").get();
    assertThat(stored.getSpec().parallelism).isEqualTo(4);
    assertThat(stored.getStatus().jobState).isEqualTo("RESTARTING");
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * The optimistic lock: the status PUT carries the version read, and the server's 409 is a {@link
   * StatusConflictException}. The mock server in CRUD mode does not enforce resourceVersion on the status
   * subresource (a gap: a stale status write is stored there), so this runs against a mock in expectation mode,
   * answering 409 as the API server does when the version is stale.
   */
  @Test
  void aStaleStatusWriteIsAConflict() throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.start();
    try {
      String path = "/apis/flinkstack.io/v1alpha1/namespaces/flink/flinkjobs/orders/status";
      server.expect().put().withPath(path).andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
          .withMessage("the object has been modified; please apply your changes to the latest version").build()).once();
      FlinkJob stale = new FlinkJob();
      stale.setMetadata(new ObjectMetaBuilder().withNamespace("flink").withName("orders").withResourceVersion("41").build());
      FlinkJobSpec spec = new FlinkJobSpec();
      spec.cluster = "orders";
      spec.kind = JobKind.APPLICATION;
      stale.setSpec(spec);
      stale.setStatus(new FlinkJobStatus());
      try (KubernetesClient expecting = server.createClient()) {
        assertThatThrownBy(() -> new Fabric8KubernetesGateway(expecting).writeFlinkJobStatus(stale))
            .isInstanceOf(StatusConflictException.class)
            .hasMessageContaining("FlinkJob flink/orders")
            .hasMessageContaining("modified");
      }
      RecordedRequest request = server.getLastRequest();
      assertThat(request.getMethod()).isEqualTo("PUT");
      assertThat(request.getPath()).isEqualTo(path);
      assertThat(request.getBody().readUtf8()).contains("\"resourceVersion\":\"41\"");
    } finally {
      server.shutdown();
    }
  }

  /** What the event-driven controller will build on: an informer sees FlinkJobs come, change and go. */
  @Test
  void anInformerSeesFlinkJobsAddedUpdatedAndDeleted() {
    List<String> events = new CopyOnWriteArrayList<>();
    SharedIndexInformer<FlinkJob> informer = client.resources(FlinkJob.class).inNamespace("flink")
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(FlinkJob job) {
            events.add("add " + job.getMetadata().getName());
          }

          @Override
          public void onUpdate(FlinkJob before, FlinkJob after) {
            events.add("update " + after.getMetadata().getName() + " parallelism=" + after.getSpec().parallelism);
          }

          @Override
          public void onDelete(FlinkJob job, boolean unknownFinalState) {
            events.add("delete " + job.getMetadata().getName());
          }
        });
    try {
      FlinkJob job = create("flink", "orders", "orders");
      waitFor(() -> events.contains("add orders"));
      job.getSpec().parallelism = 3;
      client.resources(FlinkJob.class).inNamespace("flink").resource(job).update();
      waitFor(() -> events.contains("update orders parallelism=3"));
      client.resources(FlinkJob.class).inNamespace("flink").withName("orders").delete();
      waitFor(() -> events.contains("delete orders"));
      assertThat(informer.getStore().list()).isEmpty();
    } finally {
      informer.close();
    }
  }
}
