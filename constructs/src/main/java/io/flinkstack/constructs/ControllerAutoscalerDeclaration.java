package io.flinkstack.constructs;

import io.flinkstack.props.Props;
import java.util.Map;

/**
 * flinkstack's Flink-aware autoscaler for one job (standalone backend): the runtime controller measures each
 * vertex's true processing rate from Flink's metrics and sizes its parallelism for the arrival rate plus any
 * backlog. In {@link AutoscalerMode#MONITOR} (the default) it only records what it would do; in {@link
 * AutoscalerMode#ACT} it rescales the job in place, which needs the adaptive scheduler (the default when
 * acting). Together with {@link HpaAutoscaler} it still rescales the job, but leaves the TaskManager
 * count to the HPA and only reports how many it needs. The operator backend uses {@link OperatorAutoscaler}.
 *
 * <p>Every field but the mode is optional: unset (null), the runtime controller's default applies (given below).
 * Durations are Flink durations ({@code 30 s}, {@code 5 min}).
 */
@Props(name = "ControllerAutoscaler")
final class ControllerAutoscalerDeclaration {
  /** ACT rescales the job, MONITOR (default) only records the recommendation. */
  AutoscalerMode mode = AutoscalerMode.MONITOR;

  /** Busy fraction each vertex is sized for, above 0 and at most 1 (null means 0.7). */
  Double targetUtilization;

  /**
   * No rescale while every vertex stays within target ± band (null means 0.3); target ± band must stay within
   * (0, 1].
   */
  Double utilizationBand;

  /** A backlog must be drained within this long after a rescale (null means {@code 15 min}). */
  String catchUpDuration;

  /** The outage a rescale is expected to cost, added to the backlog to catch up (null means {@code 2 min}). */
  String restartTime;

  /** How much metric history one decision looks at (null means {@code 5 min}). */
  String window;

  /** How often a decision is made once the window is full (null means {@code 1 min}). */
  String interval;

  /** After a rescale, metrics from this long are ignored (null means {@code 5 min}). */
  String stabilization;

  /** A scale-down is done only after being recommended this long (null means {@code 30 min})… */
  String scaleDownDelay;

  /** … and in this many decisions in a row (null means 3). */
  Integer scaleDownMinEvaluations;

  /** One decision multiplies a vertex's parallelism by at most this, above 1 (null means 4). */
  Double scaleUpMaxFactor;

  /** One decision divides a vertex's parallelism by at most this, above 1 (null means 2). */
  Double scaleDownMaxFactor;

  /** Upper bound of every vertex's parallelism (null means Flink's 32768). */
  Integer maxParallelism;

  /**
   * Per vertex — its name or id as Flink's web UI shows it — the parallelism range {@code "min..max"}, e.g.
   * {@code Map.of("Sink: Writer", "2..8")} (default none: empty).
   */
  Map<String, String> vertexBounds = Map.of();

  /** Records recommendations only, every setting the controller's default. */
  static ControllerAutoscaler monitor() {
    return ControllerAutoscaler.builder().mode(AutoscalerMode.MONITOR).build();
  }

  /** Rescales the job in place, every setting the controller's default. */
  static ControllerAutoscaler act() {
    return ControllerAutoscaler.builder().mode(AutoscalerMode.ACT).build();
  }
}
