package io.flinkstack.controller.autoscaler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one evaluation: per vertex {@code from → to} with the reason and inputs, in topological
 * order, and the state to pass to the next evaluation.
 *
 * @param at the evaluation time
 * @param vertices one decision per vertex, upstream first
 * @param nextState the state after this decision (records the rescale if there is one)
 */
public record ScalingDecision(Instant at, List<VertexDecision> vertices, AutoscalerState nextState) {

  public ScalingDecision {
    vertices = List.copyOf(vertices);
  }

  /** Whether the job should be rescaled now (some vertex changes). */
  public boolean rescale() {
    return vertices.stream().anyMatch(VertexDecision::changes);
  }

  public VertexDecision vertex(String vertexId) {
    return vertices.stream().filter(v -> v.vertexId().equals(vertexId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no vertex " + vertexId + " in the decision"));
  }

  /** The parallelism every vertex should run at after this decision. */
  public Map<String, Integer> parallelism() {
    Map<String, Integer> out = new LinkedHashMap<>();
    vertices.forEach(v -> out.put(v.vertexId(), v.to()));
    return out;
  }

  /**
   * Task slots the job needs after this decision. All vertices are assumed to share slots (Flink's default:
   * one slot-sharing group), so a slot holds one subtask of each vertex and the widest vertex sets the count.
   */
  public int slotsNeeded() {
    return vertices.stream().mapToInt(VertexDecision::to).max().orElse(0);
  }

  public int taskManagersNeeded(int slotsPerTaskManager) {
    if (slotsPerTaskManager < 1) {
      throw new IllegalArgumentException("slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager);
    }
    return Math.floorDiv(slotsNeeded() + slotsPerTaskManager - 1, slotsPerTaskManager);
  }

  /** A headline and one line per vertex. */
  public String describe(int slotsPerTaskManager) {
    String headline = rescale()
        ? "rescale " + vertices.stream().filter(VertexDecision::changes)
            .map(v -> v.vertexId() + " " + v.from() + "→" + v.to()).collect(Collectors.joining(", "))
        : "no rescale";
    return headline + " (slots " + slotsNeeded() + ", TaskManagers " + taskManagersNeeded(slotsPerTaskManager)
        + " at " + slotsPerTaskManager + " slots each)\n"
        + vertices.stream().map(v -> "  " + v.describe()).collect(Collectors.joining("\n"));
  }
}
