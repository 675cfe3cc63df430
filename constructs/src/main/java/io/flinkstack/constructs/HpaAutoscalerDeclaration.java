package io.flinkstack.constructs;

import io.flinkstack.props.Props;
import java.util.List;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on the TaskManager StatefulSet. The StatefulSet then omits
 * {@code replicas}, so kubectl apply, Argo CD and Flux never undo the autoscaler's decisions; the job
 * follows the TaskManager count through Flink's adaptive (or reactive) scheduler.
 */
@Props(name = "HpaAutoscaler")
final class HpaAutoscalerDeclaration {
  /** Fewest TaskManagers (default 1). */
  int minReplicas = 1;

  /** Most TaskManagers (required). */
  int maxReplicas;

  /** Target average CPU utilization in percent (default 60); null for no CPU target. */
  Integer cpuUtilization = 60;

  /** Target average memory utilization in percent (default none: null). */
  Integer memoryUtilization;

  /** How long scale-up recommendations must hold before acting (default 0 s). */
  int scaleUpStabilizationSeconds = 0;

  /** How long scale-down recommendations must hold before acting (default 300 s): a rescale costs a restart. */
  int scaleDownStabilizationSeconds = 300;

  /** Custom (pods) and external metrics, e.g. consumer lag. */
  List<AutoscalingMetric> metrics = List.of();
}
