package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.controller.autoscaler.AutoscalerSettings;
import io.flinkstack.controller.declaration.FlinkDurations;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps an {@link AutoscalerDeclaration} onto the decision code's {@link AutoscalerSettings} and the live loop's timing. */
public final class AutoscalerDeclarations {
  /** What a declaration without {@code window} gets. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  /** What a declaration without {@code interval} gets. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private static final Pattern BOUNDS = Pattern.compile("\\s*(\\d+)\\s*\\.\\.\\s*(\\d+)\\s*");

  private AutoscalerDeclarations() {}

  /**
   * The settings, {@link AutoscalerSettings#defaults()} where the declaration says nothing. Vertex bounds
   * are keyed as declared (vertex id or name); {@link LiveAutoscaler} resolves names against the running job.
   *
   * @throws IllegalArgumentException naming the field when a value is invalid
   */
  public static AutoscalerSettings settings(AutoscalerDeclaration declaration) {
    AutoscalerSettings s = AutoscalerSettings.defaults();
    if (declaration.targetUtilization() != null || declaration.utilizationBand() != null) {
      s = s.withUtilization(or(declaration.targetUtilization(), s.targetUtilization()),
          or(declaration.utilizationBand(), s.utilizationBand()));
    }
    s = s.withCatchUpDuration(duration(declaration.catchUpDuration(), "catchUpDuration", s.catchUpDuration()))
        .withRestartTime(duration(declaration.restartTime(), "restartTime", s.restartTime()))
        .withStabilizationInterval(duration(declaration.stabilization(), "stabilization", s.stabilizationInterval()))
        .withScaleDownDelay(duration(declaration.scaleDownDelay(), "scaleDownDelay", s.scaleDownGracePeriod()),
            declaration.scaleDownMinEvaluations() != null ? declaration.scaleDownMinEvaluations()
                : s.scaleDownMinEvaluations())
        .withMaxFactors(or(declaration.scaleUpMaxFactor(), s.scaleUpMaxFactor()),
            or(declaration.scaleDownMaxFactor(), s.scaleDownMaxFactor()));
    if (declaration.maxParallelism() != null) {
      s = s.withMaxParallelism(declaration.maxParallelism());
    }
    Map<String, String> bounds = declaration.vertexBounds() == null ? Map.of() : declaration.vertexBounds();
    for (Map.Entry<String, String> entry : bounds.entrySet()) {
      Matcher m = BOUNDS.matcher(entry.getValue() == null ? "" : entry.getValue());
      if (!m.matches()) {
        throw new IllegalArgumentException("vertexBounds." + entry.getKey() + ": expected min..max, got " + entry.getValue());
      }
      s = s.withVertexBounds(entry.getKey(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    return s;
  }

  public static Duration window(AutoscalerDeclaration declaration) {
    return duration(declaration.window(), "window", DEFAULT_WINDOW);
  }

  public static Duration interval(AutoscalerDeclaration declaration) {
    return duration(declaration.interval(), "interval", DEFAULT_INTERVAL);
  }

  private static double or(Double value, double otherwise) {
    return value != null ? value : otherwise;
  }

  private static Duration duration(String text, String field, Duration otherwise) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    try {
      return FlinkDurations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
