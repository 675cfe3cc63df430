package io.flinkstack.controller.autoscaler;

/**
 * The DS2 view of one vertex: the rate it must sustain and the rate it could sustain.
 *
 * @param vertexId the vertex
 * @param parallelism its current parallelism
 * @param observedInputRate records in per second as measured (held down by back-pressure)
 * @param targetInputRate records per second that arrive for it in steady state: for a source what the
 *     outside world produces (read + backlog growth), downstream the sources' rates carried through the
 *     output ratios. NaN when an upstream is unknown
 * @param catchUpRate extra records per second needed to drain the current backlog within the catch-up
 *     duration
 * @param busyFraction useful time of a subtask, 0–1 (NaN when Flink has no number)
 * @param backPressuredFraction time a subtask waited for its downstream, 0–1
 * @param trueRatePerSubtask records per second one subtask handles when busy all the time
 *     (= observed rate / parallelism / busy fraction); NaN when it cannot be known (no input, no busy time)
 * @param backlog a source's pending records; NaN otherwise
 */
public record VertexEvaluation(
    String vertexId,
    int parallelism,
    double observedInputRate,
    double targetInputRate,
    double catchUpRate,
    double busyFraction,
    double backPressuredFraction,
    double trueRatePerSubtask,
    double backlog) {

  /** Records per second the vertex can take at its current parallelism. */
  public double capacity() {
    return trueRatePerSubtask * parallelism;
  }

  /** How busy the vertex would be if it received everything it should: (target + catch-up) / capacity. */
  public double demandedUtilization() {
    return (targetInputRate + catchUpRate) / capacity();
  }

  public boolean isBackPressured() {
    return backPressuredFraction > 0;
  }
}
