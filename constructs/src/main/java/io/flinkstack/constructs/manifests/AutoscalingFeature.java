package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.flinkstack.constructs.AutoscalingMetric;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.TaskManagerAutoscaling;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler, and an autoscaling/v2 HPA on the TaskManager StatefulSet. Under an HPA the StatefulSet
 * has no {@code replicas} (see {@link ApplicationManifests}): whoever applies the manifests must never
 * reset what the autoscaler chose.
 */
final class AutoscalingFeature {
  private AutoscalingFeature() {}

  static void apply(ClusterModel m) {
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
    TaskManagerAutoscaling a = m.spec.props().getAutoscaling();
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

  private static List<MetricSpec> metrics(TaskManagerAutoscaling a) {
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
}
