package io.flinkstack.harness.simulation;

/** The parts of a simulation run. */
public enum SimulationPhase {
  /** Base load, before the step: the job starts right-sized, so any rescale here is a flap. */
  WARMUP,
  /** From the load step until no stage is back-pressured and the backlog is gone. */
  CONVERGING,
  /** The long steady load after convergence: any rescale here is a flap. */
  STEADY
}
