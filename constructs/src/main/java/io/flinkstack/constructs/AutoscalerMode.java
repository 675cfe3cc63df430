package io.flinkstack.constructs;

/** What the runtime controller's Flink autoscaler does with a decision ({@link ControllerAutoscaler}). */
public enum AutoscalerMode {
  /**
   * Rescales the job's vertices in place (Flink's adaptive scheduler) and raises the TaskManagers to the slots
   * it needs — unless an HPA owns them ({@link HpaAutoscaler}): then it only reports the count.
   */
  ACT,
  /** Only records the recommendation (status, events, metrics); the job keeps its parallelism. The default. */
  MONITOR
}
