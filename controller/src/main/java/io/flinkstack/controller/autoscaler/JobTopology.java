package io.flinkstack.controller.autoscaler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A job's dataflow graph: vertices and the edges between them. A vertex without inputs is a source.
 *
 * <p>Rates travel along edges with the upstream vertex's observed output/input ratio (each downstream vertex
 * receives every record its upstream emits, as in Flink). An edge may declare its own ratio instead, for an
 * upstream that splits its output (side outputs) and so sends each downstream only part of it.
 */
public final class JobTopology {

  /** An edge {@code from → to}; {@code declaredOutputRatio} empty means "use the observed out/in ratio". */
  public record Edge(String from, String to, Partitioning partitioning, OptionalDouble declaredOutputRatio) {
    public Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(partitioning, "partitioning");
      Objects.requireNonNull(declaredOutputRatio, "declaredOutputRatio");
      if (declaredOutputRatio.isPresent() && !(declaredOutputRatio.getAsDouble() >= 0)) {
        throw new IllegalArgumentException("an output ratio must be >= 0, got " + declaredOutputRatio);
      }
      if (from.equals(to)) {
        throw new IllegalArgumentException("an edge from a vertex to itself: " + from);
      }
    }
  }

  private final List<String> topologicalOrder;
  private final Map<String, List<Edge>> inputs;

  private JobTopology(List<String> topologicalOrder, Map<String, List<Edge>> inputs) {
    this.topologicalOrder = List.copyOf(topologicalOrder);
    this.inputs = Map.copyOf(inputs);
  }

  /** Upstream vertices come before downstream ones; ties keep the order vertices were declared in. */
  public List<String> verticesInTopologicalOrder() {
    return topologicalOrder;
  }

  public List<Edge> inputs(String vertexId) {
    List<Edge> edges = inputs.get(vertexId);
    if (edges == null) {
      throw new IllegalArgumentException("no vertex " + vertexId + " in the topology");
    }
    return edges;
  }

  public boolean isSource(String vertexId) {
    return inputs(vertexId).isEmpty();
  }

  /** Whether records reach the vertex through a keyBy, so its parallelism should divide its key groups. */
  public boolean hasKeyedInput(String vertexId) {
    return inputs(vertexId).stream().anyMatch(edge -> edge.partitioning() == Partitioning.HASH);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final Set<String> vertices = new LinkedHashSet<>();
    private final List<Edge> edges = new ArrayList<>();

    private Builder() {}

    /** Declares a vertex (edges declare theirs too; needed only for a vertex without edges). */
    public Builder vertex(String vertexId) {
      vertices.add(Objects.requireNonNull(vertexId, "vertexId"));
      return this;
    }

    public Builder edge(String from, String to, Partitioning partitioning) {
      return add(new Edge(from, to, partitioning, OptionalDouble.empty()));
    }

    /** An edge carrying {@code outputRatio} records to {@code to} per record {@code from} receives. */
    public Builder edge(String from, String to, Partitioning partitioning, double outputRatio) {
      return add(new Edge(from, to, partitioning, OptionalDouble.of(outputRatio)));
    }

    private Builder add(Edge edge) {
      vertex(edge.from());
      vertex(edge.to());
      edges.add(edge);
      return this;
    }

    public JobTopology build() {
      if (vertices.isEmpty()) {
        throw new IllegalArgumentException("a topology needs at least one vertex");
      }
      Map<String, List<Edge>> inputs = new LinkedHashMap<>();
      Map<String, Integer> unresolvedInputs = new LinkedHashMap<>();
      for (String vertex : vertices) {
        inputs.put(vertex, new ArrayList<>());
        unresolvedInputs.put(vertex, 0);
      }
      for (Edge edge : edges) {
        inputs.get(edge.to()).add(edge);
        unresolvedInputs.merge(edge.to(), 1, Integer::sum);
      }
      // Kahn's algorithm; the queue is filled in declaration order so the order is deterministic.
      Deque<String> ready = new ArrayDeque<>();
      unresolvedInputs.forEach((vertex, count) -> {
        if (count == 0) {
          ready.add(vertex);
        }
      });
      List<String> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        String vertex = ready.poll();
        order.add(vertex);
        for (Edge edge : edges) {
          if (edge.from().equals(vertex) && unresolvedInputs.merge(edge.to(), -1, Integer::sum) == 0) {
            ready.add(edge.to());
          }
        }
      }
      if (order.size() != vertices.size()) {
        throw new IllegalArgumentException("the topology has a cycle among " + unresolvedInputs.entrySet().stream()
            .filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList());
      }
      Map<String, List<Edge>> frozen = new LinkedHashMap<>();
      inputs.forEach((vertex, list) -> frozen.put(vertex, List.copyOf(list)));
      return new JobTopology(order, frozen);
    }
  }
}
