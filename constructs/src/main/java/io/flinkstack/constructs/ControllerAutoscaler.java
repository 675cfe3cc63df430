package io.flinkstack.constructs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * flinkstack's Flink-aware autoscaler for one job (standalone backend): the runtime controller measures each
 * vertex's true processing rate from Flink's metrics and sizes its parallelism for the arrival rate plus any
 * backlog. In {@link AutoscalerMode#MONITOR} (the default) it only records what it would do; in {@link
 * AutoscalerMode#ACT} it rescales the job in place, which needs the adaptive scheduler (the default when
 * acting). Together with {@link HpaAutoscaler} it still rescales the job, but leaves the TaskManager
 * count to the HPA and only reports how many it needs. The operator backend uses {@link OperatorAutoscaler}.
 *
 * <p>Every field but the mode is optional: unset, the runtime controller's default applies (given below).
 * Durations are Flink durations ({@code 30 s}, {@code 5 min}).
 */
public final class ControllerAutoscaler {
  private final AutoscalerMode mode;
  private final Double targetUtilization;
  private final Double utilizationBand;
  private final String catchUpDuration;
  private final String restartTime;
  private final String window;
  private final String interval;
  private final String stabilization;
  private final String scaleDownDelay;
  private final Integer scaleDownMinEvaluations;
  private final Double scaleUpMaxFactor;
  private final Double scaleDownMaxFactor;
  private final Integer maxParallelism;
  private final Map<String, String> vertexBounds;

