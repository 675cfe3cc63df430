package io.flinkstack.controller.flink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code /jobs/{jobId}/resource-requirements}: per vertex, the parallelism range the adaptive scheduler
 * may run it at. Changing it rescales the job in place (restart from the latest checkpoint) when the
 * cluster has the slots; the default scheduler refuses the call.
 */
public record ResourceRequirements(Map<String, ParallelismBounds> byVertex) {

  public record ParallelismBounds(int lowerBound, int upperBound) {
    public ParallelismBounds {
      if (lowerBound < 1 || upperBound < lowerBound) {
        throw new IllegalArgumentException("need 1 <= lowerBound <= upperBound, got " + lowerBound + ".." + upperBound);
      }
    }
  }

  public ResourceRequirements {
    byVertex = Map.copyOf(byVertex);
  }

  /**
   * Every vertex at most {@code parallelism}, at least 1. The lower bound stays 1 on purpose: a lower bound
   * equal to the target makes a job that lost a TaskManager wait for slots that may never come and then
   * fail, where lower bound 1 lets it keep running smaller.
   */
  public static ResourceRequirements upTo(Collection<String> vertexIds, int parallelism) {
    Map<String, ParallelismBounds> bounds = new LinkedHashMap<>();
    for (String vertexId : vertexIds) {
      bounds.put(vertexId, new ParallelismBounds(1, parallelism));
    }
    return new ResourceRequirements(bounds);
  }

  /** The highest upper bound over the vertices: the most the adaptive scheduler may run the job at; empty without vertices. */
  public OptionalInt highestUpperBound() {
    return byVertex.values().stream().mapToInt(ParallelismBounds::upperBound).max();
  }

  ObjectNode toJson() {
    ObjectNode body = RestTransport.JSON.createObjectNode();
    byVertex.forEach(
        (vertex, bounds) -> {
          ObjectNode parallelism = body.putObject(vertex).putObject("parallelism");
          parallelism.put("lowerBound", bounds.lowerBound());
          parallelism.put("upperBound", bounds.upperBound());
        });
    return body;
  }
}
