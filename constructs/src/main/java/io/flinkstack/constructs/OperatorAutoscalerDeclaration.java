package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/**
 * The Apache operator's job autoscaler ({@code job.autoscaler.*}): it measures each operator's busy time
 * and rescales vertices to a target utilization. Operator backend only; in the standalone backend scale
 * TaskManagers with {@link HpaAutoscaler}. Defaults are the operator's.
 */
@Props(name = "OperatorAutoscaler")
final class OperatorAutoscalerDeclaration {
  /** Busy-time fraction each vertex should run at (0–1, default 0.7). */
  double targetUtilization = 0.7;

  /** Band around the target inside which nothing is rescaled (default 0.3). */
  double targetUtilizationBoundary = 0.3;

  /** No rescale this long after the last one (default {@code 5 min}). */
  String stabilizationInterval = "5 min";

  /** Metrics window the decisions average over (default {@code 15 min}). */
  String metricsWindow = "15 min";

  /** How fast a backlog must be caught up after a rescale (default {@code 30 min}). */
  String catchUpDuration = "30 min";

  /** Largest scale-up step as a factor of the current parallelism. */
  Double scaleUpMaxFactor;

  /** Largest scale-down step as a fraction (0–1) of the current parallelism. */
  Double scaleDownMaxFactor;
}
