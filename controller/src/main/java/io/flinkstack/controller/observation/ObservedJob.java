package io.flinkstack.controller.observation;

import io.flinkstack.controller.flink.JobState;
import java.time.Instant;

/**
 * The Flink job a declaration is about, as just seen.
 *
 * @param fullyRunning RUNNING with every task running: only then can a savepoint succeed
 * @param startTime when Flink started it
 * @param knownByResultOnly the JobManager knows the job only from its job result store: it ended under an earlier
 *     JobManager (same HA cluster id), and nothing but its state is left (no checkpoints, no operation results)
 */
public record ObservedJob(String id, String name, JobState state, boolean fullyRunning, Instant startTime, boolean knownByResultOnly) {

  public ObservedJob(String id, String name, JobState state, boolean fullyRunning, Instant startTime) {
    this(id, name, state, fullyRunning, startTime, false);
  }
}
