package io.flinkstack.harness.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.autoscaler.Partitioning;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineModelTest {

  @Test
  void theQueueingModelSaturatesTheTightestStageAndBackPressuresItsUpstream() {
    // enrich: 2 × 1000 = 2000 rec/s; 3000 arrive → 2000 read, 1000 wait; the source (capacity 8000) is busy
    // 2000 / 8000 = 0.25 and back-pressured the rest (0.75); the sink gets 2000 × 2 = 4000 of its 8000.
    PipelineModel model = new PipelineModel(List.of(
        new SimulatedStage("source", 8000, 1, 1, 128, 12, Partitioning.FORWARD),
        new SimulatedStage("enrich", 1000, 2, 2, 128, 0, Partitioning.HASH),
        new SimulatedStage("sink", 4000, 0, 2, 128, 0, Partitioning.REBALANCE)));
    TickSample tick = model.run(0, 3000, 500);

    assertThat(tick.backlogAfter()).isEqualTo(500 + 3000 - 2000);
    assertThat(tick.stages().get(0)).isEqualTo(new StageSample(2000, 2000, 0.25, 0.75));
    assertThat(tick.stages().get(1)).isEqualTo(new StageSample(2000, 4000, 1.0, 0));
    assertThat(tick.stages().get(2)).isEqualTo(new StageSample(4000, 0, 0.5, 0));
  }
}
