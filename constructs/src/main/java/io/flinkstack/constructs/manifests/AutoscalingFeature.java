package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.flinkstack.constructs.AutoscalingMetric;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The scheduler, and an autoscaling/v2 HPA on the TaskManager StatefulSet. Under an HPA the StatefulSet
 * has no {@code replicas} (see {@link ApplicationManifests}): whoever applies the manifests must never
 * reset what the autoscaler chose.
 */
final class AutoscalingFeature implements ClusterFeature {
  static final AutoscalingFeature INSTANCE = new AutoscalingFeature();

  private AutoscalingFeature() {}

  @Override
  public void apply(ClusterModel m) {
    switch (m.spec.scheduler()) {
      case ADAPTIVE -> {
        m.config.put("jobmanager.scheduler", "adaptive");
        // The runtime controller decides when to rescale (slots that changed, autoscaler decisions with their
        // own stabilization); Flink's cooldown after a rescale (30 s by default) only delays what it asked for.
        // A user's flinkConfiguration still wins.
        m.spec.flinkVersion().adaptiveSchedulerCooldownKey().ifPresent(key -> m.config.putIfAbsent(key, "0s"));
      }
      case REACTIVE -> m.config.put("scheduler-mode", "reactive");
      case DEFAULT -> { }
      default -> throw new IllegalStateException("unknown scheduler " + m.spec.scheduler());
    }
    HpaAutoscaler a = m.spec.props().getAutoscaling();
    if (a == null) {
      return;
    }
    String taskManagers = ClusterNames.taskManager(m.spec.name());
    m.policies.add(new HorizontalPodAutoscalerBuilder()
        .withMetadata(ClusterLabels.meta(m.spec, taskManagers, Labels.COMPONENT_TASKMANAGER))
        .withNewSpec()
        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("StatefulSet").withName(taskManagers).endScaleTargetRef()
        .withMinReplicas(a.getMinReplicas())
        .withMaxReplicas(a.getMaxReplicas())
        .withMetrics(metrics(a))
        .withNewBehavior()
        .withNewScaleUp().withStabilizationWindowSeconds(a.getScaleUpStabilizationSeconds()).endScaleUp()
        .withNewScaleDown().withStabilizationWindowSeconds(a.getScaleDownStabilizationSeconds()).endScaleDown()
        .endBehavior()
        .endSpec()
        .build());
  }

  private static List<MetricSpec> metrics(HpaAutoscaler a) {
    List<MetricSpec> metrics = new ArrayList<>();
    if (a.getCpuUtilization() != null) {
      metrics.add(resource("cpu", a.getCpuUtilization()));
    }
    if (a.getMemoryUtilization() != null) {
      metrics.add(resource("memory", a.getMemoryUtilization()));
    }
    for (AutoscalingMetric metric : a.getMetrics()) {
      if (metric.getSource() == AutoscalingMetric.Source.PODS) {
        metrics.add(new MetricSpecBuilder().withType("Pods").withNewPods()
            .withNewMetric().withName(metric.getName()).endMetric()
            .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(metric.getAverageValue())).endTarget()
            .endPods().build());
      } else {
        metrics.add(new MetricSpecBuilder().withType("External").withNewExternal()
            .withNewMetric().withName(metric.getName())
            .withNewSelector().withMatchLabels(metric.getSelector().isEmpty() ? null : metric.getSelector()).endSelector()
            .endMetric()
            .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(metric.getAverageValue())).endTarget()
            .endExternal().build());
      }
    }
    return metrics;
  }

  private static MetricSpec resource(String name, int utilization) {
    return new MetricSpecBuilder().withType("Resource").withNewResource().withName(name)
        .withNewTarget().withType("Utilization").withAverageUtilization(utilization).endTarget()
        .endResource().build();
  }

  /** The TaskManager count parallelism is checked against: the HPA's maximum, else the fixed count. */
  static int poolSize(ClusterProps props) {
    HpaAutoscaler a = props.getAutoscaling();
    return a == null ? props.getTaskManagers() : Math.max(1, a.getMaxReplicas());
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    checkAutoscaling(in.props(), problems);
  }

  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

  private static void checkAutoscaling(ClusterProps props, Problems problems) {
    HpaAutoscaler a = props.getAutoscaling();
    if (a == null) {
      return;
    }
    problems.check(a.getMinReplicas() >= 1, "autoscaling.minReplicas", a.getMinReplicas() + " is not a TaskManager"
        + " count; use 1 or more");
    problems.check(a.getMaxReplicas() >= Math.max(1, a.getMinReplicas()), "autoscaling.maxReplicas",
        String.format("%d is below minReplicas %d; set maxReplicas to the most TaskManagers the job may use",
            a.getMaxReplicas(), a.getMinReplicas()));
    checkPercent(a.getCpuUtilization(), "autoscaling.cpuUtilization", problems);
    checkPercent(a.getMemoryUtilization(), "autoscaling.memoryUtilization", problems);
    problems.check(a.getCpuUtilization() != null || a.getMemoryUtilization() != null || !a.getMetrics().isEmpty(),
        "autoscaling", "has no metric to scale on; keep cpuUtilization (default 60) or add memoryUtilization or metrics");
    problems.check(a.getScaleUpStabilizationSeconds() >= 0 && a.getScaleUpStabilizationSeconds() <= 3600,
        "autoscaling.scaleUpStabilizationSeconds", "must be 0 to 3600");
    problems.check(a.getScaleDownStabilizationSeconds() >= 0 && a.getScaleDownStabilizationSeconds() <= 3600,
        "autoscaling.scaleDownStabilizationSeconds", "must be 0 to 3600");
    for (int i = 0; i < a.getMetrics().size(); i++) {
      AutoscalingMetric m = a.getMetrics().get(i);
      String field = "autoscaling.metrics[" + i + "]";
      if (m == null) {
        problems.add(field, "is null; remove it");
        continue;
      }
      problems.check(notBlank(m.getName()), field + ".name", "is required: the metric's name in the metrics API");
      problems.check(m.getAverageValue() != null && QUANTITY.matcher(m.getAverageValue()).matches(),
          field + ".averageValue", String.format("'%s' is not a quantity; e.g. 1000 or 500m", m.getAverageValue()));
    }
  }

  private static void checkPercent(Integer value, String field, Problems problems) {
    if (value != null) {
      problems.check(value >= 1 && value <= 100, field, value + " is not a percentage; use 1 to 100");
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
