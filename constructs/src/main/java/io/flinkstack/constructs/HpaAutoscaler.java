package io.flinkstack.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on the TaskManager StatefulSet. The StatefulSet then omits
 * {@code replicas}, so kubectl apply, Argo CD and Flux never undo the autoscaler's decisions; the job
 * follows the TaskManager count through Flink's adaptive (or reactive) scheduler.
 */
public final class HpaAutoscaler {
  private final int minReplicas;
  private final int maxReplicas;
  private final Integer cpuUtilization;
  private final Integer memoryUtilization;
  private final int scaleUpStabilizationSeconds;
  private final int scaleDownStabilizationSeconds;
  private final List<AutoscalingMetric> metrics;

  private HpaAutoscaler(Builder b) {
    minReplicas = b.minReplicas;
    maxReplicas = b.maxReplicas;
    cpuUtilization = b.cpuUtilization;
    memoryUtilization = b.memoryUtilization;
    scaleUpStabilizationSeconds = b.scaleUpStabilizationSeconds;
    scaleDownStabilizationSeconds = b.scaleDownStabilizationSeconds;
    metrics = b.metrics == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(b.metrics));
  }

  public static Builder builder() {
    return new Builder();
  }

  public int getMinReplicas() {
    return minReplicas;
  }

  public int getMaxReplicas() {
    return maxReplicas;
  }

  /** Target average CPU utilization in percent; null for none. */
  public Integer getCpuUtilization() {
    return cpuUtilization;
  }

  /** Target average memory utilization in percent; null for none. */
  public Integer getMemoryUtilization() {
    return memoryUtilization;
  }

  public int getScaleUpStabilizationSeconds() {
    return scaleUpStabilizationSeconds;
  }

  public int getScaleDownStabilizationSeconds() {
    return scaleDownStabilizationSeconds;
  }

  public List<AutoscalingMetric> getMetrics() {
    return metrics;
  }

  /** Builder of {@link HpaAutoscaler}. */
  public static final class Builder {
    private int minReplicas = 1;
    private int maxReplicas;
    private Integer cpuUtilization = 60;
    private Integer memoryUtilization;
    private int scaleUpStabilizationSeconds = 0;
    private int scaleDownStabilizationSeconds = 300;
    private List<AutoscalingMetric> metrics = List.of();

    private Builder() {}

    /** Fewest TaskManagers (default 1). */
    public Builder minReplicas(int minReplicas) {
      this.minReplicas = minReplicas;
      return this;
    }

    /** Most TaskManagers (required). */
    public Builder maxReplicas(int maxReplicas) {
      this.maxReplicas = maxReplicas;
      return this;
    }

    /** Target average CPU utilization in percent (default 60); null for no CPU target. */
    public Builder cpuUtilization(Integer cpuUtilization) {
      this.cpuUtilization = cpuUtilization;
      return this;
    }

    /** Target average memory utilization in percent (default none). */
    public Builder memoryUtilization(Integer memoryUtilization) {
      this.memoryUtilization = memoryUtilization;
      return this;
    }

    /** How long scale-up recommendations must hold before acting (default 0 s). */
    public Builder scaleUpStabilizationSeconds(int seconds) {
      this.scaleUpStabilizationSeconds = seconds;
      return this;
    }

    /** How long scale-down recommendations must hold before acting (default 300 s): a rescale costs a restart. */
    public Builder scaleDownStabilizationSeconds(int seconds) {
      this.scaleDownStabilizationSeconds = seconds;
      return this;
    }

    /** Custom (pods) and external metrics, e.g. consumer lag. */
    public Builder metrics(List<AutoscalingMetric> metrics) {
      this.metrics = metrics;
      return this;
    }

    public HpaAutoscaler build() {
      return new HpaAutoscaler(this);
    }
  }
}
