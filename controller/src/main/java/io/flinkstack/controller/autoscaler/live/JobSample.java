package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.controller.autoscaler.JobTopology;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One reading of a running job: its topology and every vertex's counters at {@code at}. */
public record JobSample(Instant at, String jobId, JobTopology topology, Map<String, VertexSample> vertices) {

  public JobSample {
    Objects.requireNonNull(at, "at");
    vertices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vertices));
  }

  /** Parallelism per vertex: two samples with different ones span a rescale and make no window. */
  public Map<String, Integer> parallelism() {
    Map<String, Integer> out = new LinkedHashMap<>();
    vertices.forEach((id, vertex) -> out.put(id, vertex.parallelism()));
    return out;
  }

  /** Whether {@code later} continues this sample's run: same vertices and parallelism, no counter went back. */
  public boolean continuedBy(JobSample later) {
    if (!jobId.equals(later.jobId) || !parallelism().equals(later.parallelism())) {
      return false;
    }
    return vertices.values().stream().allMatch(v -> {
      VertexSample next = later.vertices.get(v.vertexId());
      return next.recordsIn() >= v.recordsIn() && next.recordsOut() >= v.recordsOut();
    });
  }
}
