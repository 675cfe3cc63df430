package io.flinkstack.controller.observation;

import io.flinkstack.controller.flink.JobState;
import java.time.Instant;
import java.util.Optional;

/**
 * The Flink job a declaration is about, as just seen.
 *
 * @param fullyRunning RUNNING with every subtask running or finished ({@link io.flinkstack.controller.flink.JobDetails#isFullyRunning}):
 *     only then can a savepoint succeed
 * @param startTime when Flink started it
 * @param knownByResultOnly the JobManager knows the job only from its job result store: it ended under an earlier
 *     JobManager (same HA cluster id), and nothing but its state is left (no checkpoints, no operation results)
 * @param stopSavepoint for a FINISHED job that a stop-with-savepoint ended, that savepoint (Flink's latest savepoint of
 *     the job, a synchronous one); null otherwise (running, ended some other way, or its history not readable)
 */
public record ObservedJob(String id, String name, JobState state, boolean fullyRunning, Instant startTime, boolean knownByResultOnly,
    StopSavepoint stopSavepoint) {

  /** The savepoint a stop-with-savepoint ended a job with, and when Flink completed it. */
  public record StopSavepoint(String path, Instant completedAt) {}

  public ObservedJob(String id, String name, JobState state, boolean fullyRunning, Instant startTime, boolean knownByResultOnly) {
    this(id, name, state, fullyRunning, startTime, knownByResultOnly, null);
  }

  public ObservedJob(String id, String name, JobState state, boolean fullyRunning, Instant startTime) {
    this(id, name, state, fullyRunning, startTime, false);
  }

  /** The savepoint of the stop that ended it, if a stop-with-savepoint ended it (see {@link #stopSavepoint}). */
  public Optional<StopSavepoint> finishedByStop() {
    return state == JobState.FINISHED ? Optional.ofNullable(stopSavepoint) : Optional.empty();
  }
}
