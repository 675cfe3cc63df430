package io.flinkstack.controller.observation;

import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.flink.CheckpointOverview;
import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.JobSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Looks at a cluster through its REST API (reads only) and finds the job a declaration is about. */
public final class JobObserver {
  private final Clock clock;

  public JobObserver(Clock clock) {
    this.clock = clock;
  }

  /**
   * Any failure to get an answer, or an error answer, makes the observation "unreachable": the cluster's
   * state is then unknown, and the controller must not act on it.
   *
   * @param knownJobId the job the status follows, if any
   */
  public JobObservation observe(FlinkRestClient flink, Declaration declaration, String knownJobId) {
    Instant now = clock.instant();
    try {
      Optional<JobSummary> job = locate(flink.jobs(), declaration, knownJobId);
      if (job.isEmpty()) {
        return JobObservation.reachable(now, Optional.empty());
      }
      JobDetails details;
      try {
        details = flink.job(job.get().id());
      } catch (FlinkRestException e) {
        if (e.status() >= 500 && job.get().state().isGloballyTerminal()) {
          // A JobManager that took over after the job ended (HA, job-result-store.delete-on-commit: false) lists it from
          // its job result store only; Flink 1.20.3 then answers GET /jobs/:id with HTTP 500 (a NullPointerException in
          // JobDetailsInfo: the sparse archived graph has no vertices), while /jobs/overview and /jobs/:id/status say
          // FINISHED. That is an answer, not an unreachable JobManager.
          JobSummary ended = job.get();
          return JobObservation.reachable(now, Optional.of(new ObservedJob(ended.id(), ended.name(), ended.state(), false,
              Instant.ofEpochMilli(Math.max(0, ended.startTime())), true)));
        }
        throw e;
      }
      // Flink 2.x answers for such a job (see above) with the sparse graph itself: its state, no vertices (the
      // Dispatcher serves a job result recovered from the store through a CheckpointResourcesCleanupRunner, whose graph
      // is ArchivedExecutionGraph#createSparseArchivedExecutionGraph, flink-runtime 2.0–2.3). A job that ran under this
      // JobManager always has its vertices, so an ended one without any is known from the job result store only (found
      // on 2.3's own jars by e2e's ApplicationRun: a JobManager killed after a restart's stop completed).
      boolean resultOnly = details.state().isGloballyTerminal() && details.vertices().isEmpty();
      return JobObservation.reachable(now, Optional.of(new ObservedJob(details.id(), details.name(), details.state(),
          details.isFullyRunning(), Instant.ofEpochMilli(details.startTime()), resultOnly,
          details.state() == JobState.FINISHED && !resultOnly ? stopSavepoint(flink, details.id()) : null)));
    } catch (FlinkClientException e) {
      return JobObservation.unreachable(now, e.getMessage());
    }
  }

  /**
   * The savepoint of the stop-with-savepoint that ended a FINISHED job, if one did: Flink's latest savepoint of the job
   * when it is a synchronous one ({@code SYNC_SAVEPOINT}, what a stop takes; a job ends once, so it is the stop's). The
   * Apache operator reads a terminal job's latest checkpoint the same way for its upgrade (operator 1.10.0,
   * {@code SnapshotObserver#observeLatestCheckpoint}). Read only for FINISHED jobs, one request each; an error answer is
   * no stop savepoint (the job's state is then learned as before), never an unreachable JobManager.
   */
  private static ObservedJob.StopSavepoint stopSavepoint(FlinkRestClient flink, String jobId) {
    try {
      return flink.checkpoints(jobId).latestSavepoint()
          .filter(CheckpointOverview.Completed::stoppedTheJob)
          .filter(point -> point.externalPath() != null && !point.externalPath().isBlank())
          .map(point -> new ObservedJob.StopSavepoint(point.externalPath(), Instant.ofEpochMilli(point.latestAckTimestamp())))
          .orElse(null);
    } catch (FlinkRestException e) {
      return null;
    }
  }

  /**
   * The job the status follows if Flink knows it and it has not ended, or if no other candidate runs;
   * otherwise, for an application cluster its job (it runs one), for a session job the job of that name; a
   * running one before an ended one, the newest first.
   *
   * <p>An ended known job gives way to a running one because under HA a new JobManager lists the job its
   * predecessor stopped: with {@code job-result-store.delete-on-commit: false} (a job id per deployment) the
   * new JobManager finishes the old job's cleanup and reports it FINISHED beside the job it now runs, whose id
   * is new after an upgrade.
   */
  static Optional<JobSummary> locate(List<JobSummary> jobs, Declaration declaration, String knownJobId) {
    String name = declaration.identity().kind() == DeclarationKind.SESSION_JOB ? declaration.identity().jobName() : null;
    Optional<JobSummary> candidate = jobs.stream()
        .filter(job -> name == null || name.equals(job.name()))
        .min(Comparator.comparing((JobSummary job) -> job.state().isGloballyTerminal())
            .thenComparing(Comparator.comparingLong(JobSummary::startTime).reversed()));
    if (knownJobId != null) {
      Optional<JobSummary> known = jobs.stream().filter(job -> job.id().equals(knownJobId)).findFirst();
      boolean replaced = candidate.filter(other -> !other.id().equals(knownJobId) && !other.state().isGloballyTerminal()).isPresent();
      if (known.isPresent() && !(known.get().state().isGloballyTerminal() && replaced)) {
        return known;
      }
    }
    return candidate;
  }
}
