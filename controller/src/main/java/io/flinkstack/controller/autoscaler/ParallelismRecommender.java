package io.flinkstack.controller.autoscaler;

import java.util.Locale;

/**
 * One vertex: from its DS2 evaluation to a recommended parallelism.
 *
 * <p>The capacity a vertex needs at utilization {@code u} is
 * {@code max(target / u, target + catchUp + restartCatchUp)}: enough to run the steady rate at {@code u},
 * and enough to drain the backlog within the catch-up duration while running flat out — which is what a
 * vertex with a backlog does anyway. Adding the catch-up on top of the headroom instead would size the
 * vertex for both at once; once the backlog is gone it would idle below the band, and the scale-down that
 * follows is a flap. {@code restartCatchUp} pays for the rescale itself: what arrives during the restart
 * must be caught up too. The recommendation is the needed capacity at the target utilization divided by
 * the true rate per subtask, rounded up.
 *
 * <p>The band is judged on capacities, so that a backlog counts: the vertex is overloaded when its capacity
 * is below what it needs at the upper utilization (no restart: none happens if nothing changes), under-used
 * when above what it needs at the lower utilization including a restart (a scale-down restarts the job
 * too).
 */
final class ParallelismRecommender {

  /** Ratios that differ by less than this are equal: hand-computed 7.0 must not round up to 8. */
  private static final double TOLERANCE = 1e-9;

  private ParallelismRecommender() {}

  static VertexRecommendation recommend(VertexEvaluation evaluation, VertexMetrics metrics, boolean source,
      boolean keyed, AutoscalerSettings settings) {
    int current = evaluation.parallelism();
    VertexBounds configured = settings.boundsOf(evaluation.vertexId());
    int upper = Math.min(Math.min(configured.max(), settings.maxParallelism()), metrics.maxParallelism());
    if (source && metrics.sourcePartitions() > 0) {
      upper = Math.min(upper, metrics.sourcePartitions()); // a reader beyond the partition count would idle
    }
    int lower = Math.min(configured.min(), upper);
    boolean outOfBounds = current < lower || current > upper;

    double target = evaluation.targetInputRate();
    double catchUp = evaluation.catchUpRate();
    double truePerSubtask = evaluation.trueRatePerSubtask();
    if (Double.isNaN(target)) {
      return keep(current, outOfBounds, lower, upper, "target rate unknown (an upstream vertex has no rate)");
    }
    if (target + catchUp <= 0) {
      int fewest = Math.max(clampByFactors(current, lower, settings), lower);
      return new VertexRecommendation(current, fewest,
          current > lower ? UtilizationBand.UNDER_USED : UtilizationBand.WITHIN, outOfBounds, 0,
          "receives nothing: the fewest subtasks allowed");
    }
    if (Double.isNaN(truePerSubtask)) {
      return keep(current, outOfBounds, lower, upper, Double.isNaN(evaluation.busyFraction())
          ? "true rate unknown: no busy time reported"
          : "true rate unknown: nothing processed yet while " + rate(target) + " rec/s are due");
    }

    double restartCatchUp = target * seconds(settings.restartTime().toMillis()) / seconds(
        settings.catchUpDuration().toMillis());
    double capacity = truePerSubtask * current;
    double overloadedBelow = neededCapacity(target, catchUp, 0, settings.upperUtilization());
    double underUsedAbove = settings.lowerUtilization() > 0
        ? neededCapacity(target, catchUp, restartCatchUp, settings.lowerUtilization())
        : Double.POSITIVE_INFINITY;
    UtilizationBand band = capacity < overloadedBelow * (1 - TOLERANCE) ? UtilizationBand.OVERLOADED
        : capacity > underUsedAbove * (1 + TOLERANCE) ? UtilizationBand.UNDER_USED
        : UtilizationBand.WITHIN;

    double needed = neededCapacity(target, catchUp, restartCatchUp, settings.targetUtilization());
    double exact = needed / truePerSubtask;
    int required = Math.max(1, (int) Math.min(Math.ceil(exact - TOLERANCE), Integer.MAX_VALUE));
    int clamped = clampByFactors(current, required, settings);
    int bounded = Math.min(Math.max(clamped, lower), upper);
    int base = settings.alignParallelism() ? ParallelismAlignment.alignmentBase(source, keyed, metrics) : 0;
    int aligned = ParallelismAlignment.align(current, bounded, base, upper);

    StringBuilder why = new StringBuilder();
    why.append("demand ").append(rate(target)).append(" rec/s");
    if (catchUp > 0) {
      why.append(" + catch-up ").append(rate(catchUp)).append(" rec/s");
    }
    why.append(String.format(Locale.ROOT, " vs capacity %s rec/s (%s/subtask, busy %.2f): utilization %.2f, %s;",
        rate(capacity), rate(truePerSubtask), evaluation.busyFraction(), (target + catchUp) / capacity,
        describe(band, settings)));
    why.append(String.format(Locale.ROOT, " needs max(%s/%.2f, %s", rate(target), settings.targetUtilization(),
        rate(target)));
    if (catchUp > 0) {
      why.append(" + ").append(rate(catchUp));
    }
    if (restartCatchUp > 0) {
      why.append(" + restart ").append(rate(restartCatchUp));
    }
    why.append(String.format(Locale.ROOT, ") / %s = %.2f → %d", rate(truePerSubtask), exact, required));
    if (clamped != required) {
      why.append(String.format(Locale.ROOT, ", max factor → %d", clamped));
    }
    if (bounded != clamped) {
      why.append(String.format(Locale.ROOT, ", bounds %d..%d → %d", lower, upper, bounded));
    }
    if (aligned != bounded) {
      why.append(String.format(Locale.ROOT, ", aligned to %d (divides %d %s)", aligned, base,
          source && metrics.sourcePartitions() > 0 ? "partitions" : "key groups"));
    }
    return new VertexRecommendation(current, aligned, band, outOfBounds, exact, why.toString());
  }

