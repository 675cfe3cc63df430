package io.flinkstack.controller.autoscaler.live;

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
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.testjob.BottleneckJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scale-down pending across a controller restart, on a real JobManager's metrics (issue 18: the autoscaler's state
 * persisted; until 2026-12-07 checked against a REST stand-in only, {@code LiveAutoscalerMemoryTest}). The bottleneck
 * job runs at parallelism 3 under a load one subtask handles, so the autoscaler recommends a scale-down, which waits
 * for its delay (40 s) and 3 evaluations. The controller is replaced (a new reconciler, nothing in memory) while the
 * scale-down waits: the restarted one goes on with the same wait (its start, {@code since}, as stored) and rescales the
 * bottleneck down once the delay counted from the first recommendation is over. Without the memory the restarted one
 * starts a window of its own and the wait again, a window and a delay after the restart, and this test fails.
 */
@Tag("bench-only") // about 2 min: in `./flinkstack bench faults` (FaultsReport), not in `mvn verify`
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AutoscalerScaleDownRestartTest {
  private static final String NAMESPACE = "flink";
  private static final Duration SCALE_DOWN_DELAY = Duration.ofSeconds(40);
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration WINDOW = Duration.ofSeconds(20);
  static KubernetesClient client;

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("autoscaler scale-down across a restart: adaptive scheduler, 1 TaskManager × 4 slots",
      builder -> builder.taskManagers(1).slotsPerTaskManager(4).adaptiveScheduler());

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();

  @Test
  void aPendingScaleDownKeepsItsWaitAcrossARestart() throws Exception {
    Path work = cluster.workDirectory().resolve("overprovisioned");
    // One bottleneck subtask handles 150 records/s: 100 records/s at parallelism 3 is about 0.22 of it, well below the
    // band (0.7 ± 0.3), so every evaluation recommends parallelism 1.
    String jobId = LiveAutoscalerRun.startBottleneck(flink, work, 3);

    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "overprovisioned").autoscaler("""
        enabled: true
        mode: act
        targetUtilization: 0.7
        utilizationBand: 0.3
        catchUpDuration: 1 min
        restartTime: 10 s
        window: 20 s
        interval: 5 s
        stabilization: 15 s
        scaleDownDelay: 40 s
        scaleDownMinEvaluations: 3
        """);
    declaration.apply(client);
    KubernetesGateway gateway = new Fabric8KubernetesGateway(client);

    // The first controller runs until a scale-down of the bottleneck waits, then is gone.
    Reconciler first = Reconciler.builder(gateway, CLUSTER.endpoints()).build();
    String bottleneck = flink.job(jobId).vertices().stream().filter(v -> v.name().contains(BottleneckJob.BOTTLENECK))
        .findFirst().orElseThrow().id();
    AutoscalerMemory.PendingScaleDown stored = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (stored == null && System.nanoTime() < deadline) {
      RuntimeStatus status = first.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow()).status();
      if (status != null && status.autoscaler() != null) {
        assertThat(status.lastScalingDecision() == null || !status.lastScalingDecision().rescale())
            .as("no rescale before the scale-down's delay: " + status.lastScalingDecision()).isTrue();
        stored = status.autoscaler().pendingScaleDowns().get(bottleneck);
      }
      Thread.sleep(2000);
    }
    assertThat(stored).as("a scale-down of the bottleneck waiting in the first controller's memory").isNotNull();
    assertThat(stored.evaluations()).as("the restart comes before the scale-down may happen").isLessThan(3);
    assertThat(Duration.between(stored.since(), Instant.now())).isLessThan(SCALE_DOWN_DELAY);

    // A restarted controller: a new reconciler with nothing in memory, reading the status.
    Reconciler restarted = Reconciler.builder(gateway, CLUSTER.endpoints()).build();
    Instant restartedAt = Instant.now();
    AutoscalerMemory.PendingScaleDown continued = null;
    ScalingDecisionRecord scaledDown = null;
    deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (scaledDown == null && System.nanoTime() < deadline) {
      RuntimeStatus status = restarted.reconcile(gateway.flinkJob(NAMESPACE, declaration.name()).orElseThrow()).status();
      if (status != null) {
        Map<String, AutoscalerMemory.PendingScaleDown> pending = status.autoscaler() == null ? Map.of()
            : status.autoscaler().pendingScaleDowns();
        if (pending.containsKey(bottleneck) && pending.get(bottleneck).evaluations() > stored.evaluations()) {
          continued = continued == null ? pending.get(bottleneck) : continued;
        }
        if (status.lastScalingDecision() != null && ScalingDecisionRecord.RESCALED.equals(status.lastScalingDecision().action())) {
          scaledDown = status.lastScalingDecision();
        }
      }
      Thread.sleep(2000);
    }
    assertThat(continued).as("the restarted controller's next evaluation of the waiting scale-down").isNotNull();
    assertThat(continued.since()).as("the wait's start, as the first controller stored it").isEqualTo(stored.since());
    assertThat(scaledDown).as("a scale-down by the restarted controller within 3 min").isNotNull();
    assertThat(scaledDown.vertices()).anySatisfy(vertex -> {
      assertThat(vertex.name()).contains(BottleneckJob.BOTTLENECK);
      assertThat(vertex.to()).isLessThan(vertex.from());
    });
    // On time: the delay counted from the first recommendation (give or take an interval and a pass), not from the
    // restart plus a window of the restarted controller's own.
    assertThat(Duration.between(stored.since(), scaledDown.time())).as("from the first recommendation to the scale-down")
        .isGreaterThanOrEqualTo(SCALE_DOWN_DELAY)
        .isLessThan(SCALE_DOWN_DELAY.plus(INTERVAL.multipliedBy(2)).plusSeconds(5));
    assertThat(scaledDown.time()).as("before a restarted controller without the memory could scale down: a window of its"
        + " own, then the whole delay").isBefore(restartedAt.plus(WINDOW).plus(SCALE_DOWN_DELAY));
    int target = scaledDown.vertices().stream().filter(v -> v.name().contains(BottleneckJob.BOTTLENECK)).findFirst().orElseThrow().to();
    assertThat(flink.awaitJob(jobId, details -> details.vertices().stream()
            .anyMatch(v -> v.name().contains(BottleneckJob.BOTTLENECK) && v.parallelism() == target) && details.isFullyRunning(),
        Duration.ofSeconds(60)).isFullyRunning()).as("Flink runs the bottleneck at " + target).isTrue();
    assertThat(status(client, declaration).lastScalingDecision().jobId()).isEqualTo(jobId);
  }
}
