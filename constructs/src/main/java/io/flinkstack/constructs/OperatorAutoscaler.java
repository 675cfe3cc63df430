package io.flinkstack.constructs;

/**
 * The Apache operator's job autoscaler ({@code job.autoscaler.*}): it measures each operator's busy time
 * and rescales vertices to a target utilization. Operator backend only; in the standalone backend scale
 * TaskManagers with {@link HpaAutoscaler}.
 */
public final class OperatorAutoscaler {
  private final double targetUtilization;
  private final double targetUtilizationBoundary;
  private final String stabilizationInterval;
  private final String metricsWindow;
  private final String catchUpDuration;
  private final Double scaleUpMaxFactor;
  private final Double scaleDownMaxFactor;

  private OperatorAutoscaler(Builder b) {
    targetUtilization = b.targetUtilization;
    targetUtilizationBoundary = b.targetUtilizationBoundary;
    stabilizationInterval = b.stabilizationInterval;
    metricsWindow = b.metricsWindow;
    catchUpDuration = b.catchUpDuration;
    scaleUpMaxFactor = b.scaleUpMaxFactor;
    scaleDownMaxFactor = b.scaleDownMaxFactor;
  }

  public static Builder builder() {
    return new Builder();
  }

  public double getTargetUtilization() {
    return targetUtilization;
  }

  public double getTargetUtilizationBoundary() {
    return targetUtilizationBoundary;
  }

  public String getStabilizationInterval() {
    return stabilizationInterval;
  }

  public String getMetricsWindow() {
    return metricsWindow;
  }

  public String getCatchUpDuration() {
    return catchUpDuration;
  }

  public Double getScaleUpMaxFactor() {
    return scaleUpMaxFactor;
  }

  public Double getScaleDownMaxFactor() {
    return scaleDownMaxFactor;
  }

  /** Builder of {@link OperatorAutoscaler}; defaults are the operator's. */
  public static final class Builder {
    private double targetUtilization = 0.7;
    private double targetUtilizationBoundary = 0.3;
    private String stabilizationInterval = "5 min";
    private String metricsWindow = "15 min";
    private String catchUpDuration = "30 min";
    private Double scaleUpMaxFactor;
    private Double scaleDownMaxFactor;

    private Builder() {}

    /** Busy-time fraction each vertex should run at (0–1, default 0.7). */
    public Builder targetUtilization(double targetUtilization) {
      this.targetUtilization = targetUtilization;
      return this;
    }

    /** Band around the target inside which nothing is rescaled (default 0.3). */
    public Builder targetUtilizationBoundary(double boundary) {
      this.targetUtilizationBoundary = boundary;
      return this;
    }

    /** No rescale this long after the last one (default {@code 5 min}). */
    public Builder stabilizationInterval(String interval) {
      this.stabilizationInterval = interval;
      return this;
    }

    /** Metrics window the decisions average over (default {@code 15 min}). */
    public Builder metricsWindow(String window) {
      this.metricsWindow = window;
      return this;
    }

    /** How fast a backlog must be caught up after a rescale (default {@code 30 min}). */
    public Builder catchUpDuration(String duration) {
      this.catchUpDuration = duration;
      return this;
    }

    /** Largest scale-up step as a factor of the current parallelism. */
    public Builder scaleUpMaxFactor(Double factor) {
      this.scaleUpMaxFactor = factor;
      return this;
    }

    /** Largest scale-down step as a fraction (0–1) of the current parallelism. */
    public Builder scaleDownMaxFactor(Double factor) {
      this.scaleDownMaxFactor = factor;
      return this;
    }

    public OperatorAutoscaler build() {
      return new OperatorAutoscaler(this);
    }
  }
}
