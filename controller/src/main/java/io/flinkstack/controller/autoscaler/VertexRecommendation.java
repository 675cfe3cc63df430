package io.flinkstack.controller.autoscaler;

/**
 * What the load of one vertex asks for, before the job-level rules (delayed scale-down, the band gate).
 *
 * @param current current parallelism
 * @param parallelism recommended parallelism, after clamps, bounds and alignment
 * @param band where the vertex's demanded utilization lies
 * @param outOfBounds the current parallelism is outside the vertex's min/max: fixed at the next rescale
 *     whatever the load
 * @param requiredExact the unrounded DS2 parallelism (NaN when unknown)
 * @param reasoning the arithmetic, for people
 */
public record VertexRecommendation(
    int current, int parallelism, UtilizationBand band, boolean outOfBounds, double requiredExact,
    String reasoning) {

  public boolean isScaleUp() {
    return parallelism > current;
  }

  public boolean isScaleDown() {
    return parallelism < current;
  }
}
