package io.flinkstack.controller.autoscaler;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the autoscaler decides. Built from {@link #defaults()} with the {@code with…} methods.
 *
 * @param targetUtilization busy fraction a vertex is sized for (0.7: 30 % headroom for spikes)
 * @param utilizationBand nothing is rescaled while every vertex's demanded utilization stays within
 *     {@code targetUtilization ± utilizationBand} (clipped to 0–1); with 0.7 ± 0.3 a job rescales only
 *     when a vertex cannot keep up (above 1.0) or idles below 0.4 — a restart costs more than a little
 *     imbalance
 * @param catchUpDuration a backlog must be drained within this long; sets the extra rate asked for
 * @param restartTime the expected outage of a rescale; what arrives meanwhile is backlog to catch up
 * @param scaleUpMaxFactor one decision may multiply a vertex's parallelism by at most this (≥ 1)
 * @param scaleDownMaxFactor one decision may divide a vertex's parallelism by at most this (≥ 1)
 * @param stabilizationInterval after a rescale, metrics from this long are ignored (the job restarts, catches
 *     up, warms caches); must cover the restart
 * @param scaleDownGracePeriod a scale-down is only done once it has been recommended without interruption
 *     for this long …
 * @param scaleDownMinEvaluations … and by at least this many consecutive evaluations
 * @param maxParallelism upper bound for every vertex (the overall max); per-vertex bounds narrow it
 * @param vertexBounds per-vertex min/max parallelism
 * @param alignParallelism move a keyed vertex to a divisor of its key groups, a source to a divisor of its
 *     partitions, so every subtask gets the same share
 */
public record AutoscalerSettings(
    double targetUtilization,
    double utilizationBand,
    Duration catchUpDuration,
    Duration restartTime,
    double scaleUpMaxFactor,
    double scaleDownMaxFactor,
    Duration stabilizationInterval,
    Duration scaleDownGracePeriod,
    int scaleDownMinEvaluations,
    int maxParallelism,
    Map<String, VertexBounds> vertexBounds,
    boolean alignParallelism) {

  /** Flink's upper limit for max parallelism (key groups). */
  public static final int FLINK_MAX_PARALLELISM = 32768;

  public AutoscalerSettings {
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException("targetUtilization must be in (0, 1], got " + targetUtilization);
    }
    if (!(utilizationBand >= 0 && utilizationBand < 1)) {
      throw new IllegalArgumentException("utilizationBand must be in [0, 1), got " + utilizationBand);
    }
    requirePositive(catchUpDuration, "catchUpDuration");
    requireNotNegative(restartTime, "restartTime");
    requireNotNegative(stabilizationInterval, "stabilizationInterval");
    requireNotNegative(scaleDownGracePeriod, "scaleDownGracePeriod");
    if (!(scaleUpMaxFactor >= 1) || !(scaleDownMaxFactor >= 1)) {
      throw new IllegalArgumentException(
          "max scale factors must be >= 1, got up " + scaleUpMaxFactor + " down " + scaleDownMaxFactor);
    }
    if (scaleDownMinEvaluations < 1) {
      throw new IllegalArgumentException("scaleDownMinEvaluations must be >= 1, got " + scaleDownMinEvaluations);
    }
    if (maxParallelism < 1) {
      throw new IllegalArgumentException("maxParallelism must be >= 1, got " + maxParallelism);
    }
    vertexBounds = Map.copyOf(vertexBounds);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }

  private static void requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + duration);
    }
  }

  /**
   * 0.7 ± 0.3, catch up within 15 min, 2 min restarts, at most ×4 up and ÷2 down per decision, 5 min
   * stabilization, scale down only after 30 min and 3 evaluations in a row, no overall cap but Flink's,
   * alignment on.
   */
  public static AutoscalerSettings defaults() {
    return new AutoscalerSettings(0.7, 0.3, Duration.ofMinutes(15), Duration.ofMinutes(2), 4.0, 2.0,
        Duration.ofMinutes(5), Duration.ofMinutes(30), 3, FLINK_MAX_PARALLELISM, Map.of(), true);
  }

  /** Lowest demanded utilization that is still fine. */
  public double lowerUtilization() {
    return Math.max(0, targetUtilization - utilizationBand);
  }

  /** Highest demanded utilization that is still fine. */
  public double upperUtilization() {
    return Math.min(1, targetUtilization + utilizationBand);
  }

  public VertexBounds boundsOf(String vertexId) {
    return vertexBounds.getOrDefault(vertexId, new VertexBounds(1, maxParallelism));
  }

  public AutoscalerSettings withUtilization(double target, double band) {
    return new AutoscalerSettings(target, band, catchUpDuration, restartTime, scaleUpMaxFactor,
        scaleDownMaxFactor, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations, maxParallelism,
        vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withCatchUpDuration(Duration catchUp) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUp, restartTime, scaleUpMaxFactor,
        scaleDownMaxFactor, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations, maxParallelism,
        vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withRestartTime(Duration restart) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restart, scaleUpMaxFactor,
        scaleDownMaxFactor, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations, maxParallelism,
        vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withMaxFactors(double scaleUp, double scaleDown) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restartTime, scaleUp,
        scaleDown, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations, maxParallelism,
        vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withStabilizationInterval(Duration stabilization) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restartTime,
        scaleUpMaxFactor, scaleDownMaxFactor, stabilization, scaleDownGracePeriod, scaleDownMinEvaluations,
        maxParallelism, vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withScaleDownDelay(Duration gracePeriod, int minEvaluations) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restartTime,
        scaleUpMaxFactor, scaleDownMaxFactor, stabilizationInterval, gracePeriod, minEvaluations, maxParallelism,
        vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withMaxParallelism(int overallMax) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restartTime,
        scaleUpMaxFactor, scaleDownMaxFactor, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations,
        overallMax, vertexBounds, alignParallelism);
  }

  public AutoscalerSettings withVertexBounds(String vertexId, int min, int max) {
    Map<String, VertexBounds> bounds = new HashMap<>(vertexBounds);
    bounds.put(vertexId, new VertexBounds(min, max));
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restartTime,
        scaleUpMaxFactor, scaleDownMaxFactor, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations,
        maxParallelism, bounds, alignParallelism);
  }

  public AutoscalerSettings withAlignment(boolean align) {
    return new AutoscalerSettings(targetUtilization, utilizationBand, catchUpDuration, restartTime,
        scaleUpMaxFactor, scaleDownMaxFactor, stabilizationInterval, scaleDownGracePeriod, scaleDownMinEvaluations,
        maxParallelism, vertexBounds, align);
  }
}