  /** Records per second of capacity needed to run {@code target} at {@code utilization} and catch up in time. */
  static double neededCapacity(double target, double catchUp, double restartCatchUp, double utilization) {
    return Math.max(target / utilization, target + catchUp + restartCatchUp);
  }

  /**
   * At most ×scaleUpMaxFactor up and ÷scaleDownMaxFactor down in one decision, rounded so that a step of
   * one is always possible (otherwise a factor of 1.5 would pin parallelism 1 forever).
   */
  static int clampByFactors(int current, int proposed, AutoscalerSettings settings) {
    if (proposed > current) {
      int most = Math.max(current + 1, (int) Math.floor(current * settings.scaleUpMaxFactor() + TOLERANCE));
      return Math.min(proposed, most);
    }
    if (proposed < current) {
      int fewest = Math.min(current - 1, (int) Math.ceil(current / settings.scaleDownMaxFactor() - TOLERANCE));
      return Math.max(proposed, Math.max(1, fewest));
    }
    return proposed;
  }

  private static VertexRecommendation keep(int current, boolean outOfBounds, int lower, int upper, String why) {
    int parallelism = outOfBounds ? Math.min(Math.max(current, lower), upper) : current;
    return new VertexRecommendation(current, parallelism, UtilizationBand.UNKNOWN, outOfBounds, Double.NaN, why);
  }

  private static double seconds(long millis) {
    return millis / 1000.0;
  }

  private static String describe(UtilizationBand band, AutoscalerSettings settings) {
    return switch (band) {
      case OVERLOADED -> String.format(Locale.ROOT, "above %.2f", settings.upperUtilization());
      case UNDER_USED -> String.format(Locale.ROOT, "below %.2f", settings.lowerUtilization());
      case WITHIN -> String.format(Locale.ROOT, "within %.2f..%.2f", settings.lowerUtilization(),
          settings.upperUtilization());
      case UNKNOWN -> "unknown";
    };
  }

  static String rate(double value) {
    if (Double.isNaN(value)) {
      return "?";
    }
    return Math.abs(value) >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
