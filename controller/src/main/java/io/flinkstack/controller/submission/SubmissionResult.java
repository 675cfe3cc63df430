package io.flinkstack.controller.submission;

/**
 * What {@link JobSubmitter#submit} did.
 *
 * @param jobId the job's id: always the one requested
 * @param submitted true if this call submitted the job; false if Flink already had a job with that id (an
 *     earlier submission went through, e.g. before a controller restart), in any state — the caller looks at
 *     it with {@code FlinkRestClient.job(jobId)}
 */
public record SubmissionResult(String jobId, boolean submitted) {}
