package io.flinkstack.controller.autoscaler;

/** Why a vertex gets the parallelism it gets in a {@link ScalingDecision}. */
public enum DecisionReason {
  /** More subtasks: the vertex is overloaded (or the job rescales anyway and this vertex wants more). */
  SCALE_UP,
  /** Fewer subtasks, after the scale-down grace period. */
  SCALE_DOWN,
  /** The load asks for the current parallelism (possibly after alignment). */
  AT_TARGET,
  /** A different parallelism would fit, but every vertex is within the band: a restart is not worth it. */
  WITHIN_BAND,
  /** A scale-down is recommended but has not persisted long enough yet. */
  SCALE_DOWN_DELAYED,
  /** The job was rescaled recently; its metrics are not trusted yet. */
  STABILIZING,
  /** The vertex's true rate cannot be computed from the metrics. */
  NO_METRICS
}
