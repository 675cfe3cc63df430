package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a job counts as running: what savepoints, upgrades, readiness and rescales wait for. */
class JobDetailsTest {
  private static JobDetails job(JobState state, Map<String, Integer> sourceTasks, Map<String, Integer> sinkTasks) {
    return new JobDetails("j", "job", state, 1, -1, List.of(
        new JobVertex("v1", "Source", 4, 128, "RUNNING", sourceTasks),
        new JobVertex("v2", "Sink", 4, 128, "RUNNING", sinkTasks)));
  }

  @Test
  void everySubtaskRunningIsRunning() {
    JobDetails running = job(JobState.RUNNING, Map.of("RUNNING", 4), Map.of("RUNNING", 4));
    assertThat(running.isFullyRunning()).isTrue();
    assertThat(running.allTasksRunning()).isTrue();
    assertThat(job(JobState.CREATED, Map.of("RUNNING", 4), Map.of("RUNNING", 4)).isFullyRunning()).isFalse();
  }

  /**
   * Source readers without a split finish (a job rescaled above its source's splits, as Flink 2.3 showed in RescaleRun;
   * or a bounded source beside an unbounded one), and Flink still checkpoints and savepoints the job (FLIP-147). Before
   * 2026-12-07 such a job never counted as running.
   */
  @Test
  void finishedSubtasksBesideRunningOnesStillRun() {
    JobDetails someFinished = job(JobState.RUNNING, Map.of("RUNNING", 2, "FINISHED", 2), Map.of("RUNNING", 4));
    assertThat(someFinished.isFullyRunning()).isTrue();
    assertThat(someFinished.allTasksRunning()).as("not for the autoscaler's metrics").isFalse();
    JobDetails boundedBranchDone = job(JobState.RUNNING, Map.of("FINISHED", 4), Map.of("RUNNING", 4));
    assertThat(boundedBranchDone.isFullyRunning()).isTrue();
  }

  @Test
  void deployingFailingOrAllFinishedIsNotRunning() {
    assertThat(job(JobState.RUNNING, Map.of("RUNNING", 2, "DEPLOYING", 2), Map.of("RUNNING", 4)).isFullyRunning()).isFalse();
    assertThat(job(JobState.RUNNING, Map.of("RUNNING", 3, "CANCELING", 1), Map.of("RUNNING", 4)).isFullyRunning()).isFalse();
    assertThat(job(JobState.RUNNING, Map.of("RUNNING", 2, "FINISHED", 1, "INITIALIZING", 1), Map.of("RUNNING", 4)).isFullyRunning())
        .isFalse();
    assertThat(job(JobState.RUNNING, Map.of("FINISHED", 4), Map.of("FINISHED", 4)).isFullyRunning())
        .as("every subtask finished: the job is about to end").isFalse();
  }
}
