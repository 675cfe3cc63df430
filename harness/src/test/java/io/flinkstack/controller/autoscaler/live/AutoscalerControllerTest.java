package io.flinkstack.controller.autoscaler.live;

import static io.flinkstack.controller.testing.KubernetesReads.eventReasons;
import static io.flinkstack.controller.testing.KubernetesReads.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.AutoscalerMemory;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.controller.reconcile.ReconcileResult;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.TestCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The autoscaler inside the reconcile loop: a declaration with {@code autoscaler.yaml} (act mode), a real
 * local cluster with the adaptive scheduler running the bottleneck job at parallelism 1 under a 3× load step.
 * The controller's passes collect the metrics, decide, rescale the bottleneck in place, and write each
 * decision with its inputs to the status, with an Event and meters. The controller is restarted halfway through its
 * first window (a new reconciler, nothing in memory): the restarted one decides on the window the first one started,
 * which it reads from the status' autoscaler memory, on time (issue 18: autoscaler state persisted, here on a real
 * Flink JobManager's metrics; {@code LiveAutoscalerMemoryTest} covers the rest of the memory against a REST stand-in).
 */
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AutoscalerControllerTest {
  private static final String NAMESPACE = "flink";
  static KubernetesClient client;

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("autoscaler controller: start adaptive scheduler, 1 TaskManager × 4 slots",
      builder -> builder.taskManagers(1).slotsPerTaskManager(4).adaptiveScheduler());

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();

  @Test
  void decisionsGoToTheStatusAndTheBottleneckIsRescaledInPlace() throws Exception {
    Path work = cluster.workDirectory().resolve("bottleneck");
    String jobId = LiveAutoscalerRun.startBottleneck(flink, work, 1);
    LiveAutoscalerRun.writeRate(LiveAutoscalerRun.rateFile(work), LiveAutoscalerRun.BASE_RATE * LiveAutoscalerRun.STEP);

    // The same settings as LiveAutoscalerRun's act mode: 20 s window, a decision every 5 s, 15 s stabilization.
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "bottleneck").autoscaler("""
        enabled: true
        mode: act
        targetUtilization: 0.7
        utilizationBand: 0.3
        catchUpDuration: 1 min
        restartTime: 10 s
        window: 20 s
        interval: 5 s
        stabilization: 15 s
        scaleDownDelay: 10 min
        """);
    declaration.apply(client);
    KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    // The first controller samples the job until its window is about half full (20 s), then is gone: what it kept in
    // memory is lost, what it wrote to the status' autoscaler memory is not.
    Reconciler first = Reconciler.builder(gateway, CLUSTER.endpoints()).meterRegistry(meters).build();
    AutoscalerMemory stored = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      RuntimeStatus status = first.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow()).status();
      if (status == null) {
        Thread.sleep(2000);
        continue;
      }
      assertThat(status.lastScalingDecision()).as("a decision before the window was full").isNull();
      stored = status.autoscaler();
      if (stored != null && stored.windowStart() != null
          && Duration.between(stored.windowStart().at(), Instant.now()).compareTo(Duration.ofSeconds(8)) >= 0) {
        break;
      }
      Thread.sleep(2000);
    }
    assertThat(stored).as("the first controller's autoscaler memory").isNotNull();
    assertThat(stored.windowStart()).as("its window's first sample").isNotNull();
    Instant windowStart = stored.windowStart().at();

    // A restarted controller: a new reconciler with nothing in memory, reading the status.
    Reconciler restarted = Reconciler.builder(gateway, CLUSTER.endpoints()).meterRegistry(meters).build();
    Instant restartedAt = Instant.now();
    ScalingDecisionRecord firstDecision = null;
    RuntimeStatus rescaled = null;
    deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (rescaled == null && System.nanoTime() < deadline) {
      ReconcileResult result = restarted.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow());
      RuntimeStatus status = result.status();
      if (status != null && status.lastScalingDecision() != null) {
        firstDecision = firstDecision == null ? status.lastScalingDecision() : firstDecision;
        if (ScalingDecisionRecord.RESCALED.equals(status.lastScalingDecision().action())) {
          rescaled = status;
        }
      }
      Thread.sleep(2000);
    }
    // The window the first controller started is kept: the restarted one decides on it, less than a window after its
    // start (with nothing kept it would sample a whole window of its own first).
    assertThat(firstDecision).as("a decision of the restarted controller").isNotNull();
    assertThat(firstDecision.windowStart()).as("the restarted controller's first decision's window start")
        .isEqualTo(windowStart);
    assertThat(Duration.between(restartedAt, firstDecision.time())).as("from the restart to its first decision")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(rescaled).as("a rescale decision in the status within 4 min").isNotNull();
    ScalingDecisionRecord decision = status(client, declaration).lastScalingDecision();
    assertThat(decision.mode()).isEqualTo("act");
    assertThat(decision.jobId()).isEqualTo(jobId);
    assertThat(decision.vertices()).anySatisfy(vertex -> {
      assertThat(vertex.name()).contains("bottleneck");
      assertThat(vertex.to()).isGreaterThan(vertex.from());
      assertThat(vertex.trueProcessingRate()).isNotNull();
    });
    int bottleneckTarget = decision.vertices().stream().filter(v -> v.name().contains("bottleneck")).findFirst().orElseThrow().to();
    assertThat(flink.awaitJob(jobId, details -> details.vertices().stream()
            .anyMatch(v -> v.name().contains("bottleneck") && v.parallelism() == bottleneckTarget) && details.isFullyRunning(),
        Duration.ofSeconds(60)).isFullyRunning()).isTrue();
    assertThat(eventReasons(client, declaration)).contains("Normal/" + LiveAutoscaler.EVENT_RESCALED);
    assertThat(meters.get("flinkstack.autoscaler.decisions").tag("action", "rescaled").counter().count()).isGreaterThanOrEqualTo(1);
  }
}
