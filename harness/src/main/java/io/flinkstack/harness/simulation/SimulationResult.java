package io.flinkstack.harness.simulation;

import io.flinkstack.controller.autoscaler.ScalingDecision;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulation run did.
 *
 * @param rescales every rescale, in order
 * @param converged whether the job converged within the scenario's limit after the step
 * @param convergenceTime from the load step to convergence (null if it did not converge)
 * @param finalParallelism parallelism per stage at the end
 * @param log the per-step narrative: scenario events, evaluations while converging, hourly status after
 */
public record SimulationResult(
    List<Rescale> rescales, boolean converged, Duration convergenceTime, Map<String, Integer> finalParallelism,
    double maxBacklog, List<String> log) {

  /** A rescale done at {@code at} (since the start of the simulation) in {@code phase}. */
  public record Rescale(Duration at, SimulationPhase phase, ScalingDecision decision) {}

  public SimulationResult {
    rescales = List.copyOf(rescales);
    finalParallelism = Collections.unmodifiableMap(new LinkedHashMap<>(finalParallelism)); // pipeline order
    log = List.copyOf(log);
  }

  /** K: rescales from the load step until no stage is back-pressured. */
  public int stepsToConverge() {
    return count(SimulationPhase.CONVERGING);
  }

  /** F: rescales during the steady load after convergence. */
  public int flaps() {
    return count(SimulationPhase.STEADY);
  }

  /** Rescales before the load step (the job starts right-sized, so this should be 0 too). */
  public int warmupRescales() {
    return count(SimulationPhase.WARMUP);
  }

  private int count(SimulationPhase phase) {
    return (int) rescales.stream().filter(r -> r.phase() == phase).count();
  }
}
