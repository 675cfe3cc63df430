package io.flinkstack.constructs;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A custom or external metric an autoscaler targets, e.g. Kafka consumer lag from a metrics adapter. */
public final class AutoscalingMetric {
  /** Where the metric comes from. */
  public enum Source { PODS, EXTERNAL }

  private final Source source;
  private final String name;
  private final Map<String, String> selector;
  private final String averageValue;

  private AutoscalingMetric(Source source, String name, Map<String, String> selector, String averageValue) {
    this.source = source;
    this.name = name;
    this.selector = selector == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(selector));
    this.averageValue = averageValue;
  }

  /** A per-pod metric of the TaskManagers (custom metrics API), averaged to {@code averageValue}. */
  public static AutoscalingMetric pods(String name, String averageValue) {
    return new AutoscalingMetric(Source.PODS, name, null, averageValue);
  }

  /** A metric from outside the cluster (external metrics API), e.g. consumer lag per TaskManager. */
  public static AutoscalingMetric external(String name, Map<String, String> selector, String averageValue) {
    return new AutoscalingMetric(Source.EXTERNAL, name, selector, averageValue);
  }

  public Source getSource() {
    return source;
  }

  public String getName() {
    return name;
  }

  public Map<String, String> getSelector() {
    return selector;
  }

  /** A Kubernetes quantity, e.g. {@code 1000} or {@code 500m}. */
  public String getAverageValue() {
    return averageValue;
  }
}
