package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerMemory;
import io.flinkstack.controller.autoscaler.AutoscalerState;
import io.flinkstack.controller.autoscaler.JobTopology;
import io.flinkstack.controller.autoscaler.Partitioning;
import io.flinkstack.controller.autoscaler.PendingScaleDown;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link LiveAutoscaler}'s memory of a job to and from the status' {@link AutoscalerMemory}: a {@link JobSample} (its
 * counters and its topology's edges) and the {@link AutoscalerState}. Numbers Flink did not report (NaN) travel as
 * null, since JSON has no NaN.
 */
public final class AutoscalerMemories {
  private AutoscalerMemories() {}

  /** The memory of {@code jobId}: the window's start (null for none), the state and the last decision's time. */
  public static AutoscalerMemory of(String jobId, JobSample windowStart, AutoscalerState state, Instant lastEvaluation) {
    return memory(jobId, windowStart == null ? null : sample(windowStart), state, lastEvaluation);
  }

  /** The same with the window's start as the status keeps it. */
  public static AutoscalerMemory memory(String jobId, AutoscalerMemory.Sample windowStart, AutoscalerState state,
      Instant lastEvaluation) {
    return new AutoscalerMemory(jobId, windowStart, state.lastRescaleAt(), pending(state), lastEvaluation);
  }

  /** A sample as the status keeps it. */
  public static AutoscalerMemory.Sample sample(JobSample sample) {
    List<AutoscalerMemory.Vertex> vertices = new ArrayList<>();
    for (VertexSample v : sample.vertices().values()) {
      List<AutoscalerMemory.Input> inputs = new ArrayList<>();
      if (sample.topology() != null && sample.topology().verticesInTopologicalOrder().contains(v.vertexId())) {
        for (JobTopology.Edge edge : sample.topology().inputs(v.vertexId())) {
          inputs.add(new AutoscalerMemory.Input(edge.from(), edge.partitioning().name(),
              edge.declaredOutputRatio().isPresent() ? edge.declaredOutputRatio().getAsDouble() : null));
        }
      }
      vertices.add(new AutoscalerMemory.Vertex(v.vertexId(), v.name(), v.parallelism(), v.maxParallelism(),
          number(v.recordsIn()), number(v.recordsOut()), number(v.busyMs()), number(v.backPressuredMs()),
          number(v.pendingRecords()), number(v.busyTimeMsPerSecond()), number(v.backPressuredTimeMsPerSecond()), inputs));
    }
    return new AutoscalerMemory.Sample(sample.at(), vertices);
  }

  /**
   * The sample back, as the job {@code jobId}'s.
   *
   * @throws IllegalArgumentException when it is not a sample (no time, no vertices, an unknown partitioning, a
   *     topology with a cycle)
   */
  public static JobSample sample(String jobId, AutoscalerMemory.Sample sample) {
    if (sample.at() == null || sample.vertices().isEmpty()) {
      throw new IllegalArgumentException("a sample needs a time and vertices");
    }
    JobTopology.Builder topology = JobTopology.builder();
    Map<String, VertexSample> vertices = new LinkedHashMap<>();
    for (AutoscalerMemory.Vertex v : sample.vertices()) {
      Objects.requireNonNull(v.id(), "vertex id");
      topology.vertex(v.id());
      vertices.put(v.id(), new VertexSample(v.id(), v.name() == null ? v.id() : v.name(), v.parallelism(),
          v.maxParallelism(), value(v.recordsIn()), value(v.recordsOut()), value(v.busyMs()),
          value(v.backPressuredMs()), value(v.pendingRecords()), value(v.busyTimeMsPerSecond()),
          value(v.backPressuredTimeMsPerSecond())));
    }
    for (AutoscalerMemory.Vertex v : sample.vertices()) {
      for (AutoscalerMemory.Input input : v.inputs()) {
        Partitioning partitioning = Partitioning.valueOf(String.valueOf(input.partitioning()));
        if (input.outputRatio() == null) {
          topology.edge(input.from(), v.id(), partitioning);
        } else {
          topology.edge(input.from(), v.id(), partitioning, input.outputRatio());
        }
      }
    }
    return new JobSample(sample.at(), jobId, topology.build(), vertices);
  }

  /** The state the memory holds (its last rescale and pending scale-downs). */
  public static AutoscalerState state(AutoscalerMemory memory) {
    Map<String, PendingScaleDown> pending = new LinkedHashMap<>();
    memory.pendingScaleDowns().forEach((vertex, p) ->
        pending.put(vertex, new PendingScaleDown(p.since(), p.evaluations(), p.highestRecommended())));
    return new AutoscalerState(memory.lastRescaleAt(), pending);
  }

  private static Map<String, AutoscalerMemory.PendingScaleDown> pending(AutoscalerState state) {
    Map<String, AutoscalerMemory.PendingScaleDown> out = new LinkedHashMap<>();
    state.pendingScaleDowns().forEach((vertex, p) ->
        out.put(vertex, new AutoscalerMemory.PendingScaleDown(p.since(), p.evaluations(), p.highestRecommended())));
    return out;
  }

  private static Double number(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double value(Double number) {
    return number == null ? Double.NaN : number;
  }
}
