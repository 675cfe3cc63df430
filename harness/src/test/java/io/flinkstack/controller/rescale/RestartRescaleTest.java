package io.flinkstack.controller.rescale;

import static io.flinkstack.controller.testing.KubernetesReads.eventReasons;
import static io.flinkstack.controller.testing.KubernetesReads.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.Passes;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A session job on a cluster with the default scheduler (no in-place rescale): the controller submits it at
 * its declared parallelism 1, sees two usable slots, and rescales it by stop-with-savepoint and resubmission
 * at 2; its whole output is exactly once.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestartRescaleTest {
  private static final String NAMESPACE = "flink";
  private static final ControllerSettings SETTINGS = Passes.settings(Duration.ofSeconds(30));

  static KubernetesClient client;

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("restart rescale: start default-scheduler JobManager + 2 TaskManagers x 1 slot",
      builder -> builder.taskManagers(2).slotsPerTaskManager(1)).servingTestJobOverHttps();

  @Test
  void aSessionJobWithoutTheAdaptiveSchedulerIsRestartedAtTheNewParallelism() {
    KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    FlinkRestClient flink = CLUSTER.flink();
    SequenceJobDriver job = CLUSTER.newJob("restart");
    DeclarationFixture declaration = CLUSTER.sessionJobDeclaration(NAMESPACE, "sessions", job)
        .set("parallelism", 1)
        .set("parallelismMin", 1)
        .set("parallelismMax", 4);
    declaration.apply(client);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Reconciler reconciler = Reconciler.builder(gateway, CLUSTER.endpoints()).settings(SETTINGS).meterRegistry(meters).submitter(CLUSTER.submitter()).build();

    RuntimeStatus submitted = Await.until(() -> {
      reconciler.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow());
      return status(client, declaration);
    }, status -> status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.SUBMIT && status.lifecycle() == LifecycleState.STABLE);
    String first = submitted.jobId();
    assertThat(flink.job(first).hasParallelism(1)).isTrue();
    FlinkAwait.committedRecords(job, 100);

    RuntimeStatus done = Timings.measure("controller: restart rescale 1 -> 2 (decision -> new job running)", () -> Await.until(() -> {
      reconciler.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow());
      return status(client, declaration);
    }, status -> status.rescale() == null && status.lastRescale() != null && status.transition() == null));

    assertThat(done.lastRescale().method()).isEqualTo(Rescale.RESTART);
    assertThat(done.lastRescale().from()).isEqualTo(1);
    assertThat(done.lastRescale().to()).isEqualTo(2);
    assertThat(done.lastRescale().outcome()).isEqualTo("succeeded");
    assertThat(done.jobId()).isNotEqualTo(first);
    assertThat(flink.job(done.jobId()).hasParallelism(2)).isTrue();
    assertThat(flink.job(first).state().isGloballyTerminal()).isTrue();
    assertThat(done.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(flink.checkpoints(done.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(done.lastSavepoint().path()));
    assertThat(eventReasons(client, declaration)).contains("Normal/RescaleStarted", "Normal/Rescaled");
    assertThat(meters.find("flinkstack.rescales").tag("method", "restart").tag("outcome", "succeeded").timer().count()).isEqualTo(1);

    // A further pass changes nothing: two slots, the job holds both.
    reconciler.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    assertThat(status(client, declaration).rescale()).isNull();
    assertThat(status(client, declaration).jobId()).isEqualTo(done.jobId());

    FlinkAwait.committedRecords(job, ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records() + 100);
    ExactlyOnceChecker.Report report = job.finish(done.jobId(), 2);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }
}
