package io.flinkstack.controller.autoscaler;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of every vertex of a job, collected over {@code [start, end]}. The start matters: a window
 * that began before the job settled after its last rescale is not trusted (see
 * {@link AutoscalerSettings#stabilizationInterval()}).
 */
public record MetricsWindow(Instant start, Instant end, Map<String, VertexMetrics> vertices) {

  public MetricsWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("window ends " + end + " before it starts " + start);
    }
    vertices = Map.copyOf(vertices);
  }

  public VertexMetrics of(String vertexId) {
    VertexMetrics metrics = vertices.get(vertexId);
    if (metrics == null) {
      throw new IllegalArgumentException("the metrics window has nothing for vertex " + vertexId);
    }
    return metrics;
  }
}
