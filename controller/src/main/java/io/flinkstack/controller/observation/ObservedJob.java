package io.flinkstack.controller.observation;

import io.flinkstack.controller.flink.JobState;
import java.time.Instant;

/**
 * The Flink job a declaration is about, as just seen.
 *
 * @param fullyRunning RUNNING with every task running: only then can a savepoint succeed
 * @param startTime when Flink started it
 */
public record ObservedJob(String id, String name, JobState state, boolean fullyRunning, Instant startTime) {}
