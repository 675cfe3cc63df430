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
   * The job really runs: state RUNNING is set before tasks are deployed, so every subtask of every vertex must also
   * be RUNNING, or FINISHED (a bounded source, or a source reader that got no split: a job rescaled above its source's
   * splits has such subtasks for good), with at least one RUNNING. Flink checkpoints and savepoints a job with finished
   * tasks (FLIP-147, on by default since 1.15, and in every version flinkstack accepts). Until 2026-12-07 every subtask
   * had to be RUNNING: such a job was never STABLE, waited for good before any savepoint or upgrade, and an in-place
   * rescale that left a reader without a split never ended (found on Flink 2.3 by {@code RescaleRun}).
   */
  public boolean isFullyRunning() {
    return state == JobState.RUNNING && !vertices.isEmpty() && vertices.stream().allMatch(JobVertex::allTasksRunningOrFinished)
        && vertices.stream().anyMatch(vertex -> vertex.tasksIn("RUNNING") > 0);
  }

  /** Every subtask of every vertex RUNNING (none finished): what the autoscaler's metrics need, every vertex busy or idle. */
  public boolean allTasksRunning() {
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