  private ControllerAutoscaler(Builder b) {
    mode = b.mode;
    targetUtilization = b.targetUtilization;
    utilizationBand = b.utilizationBand;
    catchUpDuration = b.catchUpDuration;
    restartTime = b.restartTime;
    window = b.window;
    interval = b.interval;
    stabilization = b.stabilization;
    scaleDownDelay = b.scaleDownDelay;
    scaleDownMinEvaluations = b.scaleDownMinEvaluations;
    scaleUpMaxFactor = b.scaleUpMaxFactor;
    scaleDownMaxFactor = b.scaleDownMaxFactor;
    maxParallelism = b.maxParallelism;
    // Null-tolerant: null keys and values are reported by validation, not thrown here.
    vertexBounds = b.vertexBounds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.vertexBounds));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Records recommendations only, every setting the controller's default. */
  public static ControllerAutoscaler monitor() {
    return builder().mode(AutoscalerMode.MONITOR).build();
  }

  /** Rescales the job in place, every setting the controller's default. */
  public static ControllerAutoscaler act() {
    return builder().mode(AutoscalerMode.ACT).build();
  }

  public AutoscalerMode getMode() {
    return mode;
  }

  /** Null means 0.7. */
  public Double getTargetUtilization() {
    return targetUtilization;
  }

  /** Null means 0.3. */
  public Double getUtilizationBand() {
    return utilizationBand;
  }

  /** Null means 15 min. */
  public String getCatchUpDuration() {
    return catchUpDuration;
  }

  /** Null means 2 min. */
  public String getRestartTime() {
    return restartTime;
  }

  /** Null means 5 min. */
  public String getWindow() {
    return window;
  }

  /** Null means 1 min. */
  public String getInterval() {
    return interval;
  }

  /** Null means 5 min. */
  public String getStabilization() {
    return stabilization;
  }

  /** Null means 30 min. */
  public String getScaleDownDelay() {
    return scaleDownDelay;
  }

  /** Null means 3. */
  public Integer getScaleDownMinEvaluations() {
    return scaleDownMinEvaluations;
  }

  /** Null means 4. */
  public Double getScaleUpMaxFactor() {
    return scaleUpMaxFactor;
  }

  /** Null means 2. */
  public Double getScaleDownMaxFactor() {
    return scaleDownMaxFactor;
  }

  /** Null means Flink's 32768. */
  public Integer getMaxParallelism() {
    return maxParallelism;
  }

  /** Vertex (name or id as Flink shows it) to {@code "min..max"}; empty for none. */
  public Map<String, String> getVertexBounds() {
    return vertexBounds;
  }

  /** Builder of {@link ControllerAutoscaler}; unset fields take the runtime controller's defaults. */
  public static final class Builder {
    private AutoscalerMode mode = AutoscalerMode.MONITOR;
    private Double targetUtilization;
    private Double utilizationBand;
    private String catchUpDuration;
    private String restartTime;
    private String window;
    private String interval;
    private String stabilization;
    private String scaleDownDelay;
    private Integer scaleDownMinEvaluations;
    private Double scaleUpMaxFactor;
    private Double scaleDownMaxFactor;
    private Integer maxParallelism;
    private Map<String, String> vertexBounds = Map.of();

    private Builder() {}

    /** ACT rescales the job, MONITOR (default) only records the recommendation. */
    public Builder mode(AutoscalerMode mode) {
      this.mode = mode;
      return this;
    }

    /** Busy fraction each vertex is sized for, above 0 and at most 1 (default 0.7). */
    public Builder targetUtilization(Double targetUtilization) {
      this.targetUtilization = targetUtilization;
      return this;
    }

    /**
     * No rescale while every vertex stays within target ± band (default 0.3); target ± band must stay within
     * (0, 1].
     */
    public Builder utilizationBand(Double utilizationBand) {
      this.utilizationBand = utilizationBand;
      return this;
    }

    /** A backlog must be drained within this long after a rescale (default {@code 15 min}). */
    public Builder catchUpDuration(String catchUpDuration) {
      this.catchUpDuration = catchUpDuration;
      return this;
    }

    /** The outage a rescale is expected to cost, added to the backlog to catch up (default {@code 2 min}). */
    public Builder restartTime(String restartTime) {
      this.restartTime = restartTime;
      return this;
    }

    /** How much metric history one decision looks at (default {@code 5 min}). */
    public Builder window(String window) {
      this.window = window;
      return this;
    }

    /** How often a decision is made once the window is full (default {@code 1 min}). */
    public Builder interval(String interval) {
      this.interval = interval;
      return this;
    }

    /** After a rescale, metrics from this long are ignored (default {@code 5 min}). */
    public Builder stabilization(String stabilization) {
      this.stabilization = stabilization;
      return this;
    }

    /** A scale-down is done only after being recommended this long (default {@code 30 min})… */
    public Builder scaleDownDelay(String scaleDownDelay) {
      this.scaleDownDelay = scaleDownDelay;
      return this;
    }

    /** … and in this many decisions in a row (default 3). */
    public Builder scaleDownMinEvaluations(Integer scaleDownMinEvaluations) {
      this.scaleDownMinEvaluations = scaleDownMinEvaluations;
      return this;
    }

    /** One decision multiplies a vertex's parallelism by at most this, above 1 (default 4). */
    public Builder scaleUpMaxFactor(Double scaleUpMaxFactor) {
      this.scaleUpMaxFactor = scaleUpMaxFactor;
      return this;
    }

    /** One decision divides a vertex's parallelism by at most this, above 1 (default 2). */
    public Builder scaleDownMaxFactor(Double scaleDownMaxFactor) {
      this.scaleDownMaxFactor = scaleDownMaxFactor;
      return this;
    }

    /** Upper bound of every vertex's parallelism (default Flink's 32768). */
    public Builder maxParallelism(Integer maxParallelism) {
      this.maxParallelism = maxParallelism;
      return this;
    }

    /**
     * Per vertex — its name or id as Flink's web UI shows it — the parallelism range {@code "min..max"}, e.g.
     * {@code Map.of("Sink: Writer", "2..8")} (default none).
     */
    public Builder vertexBounds(Map<String, String> vertexBounds) {
      this.vertexBounds = vertexBounds;
      return this;
    }

    public ControllerAutoscaler build() {
      return new ControllerAutoscaler(this);
    }
  }
}
