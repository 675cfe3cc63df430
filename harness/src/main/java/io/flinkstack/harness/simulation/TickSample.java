package io.flinkstack.harness.simulation;

import java.util.List;

/** One simulated second of a running job: the source backlog before and after, and every stage. */
record TickSample(long second, double backlogBefore, double backlogAfter, List<StageSample> stages) {

  boolean anyBackPressure() {
    return stages.stream().anyMatch(s -> s.backPressured() > 0);
  }
}
