package io.flinkstack.controller.autoscaler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DS2 pass: one walk over the topology in order, computing for every vertex the rate it must sustain
 * (propagated from the sources) and the rate it could sustain (from its useful time).
 *
 * <p>Observed rates alone mislead under back-pressure: a saturated operator slows everything upstream,
 * so the upstream vertices look idle and the source reads less than arrives. Useful time fixes the first
 * (a vertex processing 1000 rec/s while busy half of the time could do 2000), the source's backlog growth
 * the second (what arrives = what was read + how much the backlog grew).
 */
final class RateEvaluator {

  private RateEvaluator() {}

  static Map<String, VertexEvaluation> evaluate(JobTopology topology, MetricsWindow window,
      AutoscalerSettings settings) {
    double catchUpSeconds = settings.catchUpDuration().toMillis() / 1000.0;
    Map<String, VertexEvaluation> out = new LinkedHashMap<>();
    for (String vertex : topology.verticesInTopologicalOrder()) {
      VertexMetrics metrics = window.of(vertex);
      double targetRate;
      double catchUpRate;
      if (topology.isSource(vertex)) {
        // Read rate plus backlog growth is what the outside world produced; clipped at 0 because a backlog
        // shrinking faster than the source reads can only be measurement noise.
        targetRate = Math.max(0, metrics.recordsInPerSecond() + metrics.pendingRecordsGrowthPerSecond());
        catchUpRate = metrics.reportsBacklog() ? metrics.pendingRecords() / catchUpSeconds : 0;
      } else {
        targetRate = 0;
        catchUpRate = 0;
        for (JobTopology.Edge edge : topology.inputs(vertex)) {
          VertexEvaluation upstream = out.get(edge.from());
          double ratio = outputRatio(edge, window.of(edge.from()));
          targetRate += upstream.targetInputRate() * ratio;
          catchUpRate += upstream.catchUpRate() * ratio;
        }
      }
      out.put(vertex, new VertexEvaluation(vertex, metrics.parallelism(), metrics.recordsInPerSecond(), targetRate,
          catchUpRate, metrics.busyFraction(), metrics.backPressuredFraction(), trueRatePerSubtask(metrics),
          metrics.reportsBacklog() ? metrics.pendingRecords() : Double.NaN));
    }
    return out;
  }

  /**
   * Records sent over {@code edge} per record its upstream receives. Observed: out/in of the upstream (0 when
   * it received nothing, rather than an infinite ratio that would scale the downstream to its maximum).
   */
  static double outputRatio(JobTopology.Edge edge, VertexMetrics upstream) {
    if (edge.declaredOutputRatio().isPresent()) {
      return edge.declaredOutputRatio().getAsDouble();
    }
    return upstream.recordsInPerSecond() > 0 ? upstream.recordsOutPerSecond() / upstream.recordsInPerSecond() : 0;
  }

  /** Observed rate per subtask divided by the share of time the subtask was doing useful work. */
  static double trueRatePerSubtask(VertexMetrics metrics) {
    double busy = metrics.busyFraction();
    if (Double.isNaN(busy) || busy <= 0 || metrics.recordsInPerSecond() <= 0) {
      return Double.NaN;
    }
    return metrics.recordsInPerSecond() / metrics.parallelism() / busy;
  }
}
