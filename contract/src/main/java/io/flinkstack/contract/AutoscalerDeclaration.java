package io.flinkstack.contract;

import java.util.Map;

/**
 * A job's autoscaler as declared (YAML, field names as here; absent fields are null and take the
 * controller's defaults). Durations are Flink durations ({@code 30 s}, {@code 5 min}).
 *
 * @param enabled whether the autoscaler runs at all (default false)
 * @param mode {@code act} (rescale in place and ask for the TaskManagers) or {@code monitor} (only record the
 *     recommendation); default {@code monitor}
 * @param targetUtilization busy fraction a vertex is sized for (default 0.7)
 * @param utilizationBand no rescale while every vertex stays within target ± band (default 0.3)
 * @param catchUpDuration a backlog must be drained within this long (default 15 min)
 * @param restartTime the expected outage of a rescale (default 2 min)
 * @param window how much history one decision looks at (default 5 min)
 * @param interval how often a decision is made once the window is full (default 1 min)
 * @param stabilization after a rescale, metrics from this long are ignored (default 5 min)
 * @param scaleDownDelay a scale-down is done only after being recommended this long… (default 30 min)
 * @param scaleDownMinEvaluations … and this many evaluations in a row (default 3)
 * @param scaleUpMaxFactor one decision multiplies a vertex's parallelism by at most this (default 4)
 * @param scaleDownMaxFactor one decision divides it by at most this (default 2)
 * @param maxParallelism overall upper bound of every vertex (default Flink's 32768)
 * @param vertexBounds per vertex (id or name as Flink shows it) {@code "min..max"}, e.g. {@code "2..8"}
 */
public record AutoscalerDeclaration(
    Boolean enabled,
    String mode,
    Double targetUtilization,
    Double utilizationBand,
    String catchUpDuration,
    String restartTime,
    String window,
    String interval,
    String stabilization,
    String scaleDownDelay,
    Integer scaleDownMinEvaluations,
    Double scaleUpMaxFactor,
    Double scaleDownMaxFactor,
    Integer maxParallelism,
    Map<String, String> vertexBounds) {

  public static final String MODE_ACT = "act";
  public static final String MODE_MONITOR = "monitor";

  public boolean isEnabled() {
    return Boolean.TRUE.equals(enabled);
  }

  /** {@code act} only when declared so: anything else recommends. */
  public boolean acts() {
    return MODE_ACT.equals(mode);
  }
}
