package io.flinkstack.harness.simulation;

import io.flinkstack.controller.autoscaler.Partitioning;
import java.util.Objects;

/**
 * One operator of the simulated pipeline. Its capacity is fixed per subtask and scales linearly with
 * parallelism — the assumption DS2 makes, here made true by construction.
 *
 * @param id vertex id
 * @param capacityPerSubtask records per second one subtask processes when busy all the time
 * @param outputRatio records emitted per record received (0 for a sink)
 * @param initialParallelism parallelism at the start of the simulation
 * @param maxParallelism key groups
 * @param partitions partitions a source reads (0 for other stages)
 * @param input how records reach this stage from the previous one (ignored for the first stage)
 */
public record SimulatedStage(
    String id, double capacityPerSubtask, double outputRatio, int initialParallelism, int maxParallelism,
    int partitions, Partitioning input) {

  public SimulatedStage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(input, "input");
    if (!(capacityPerSubtask > 0) || !(outputRatio >= 0) || initialParallelism < 1
        || maxParallelism < initialParallelism || partitions < 0) {
      throw new IllegalArgumentException("invalid stage " + id);
    }
  }
}
