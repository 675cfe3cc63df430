package io.flinkstack.schemas.apiserver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HorizontalPodAutoscalers (autoscaling/v2): {@code pkg/apis/autoscaling/validation/validation.go}
 * validateHorizontalPodAutoscalerSpec, ValidateCrossVersionObjectReference, validateMetricSpec, validateMetricTarget
 * and validateBehavior. HPAScaleToZero is off by default in 1.32, so minReplicas must be at least 1.
 */
final class AutoscalerRules {
  private static final Map<String, String> SOURCE_MEMBERS = Map.of("Object", "object", "Pods", "pods",
      "Resource", "resource", "ContainerResource", "containerResource", "External", "external");
  private static final Set<String> TARGET_TYPES = Set.of("Utilization", "Value", "AverageValue");
  private static final Set<String> SELECT_POLICIES = Set.of("Max", "Min", "Disabled");
  private static final Set<String> POLICY_TYPES = Set.of("Pods", "Percent");
  static final int MAX_STABILIZATION_WINDOW = 3600;
  static final int MAX_PERIOD = 1800;

  private AutoscalerRules() {}

  static void check(Field object, Problems problems) {
    Field spec = object.get("spec");
    Field minReplicas = spec.get("minReplicas");
    Field maxReplicas = spec.get("maxReplicas");
    minReplicas.integer().filter(m -> m < 1).ifPresent(m -> problems.report(minReplicas, "minReplicas must be at"
        + " least 1 (scaling to zero needs the HPAScaleToZero feature gate, off by default)"));
    maxReplicas.integer().filter(m -> m < 1).ifPresent(m -> problems.report(maxReplicas, "maxReplicas must be at"
        + " least 1"));
    long min = minReplicas.integer().orElse(1L);
    maxReplicas.integer().filter(m -> m >= 1 && m < min).ifPresent(m -> problems.report(maxReplicas,
        "maxReplicas (" + m + ") must be at least minReplicas (" + min + ")"));
    objectReference(spec.get("scaleTargetRef"), problems);
    for (Field metric : spec.get("metrics").items()) {
      metric(metric, problems);
    }
    for (String direction : List.of("scaleUp", "scaleDown")) {
      Field rules = spec.get("behavior", direction);
      if (!rules.isSet()) {
        continue;
      }
      Field window = rules.get("stabilizationWindowSeconds");
      window.integer().filter(w -> w < 0 || w > MAX_STABILIZATION_WINDOW).ifPresent(w -> problems.report(window,
          "stabilizationWindowSeconds must be between 0 and " + MAX_STABILIZATION_WINDOW));
      ContainerRules.values(rules.get("selectPolicy"), SELECT_POLICIES, problems);
      for (Field policy : rules.get("policies").items()) {
        ContainerRules.values(policy.get("type"), POLICY_TYPES, problems);
        Field value = policy.get("value");
        value.integer().filter(v -> v <= 0).ifPresent(v -> problems.report(value, "value must be greater than 0"));
        Field period = policy.get("periodSeconds");
        period.integer().filter(p -> p <= 0 || p > MAX_PERIOD).ifPresent(p -> problems.report(period,
            "periodSeconds must be between 1 and " + MAX_PERIOD));
      }
    }
  }

  /** ValidateCrossVersionObjectReference: kind and name are required path segments. */
  private static void objectReference(Field ref, Problems problems) {
    for (String member : List.of("kind", "name")) {
      Field field = ref.get(member);
      if (field.textOrEmpty().isEmpty()) {
        problems.report(field, member + " is required; name the workload to scale (e.g. kind: StatefulSet)");
      } else {
        String problem = Formats.pathSegmentName(field.text());
        if (problem != null) {
          problems.report(field, member + " " + problem);
        }
      }
    }
  }

  private static void metric(Field metric, Problems problems) {
    Field type = metric.get("type");
    String member = SOURCE_MEMBERS.get(type.textOrEmpty());
    if (member == null) {
      if (type.isText()) {
        problems.report(type, type.shown() + " is not a metric source type; use one of "
            + ContainerRules.sorted(SOURCE_MEMBERS.keySet()));
      }
      return;
    }
    if (!metric.get(member).isSet()) {
      problems.report(metric.get(member), "type " + type.text() + " needs the '" + member + "' source set");
    }
    for (String other : SOURCE_MEMBERS.values()) {
      if (!other.equals(member) && metric.get(other).isSet()) {
        problems.report(metric.get(other), "only the '" + member + "' source may be set for type " + type.text());
      }
    }
    Field source = metric.get(member);
    if (!source.isSet()) {
      return;
    }
    Field target = source.get("target");
    ContainerRules.values(target.get("type"), TARGET_TYPES, problems);
    Field utilization = target.get("averageUtilization");
    utilization.integer().filter(u -> u < 1).ifPresent(u -> problems.report(utilization,
        "averageUtilization must be greater than 0"));
    for (String quantity : List.of("value", "averageValue")) {
      Field q = target.get(quantity);
      ContainerRules.quantity(q, problems).filter(v -> v.signum() == 0).ifPresent(v ->
          problems.report(q, quantity + " must be positive"));
    }
    if (member.equals("object") || member.equals("pods") || member.equals("external")) {
      Field metricName = source.get("metric", "name");
      String problem = metricName.textOrEmpty().isEmpty() ? "is required"
          : Formats.pathSegmentName(metricName.text());
      if (problem != null) {
        problems.report(metricName, "metric name " + problem);
      }
    }
    switch (member) {
      case "resource", "containerResource" -> {
        if (source.get("name").textOrEmpty().isEmpty()) {
          problems.report(source.get("name"), "name is required, e.g. cpu");
        }
        if (utilization.isSet() == target.get("averageValue").isSet()) {
          problems.report(target, "set exactly one of averageUtilization and averageValue");
        }
        if (member.equals("containerResource")) {
          Field container = source.get("container");
          String problem = container.textOrEmpty().isEmpty() ? "is required" : Formats.dns1123Label(container.text());
          if (problem != null) {
            problems.report(container, "container " + problem);
          }
        }
      }
      case "pods" -> {
        if (!target.get("averageValue").isSet()) {
          problems.report(target.get("averageValue"), "a Pods metric needs target.averageValue");
        }
      }
      default -> {
        if (!target.get("value").isSet() && !target.get("averageValue").isSet()) {
          problems.report(target, "set target.value or target.averageValue");
        }
        if (member.equals("external") && target.get("value").isSet() && target.get("averageValue").isSet()) {
          problems.report(target.get("value"), "may not be set together with averageValue");
        }
        if (member.equals("object")) {
          objectReference(source.get("describedObject"), problems);
        }
      }
    }
  }
}
