package io.flinkstack.constructs;

import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;
import java.util.Map;

/** A custom or external metric an autoscaler targets, e.g. Kafka consumer lag from a metrics adapter. */
@Props(name = "AutoscalingMetric", builder = false)
final class AutoscalingMetricDeclaration {
  /** Where the metric comes from. */
  enum Source { PODS, EXTERNAL }

  /** Where the metric comes from. */
  Source source;

  /** The metric's name. */
  String name;

  /** Labels selecting the external metric; empty for a pods metric. */
  @Prop(sorted = true)
  Map<String, String> selector;

  /** A Kubernetes quantity, e.g. {@code 1000} or {@code 500m}. */
  String averageValue;

  /** A per-pod metric of the TaskManagers (custom metrics API), averaged to {@code averageValue}. */
  static AutoscalingMetric pods(String name, String averageValue) {
    return new AutoscalingMetric(AutoscalingMetric.Source.PODS, name, null, averageValue);
  }

  /** A metric from outside the cluster (external metrics API), e.g. consumer lag per TaskManager. */
  static AutoscalingMetric external(String name, Map<String, String> selector, String averageValue) {
    return new AutoscalingMetric(AutoscalingMetric.Source.EXTERNAL, name, selector, averageValue);
  }
}
