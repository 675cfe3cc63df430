package io.flinkstack.controller.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared fixtures: settings without restart cost (so the arithmetic stays short) and a clock. */
final class Jobs {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private Jobs() {}

  /**
   * 0.7 ± 0.3 (band 0.4..1.0), catch-up 10 min = 600 s, restart estimate 0 (the restart term gets its own
   * test), at most ×4 up / ÷2 down, stabilization 5 min, scale-down after 30 min and 3 evaluations.
   */
  static AutoscalerSettings settings() {
    return AutoscalerSettings.defaults()
        .withUtilization(0.7, 0.3)
        .withCatchUpDuration(Duration.ofMinutes(10))
        .withRestartTime(Duration.ZERO)
        .withMaxFactors(4, 2)
        .withStabilizationInterval(Duration.ofMinutes(5))
        .withScaleDownDelay(Duration.ofMinutes(30), 3);
  }

  static MetricsWindow window(Instant end, Object... idsAndMetrics) {
    Map<String, VertexMetrics> vertices = new LinkedHashMap<>();
    for (int i = 0; i < idsAndMetrics.length; i += 2) {
      vertices.put((String) idsAndMetrics[i], (VertexMetrics) idsAndMetrics[i + 1]);
    }
    return new MetricsWindow(end.minus(Duration.ofMinutes(5)), end, vertices);
  }

  static Instant minutes(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }
}
