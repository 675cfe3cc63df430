package io.flinkstack.harness.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The queueing model of a linear pipeline {@code source → … → sink} with back-pressure.
 *
 * <p>Measured in source records, stage {@code i} can pass at most {@code capacity_i × parallelism_i /
 * ratio_i} per second, where {@code ratio_i} is how many records reach stage {@code i} per source record.
 * The pipeline moves {@code min(offered, tightest stage)}, where offered is what arrived plus the source's
 * backlog (a source with a backlog reads as fast as it is allowed to). The backlog grows by what arrived and
 * was not read. Each stage is busy {@code processed / capacity}; the stages upstream of the tightest one
 * wait for it, i.e. are back-pressured, for the rest of the second.
 */
final class PipelineModel {

  private final List<SimulatedStage> stages;
  private final int[] parallelism;
  /** Records reaching stage i per record the source reads. */
  private final double[] recordsPerSourceRecord;

  PipelineModel(List<SimulatedStage> stages) {
    this.stages = List.copyOf(stages);
    this.parallelism = stages.stream().mapToInt(SimulatedStage::initialParallelism).toArray();
    this.recordsPerSourceRecord = new double[stages.size()];
    double ratio = 1;
    for (int i = 0; i < stages.size(); i++) {
      recordsPerSourceRecord[i] = ratio;
      ratio *= stages.get(i).outputRatio();
    }
  }

  List<SimulatedStage> stages() {
    return stages;
  }

  int parallelism(int stage) {
    return parallelism[stage];
  }

  void rescale(Map<String, Integer> newParallelism) {
    for (int i = 0; i < stages.size(); i++) {
      parallelism[i] = newParallelism.getOrDefault(stages.get(i).id(), parallelism[i]);
    }
  }

  double capacity(int stage) {
    return stages.get(stage).capacityPerSubtask() * parallelism[stage];
  }

  /** One second of a running job. */
  TickSample run(long second, double arrivalRate, double backlog) {
    int tightest = -1;
    double limit = Double.POSITIVE_INFINITY;
    for (int i = 0; i < stages.size(); i++) {
      if (recordsPerSourceRecord[i] > 0) {
        double stageLimit = capacity(i) / recordsPerSourceRecord[i];
        if (stageLimit <= limit) { // on a tie the downstream stage is the one the others wait for
          limit = stageLimit;
          tightest = i;
        }
      }
    }
    double offered = arrivalRate + backlog;
    double read = Math.min(offered, limit);
    boolean heldBack = read < offered;
    List<StageSample> samples = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      double in = read * recordsPerSourceRecord[i];
      double busy = in / capacity(i);
      double backPressured = heldBack && i < tightest ? 1 - busy : 0;
      samples.add(new StageSample(in, in * stages.get(i).outputRatio(), busy, backPressured));
    }
    double backlogAfter = Math.max(0, backlog + arrivalRate - read);
    return new TickSample(second, backlog, backlogAfter, samples);
  }
}
