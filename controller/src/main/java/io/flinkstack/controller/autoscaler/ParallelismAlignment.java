package io.flinkstack.controller.autoscaler;

/**
 * Moves a proposed parallelism to one that divides the vertex's key groups (keyed vertex) or partitions
 * (source), so every subtask gets the same number of them. With 128 key groups and parallelism 5, three
 * subtasks own 26 key groups and two own 25 — and with 12 partitions over 5 readers two read 3 partitions
 * while three read 2, so the busiest subtask sets the pace and the others idle.
 *
 * <p>The search only goes in the direction of the change, so alignment never turns a scale-up into a
 * scale-down or the reverse: upwards from the proposal for a scale-up (at most to the upper bound), and
 * from the proposal up to the current parallelism for a scale-down. In the latter case "the current
 * parallelism" is a valid answer and means "no change" — that is what keeps an aligned vertex from
 * flapping between two values that are not divisors. When no divisor is in reach the proposal stands.
 */
final class ParallelismAlignment {

  private ParallelismAlignment() {}

  /** What the vertex aligns to: its partitions for a source that reports them, key groups when keyed, else 0. */
  static int alignmentBase(boolean source, boolean keyed, VertexMetrics metrics) {
    if (source && metrics.sourcePartitions() > 0) {
      return metrics.sourcePartitions();
    }
    return keyed ? metrics.maxParallelism() : 0;
  }

  static int align(int current, int proposed, int base, int upperBound) {
    if (base <= 0 || proposed == current) {
      return proposed;
    }
    int searchEnd = proposed > current ? Math.min(upperBound, base) : current;
    for (int candidate = proposed; candidate <= searchEnd; candidate++) {
      if (base % candidate == 0) {
        return candidate;
      }
    }
    return proposed;
  }
}
