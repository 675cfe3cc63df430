package io.flinkstack.harness.simulation;

import io.flinkstack.controller.autoscaler.MetricsWindow;
import io.flinkstack.controller.autoscaler.VertexMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the part of Flink's metrics over REST: keeps the seconds the job ran since its last restart and
 * turns the latest window of them into {@link VertexMetrics} (window averages; the backlog at the end and
 * its growth over the window).
 */
final class MetricsCollector {

  private final Deque<TickSample> samples = new ArrayDeque<>();
  private final int windowSeconds;

  MetricsCollector(Duration window) {
    this.windowSeconds = Math.toIntExact(window.toSeconds());
  }

  void record(TickSample sample) {
    samples.addLast(sample);
    while (samples.size() > windowSeconds) {
      samples.removeFirst();
    }
  }

  /** A restart loses the running job's metrics. */
  void clear() {
    samples.clear();
  }

  boolean hasFullWindow() {
    return samples.size() == windowSeconds;
  }

  /** Whether any stage was back-pressured in the window (only meaningful with a full window). */
  boolean anyBackPressure() {
    return samples.stream().anyMatch(TickSample::anyBackPressure);
  }

  Optional<MetricsWindow> window(Instant epoch, PipelineModel pipeline) {
    if (!hasFullWindow()) {
      return Optional.empty();
    }
    TickSample first = samples.getFirst();
    TickSample last = samples.getLast();
    Map<String, VertexMetrics> vertices = new LinkedHashMap<>();
    List<SimulatedStage> stages = pipeline.stages();
    for (int i = 0; i < stages.size(); i++) {
      SimulatedStage stage = stages.get(i);
      double in = 0;
      double out = 0;
      double busy = 0;
      double backPressured = 0;
      for (TickSample sample : samples) {
        StageSample s = sample.stages().get(i);
        in += s.recordsIn();
        out += s.recordsOut();
        busy += s.busy();
        backPressured += s.backPressured();
      }
      int n = samples.size();
      VertexMetrics.Builder metrics = VertexMetrics.builder(pipeline.parallelism(i))
          .maxParallelism(stage.maxParallelism())
          .sourcePartitions(stage.partitions())
          .busyTimeMsPerSecond(Math.min(1000, 1000 * busy / n))
          .backPressured(Math.min(1, backPressured / n))
          .records(in / n, out / n);
      if (i == 0) {
        metrics.backlog(last.backlogAfter(), (last.backlogAfter() - first.backlogBefore()) / n);
      }
      vertices.put(stage.id(), metrics.build());
    }
    return Optional.of(new MetricsWindow(epoch.plusSeconds(first.second()), epoch.plusSeconds(last.second() + 1),
        vertices));
  }
}
