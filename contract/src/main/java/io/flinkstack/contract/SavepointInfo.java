package io.flinkstack.contract;

import java.time.Instant;

/**
 * A completed savepoint the controller took, or (trigger {@link SavepointTrigger#CHECKPOINT}) the checkpoint a
 * FlinkSnapshot asked for.
 *
 * @param path where Flink wrote it (what a job is resumed from)
 * @param trigger why it was taken
 * @param time when Flink was asked for it
 * @param jobId the job it is a savepoint of
 * @param triggerId the operation id the controller chose for it
 * @param snapshot the FlinkSnapshot (by name) that asked for it, when one did ({@link SavepointTrigger#SNAPSHOT})
 */
public record SavepointInfo(String path, SavepointTrigger trigger, Instant time, String jobId, String triggerId, String snapshot) {

  /** A savepoint no FlinkSnapshot asked for. */
  public SavepointInfo(String path, SavepointTrigger trigger, Instant time, String jobId, String triggerId) {
    this(path, trigger, time, jobId, triggerId, null);
  }
}
