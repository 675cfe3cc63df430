package io.flinkstack.controller.flink;

import java.util.List;
import java.util.Optional;

/** {@code GET /jobs/{jobId}}. Times are epoch milliseconds; {@code endTime} is -1 while not terminal. */
public record JobDetails(
    String id, String name, JobState state, long startTime, long endTime, List<JobVertex> vertices) {

  public JobDetails {
    vertices = List.copyOf(vertices);
  }

  /**
   * The job really runs: state RUNNING is set before tasks are deployed, so every vertex must also have
   * all of its subtasks RUNNING.
   */
  public boolean isFullyRunning() {
    return state == JobState.RUNNING && !vertices.isEmpty() && vertices.stream().allMatch(JobVertex::allTasksRunning);
  }

  /** Every vertex runs at exactly this parallelism. */
  public boolean hasParallelism(int parallelism) {
    return !vertices.isEmpty() && vertices.stream().allMatch(vertex -> vertex.parallelism() == parallelism);
  }

  public Optional<JobVertex> vertexNamed(String namePrefix) {
    return vertices.stream().filter(vertex -> vertex.name().startsWith(namePrefix)).findFirst();
  }

  public List<String> vertexIds() {
    return vertices.stream().map(JobVertex::id).toList();
  }
}
