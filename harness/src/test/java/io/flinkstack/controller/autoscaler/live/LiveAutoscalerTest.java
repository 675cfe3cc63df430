package io.flinkstack.controller.autoscaler.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import io.flinkstack.testjob.BottleneckJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live autoscaler on a real local cluster (adaptive scheduler, 1 TaskManager × 4 slots): BottleneckJob at
 * parallelism 1 gets a 3× load step. Act mode rescales the bottleneck in place within ≤ 2 decisions until
 * no vertex is back-pressured; monitor mode only recommends.
 */
@Tag("bench-only") // in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@EnableKubernetesMockClient(crud = true)
class LiveAutoscalerTest {
  static KubernetesClient kubernetes;

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("start: adaptive scheduler, 1 TaskManager × 4 slots",
      LiveAutoscalerBench::configure).cancellingLeftoverJobs();

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();
  private String jobId;

  @Test
  void actModeRescalesTheBottleneckInPlaceUntilNothingIsBackPressured() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventRecorder events = new EventRecorder(new Fabric8KubernetesGateway(kubernetes), Clock.systemUTC());
    LiveAutoscalerRun.Result result = LiveAutoscalerRun.run(flink, cluster.workDirectory().resolve("act"),
        AutoscalerDeclaration.MODE_ACT, 4, Duration.ofMinutes(4), events, registry, System.out::println);
    jobId = result.jobId();

    assertThat(result.converged()).as(String.join("\n", result.log())).isTrue();
    assertThat(result.stepsToConverge()).as(String.join("\n", result.log())).isBetween(1, 2);
    Timings.record("live autoscaler: steps_to_converge", result.stepsToConverge());
    // The bottleneck got more subtasks, in place: same job, and Flink's requirements say so.
    String bottleneck = flink.job(jobId).vertexNamed(BottleneckJob.BOTTLENECK).orElseThrow().id();
    int parallelism = flink.job(jobId).vertexNamed(BottleneckJob.BOTTLENECK).orElseThrow().parallelism();
    assertThat(parallelism).isGreaterThanOrEqualTo(2);
    assertThat(flink.resourceRequirements(jobId).byVertex().get(bottleneck).upperBound()).isEqualTo(parallelism);
    ScalingDecisionRecord rescale = result.decisions().stream()
        .filter(d -> d.action().equals(ScalingDecisionRecord.RESCALED)).findFirst().orElseThrow();
    ScalingDecisionRecord.Vertex decided = rescale.vertices().stream().filter(v -> v.vertexId().equals(bottleneck))
        .findFirst().orElseThrow();
    assertThat(decided.reason()).isEqualTo("SCALE_UP");
    // Saturated: well above the 0.7 target (the measured value sits near 1000 ms/s, minus sampling jitter).
    assertThat(decided.busyTimeMsPerSecond()).isGreaterThan(800.0);
    assertThat(decided.trueProcessingRate()).isBetween(LiveAutoscalerRun.CAPACITY * 0.5, LiveAutoscalerRun.CAPACITY * 1.2);
    assertThat(rescale.taskManagersNeeded()).isEqualTo(1);
    // The source reported its backlog, and it was back-pressured when the decision was taken.
    ScalingDecisionRecord.Vertex source = rescale.vertices().get(0);
    assertThat(source.backlog()).isPositive();
    assertThat(source.backPressuredTimeMsPerSecond()).isGreaterThan(500.0);

    assertThat(registry.get("flinkstack.autoscaler.decisions").tag("action", "rescaled").tag("mode", "act")
        .counter().count()).isEqualTo(result.stepsToConverge());
    assertThat(registry.get("flinkstack.autoscaler.recommended.parallelism").tag("vertex", bottleneck).gauge().value())
        .isEqualTo(parallelism);
    assertThat(kubernetes.v1().events().inNamespace("default").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(LiveAutoscaler.EVENT_RESCALED));
  }

  @Test
  void monitorModeOnlyRecommends() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LiveAutoscalerRun.Result result = LiveAutoscalerRun.run(flink, cluster.workDirectory().resolve("monitor"),
        AutoscalerDeclaration.MODE_MONITOR, 4, Duration.ofMinutes(2), null, registry, System.out::println);
    jobId = result.jobId();

    ScalingDecisionRecord recommendation = result.decisions().get(result.decisions().size() - 1);
    assertThat(recommendation.action()).as(String.join("\n", result.log())).isEqualTo(ScalingDecisionRecord.RECOMMENDED);
    assertThat(recommendation.rescale()).isTrue();
    assertThat(result.decisions()).noneMatch(d -> d.action().equals(ScalingDecisionRecord.RESCALED));
    // Nothing was PUT: Flink still runs every vertex at 1 with upper bound 1.
    assertThat(flink.job(jobId).hasParallelism(1)).isTrue();
    assertThat(flink.resourceRequirements(jobId).byVertex().values()).allSatisfy(b -> assertThat(b.upperBound()).isEqualTo(1));
    assertThat(registry.get("flinkstack.autoscaler.decisions").tag("action", "recommended").tag("mode", "monitor")
        .counter().count()).isEqualTo(1);
  }
}
