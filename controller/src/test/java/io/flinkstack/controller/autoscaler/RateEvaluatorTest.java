package io.flinkstack.controller.autoscaler;

import static io.flinkstack.controller.autoscaler.Jobs.T0;
import static io.flinkstack.controller.autoscaler.Jobs.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateEvaluatorTest {

  private static final JobTopology SOURCE_MAP_SINK = JobTopology.builder()
      .edge("source", "map", Partitioning.REBALANCE)
      .edge("map", "sink", Partitioning.REBALANCE)
      .build();

  @Test
  void trueRateIsObservedRateOverUsefulTime() {
    // 1000 rec/s at busy 0.5 on one subtask → 1000 / 1 / 0.5 = 2000 rec/s when busy all the time.
    VertexMetrics one = VertexMetrics.builder(1).busy(0.5).records(1000, 1000).build();
    assertThat(RateEvaluator.trueRatePerSubtask(one)).isCloseTo(2000, within(1e-9));
    // The same 1000 rec/s over 4 subtasks at busy 0.5 → 1000 / 4 / 0.5 = 500 rec/s per subtask.
    VertexMetrics four = VertexMetrics.builder(4).busy(0.5).records(1000, 1000).build();
    assertThat(RateEvaluator.trueRatePerSubtask(four)).isCloseTo(500, within(1e-9));
  }

  @Test
  void noTrueRateWithoutBusyTimeOrInput() {
    assertThat(RateEvaluator.trueRatePerSubtask(VertexMetrics.builder(1).records(1000, 1000).build())).isNaN();
    assertThat(RateEvaluator.trueRatePerSubtask(VertexMetrics.builder(1).busy(0.3).build())).isNaN();
  }

  @Test
  void sourceTargetIsWhatArrivesAndBacklogIsCaughtUpOnTop() {
    // The source reads 1000 rec/s while its backlog grows by 500 rec/s: 1000 + 500 = 1500 rec/s arrive.
    // 30 000 pending records to drain within 600 s → 30 000 / 600 = 50 rec/s extra.
    // map emits 2000 per 1000 in → ratio 2: its sink must take 1500 × 2 = 3000 rec/s, catch-up 50 × 2 = 100.
    Map<String, VertexEvaluation> e = RateEvaluator.evaluate(SOURCE_MAP_SINK, window(T0,
        "source", VertexMetrics.builder(1).busy(0.25).backPressured(0.75).records(1000, 1000)
            .backlog(30_000, 500).build(),
        "map", VertexMetrics.builder(1).busy(1.0).records(1000, 2000).build(),
        "sink", VertexMetrics.builder(1).busy(0.5).records(2000, 0).build()), Jobs.settings());

    assertThat(e.get("source").targetInputRate()).isCloseTo(1500, within(1e-9));
    assertThat(e.get("source").catchUpRate()).isCloseTo(50, within(1e-9));
    assertThat(e.get("map").targetInputRate()).isCloseTo(1500, within(1e-9)); // source out/in = 1000/1000 = 1
    assertThat(e.get("map").catchUpRate()).isCloseTo(50, within(1e-9));
    assertThat(e.get("sink").targetInputRate()).isCloseTo(3000, within(1e-9));
    assertThat(e.get("sink").catchUpRate()).isCloseTo(100, within(1e-9));
    // True rates: source 1000 / 0.25 = 4000, map 1000 / 1.0 = 1000, sink 2000 / 0.5 = 4000 per subtask.
    assertThat(e.get("source").trueRatePerSubtask()).isCloseTo(4000, within(1e-9));
    assertThat(e.get("map").trueRatePerSubtask()).isCloseTo(1000, within(1e-9));
    assertThat(e.get("sink").trueRatePerSubtask()).isCloseTo(4000, within(1e-9));
    // The map is asked for (1500 + 50) / 1000 = 1.55 times what it can do.
    assertThat(e.get("map").demandedUtilization()).isCloseTo(1.55, within(1e-9));
  }

  @Test
  void aDeclaredRatioWinsOverTheObservedOne() {
    // A splitter sends a quarter of its output to "rare": 1000 in × 0.25 = 250 rec/s, whatever it emits overall.
    JobTopology split = JobTopology.builder()
        .edge("source", "rare", Partitioning.REBALANCE, 0.25)
        .build();
    Map<String, VertexEvaluation> e = RateEvaluator.evaluate(split, window(T0,
        "source", VertexMetrics.builder(1).busy(0.5).records(1000, 1000).build(),
        "rare", VertexMetrics.builder(1).busy(0.1).records(250, 0).build()), Jobs.settings());
    assertThat(e.get("rare").targetInputRate()).isCloseTo(250, within(1e-9));
  }

  @Test
  void aBacklogThatShrinksFasterThanTheSourceReadsIsNoise() {
    // read 100 rec/s, backlog "shrinking" by 300 rec/s → 100 − 300 < 0 → clipped to 0 arriving.
    Map<String, VertexEvaluation> e = RateEvaluator.evaluate(JobTopology.builder().vertex("source").build(),
        window(T0, "source", VertexMetrics.builder(1).busy(0.1).records(100, 100).backlog(0, -300).build()),
        Jobs.settings());
    assertThat(e.get("source").targetInputRate()).isZero();
  }
}
