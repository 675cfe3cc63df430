package io.flinkstack.controller.autoscaler;

/** Where a vertex's demanded utilization lies relative to the band of {@link AutoscalerSettings}. */
public enum UtilizationBand {
  /** Below the band: more subtasks than the load needs. */
  UNDER_USED,
  WITHIN,
  /** Above the band: the vertex cannot keep up (or catch up in time). */
  OVERLOADED,
  /** No true rate (no busy time reported, or no input yet): nothing can be said. */
  UNKNOWN;

  public boolean isOutside() {
    return this == UNDER_USED || this == OVERLOADED;
  }
}
