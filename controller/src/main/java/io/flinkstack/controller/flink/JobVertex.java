package io.flinkstack.controller.flink;

import java.util.Map;

/**
 * A vertex (chain of operators) of a running job.
 *
 * @param taskCounts subtasks per execution state ({@code RUNNING}, {@code DEPLOYING}, …), as Flink counts them
 */
public record JobVertex(
    String id, String name, int parallelism, int maxParallelism, String status, Map<String, Integer> taskCounts) {

  public JobVertex {
    taskCounts = Map.copyOf(taskCounts);
  }

  public int tasksIn(String executionState) {
    return taskCounts.getOrDefault(executionState, 0);
  }

  /** Every subtask is RUNNING: the vertex processes data at its full parallelism. */
  public boolean allTasksRunning() {
    return parallelism > 0 && tasksIn("RUNNING") == parallelism;
  }

  /** Every subtask is RUNNING or FINISHED: none is still being deployed, failing or cancelled. */
  public boolean allTasksRunningOrFinished() {
    return parallelism > 0 && tasksIn("RUNNING") + tasksIn("FINISHED") == parallelism;
  }
}
