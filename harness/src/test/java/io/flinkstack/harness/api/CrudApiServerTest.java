package io.flinkstack.harness.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobSpec;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.controller.testing.CustomResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulated precondition itself: a stale status write is refused, a current one and an unconditional one are not. */
class CrudApiServerTest {
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = CrudApiServer.start();
    client = server.createClient();
    CustomResources.install(client);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private FlinkJob withStatus(FlinkJob job, String jobState) {
    FlinkJob copy = client.getKubernetesSerialization().clone(job);
    copy.setStatus(new FlinkJobStatus());
    copy.getStatus().jobState = jobState;
    return copy;
  }

  @Test
  void aStatusWriteBasedOnAnOlderVersionIsAConflictAndChangesNothing() {
    FlinkJob job = new FlinkJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("flink").withName("orders").build());
    job.setSpec(new FlinkJobSpec());
    job.getSpec().cluster = "orders";
    job.getSpec().kind = JobKind.APPLICATION;
    var jobs = client.resources(FlinkJob.class).inNamespace("flink");
    FlinkJob created = jobs.resource(job).create();

    FlinkJob first = jobs.resource(withStatus(created, "RUNNING")).updateStatus();
    assertThat(first.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());

    assertThatThrownBy(() -> jobs.resource(withStatus(created, "FAILED")).updateStatus())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getMessage()).contains("Conflict");
        });
    assertThat(jobs.withName("orders").get().getStatus().jobState).isEqualTo("RUNNING");

    FlinkJob unconditional = withStatus(first, "FINISHED");
    unconditional.getMetadata().setResourceVersion(null);
    jobs.resource(unconditional).updateStatus();
    assertThat(jobs.withName("orders").get().getStatus().jobState).isEqualTo("FINISHED");
    assertThat(jobs.withName("orders").get().getSpec().cluster).as("the spec stays").isEqualTo("orders");
  }

  @Test
  void aWholeObjectWriteIsCheckedByTheMockItself() {
    var configMaps = client.configMaps().inNamespace("flink");
    var created = configMaps.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("c").endMetadata().addToData("a", "1").build()).create();
    configMaps.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder(created).addToData("a", "2").build()).update();
    assertThatThrownBy(() -> configMaps.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder(created)
        .addToData("a", "3").build()).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }
}
