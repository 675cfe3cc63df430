package io.flinkstack.controller.autoscaler;

/** The parallelism range one vertex may be given, whatever its load says. */
public record VertexBounds(int min, int max) {
  public VertexBounds {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("need 1 <= min <= max, got " + min + ".." + max);
    }
  }
}
