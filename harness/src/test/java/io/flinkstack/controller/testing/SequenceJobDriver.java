package io.flinkstack.controller.testing;

import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JarRunRequest;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.RestoreMode;
import io.flinkstack.controller.flink.SavepointRequest;
import io.flinkstack.testjob.SequenceJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Runs the test job on a cluster through the REST client under test: submit, resume from a savepoint,
 * and finish (stop-with-savepoint, then resume with an end so the job completes and all output is
 * committed) for a complete exactly-once check.
 *
 * @param output this run's own output folder (one per test: the checker reads all of it)
 */
public record SequenceJobDriver(FlinkRestClient flink, String jarId, Path output, Path savepoints, double recordsPerSecond) {
  public static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

  public int lanes() {
    return SequenceJob.DEFAULT_LANES;
  }

  /** Submits a fresh job and waits until all of its tasks run. */
  public String start(int parallelism) {
    String jobId = flink.runJar(jarId, request(parallelism, OptionalLong.empty()));
    awaitFullyRunning(jobId);
    return jobId;
  }

  /** {@link #start(int)}, then waits for the job's first completed checkpoint: a job with state to restore. */
  public String startCheckpointed(int parallelism) {
    String jobId = start(parallelism);
    FlinkAwait.completedCheckpointsAbove(flink, jobId, 0);
    return jobId;
  }

  /** Submits from a savepoint (NO_CLAIM: the savepoint stays usable) and waits until all tasks run. */
  public String resume(String savepointPath, int parallelism) {
    String jobId = flink.runJar(jarId, request(parallelism, OptionalLong.empty()).withSavepoint(savepointPath, RestoreMode.NO_CLAIM));
    awaitFullyRunning(jobId);
    return jobId;
  }

  /** As {@link #resume(String, int)}, under a job id the caller chose. */
  public String resumeAs(String jobId, String savepointPath, int parallelism) {
    flink.runJar(jarId, resumeRequest(jobId, savepointPath, parallelism));
    awaitFullyRunning(jobId);
    return jobId;
  }

  public JarRunRequest resumeRequest(String jobId, String savepointPath, int parallelism) {
    return request(parallelism, OptionalLong.empty()).withSavepoint(savepointPath, RestoreMode.NO_CLAIM).withJobId(jobId);
  }

  public JobDetails awaitFullyRunning(String jobId) {
    return flink.awaitJob(jobId, JobDetails::isFullyRunning, RUNNING_TIMEOUT);
  }

  /** Stop-with-savepoint; returns the savepoint path. */
  public String stop(String jobId) {
    OperationStatus status = flink.await(flink.stopWithSavepoint(jobId, SavepointRequest.to(savepoints.toUri().toString()), false), RUNNING_TIMEOUT);
    if (!status.succeeded()) {
      throw new AssertionError("stop-with-savepoint of " + jobId + " failed: " + status.failureCause().orElse("?"));
    }
    flink.awaitJob(jobId, details -> details.state().isGloballyTerminal(), RUNNING_TIMEOUT);
    return status.location().orElseThrow();
  }

  /**
   * Stops the job with a savepoint, resumes it with an end a little past everything emitted so far, waits
   * until it FINISHED (its last checkpoint commits everything) and checks the whole output.
   */
  public ExactlyOnceChecker.Report finish(String jobId, int parallelism) {
    String savepoint = stop(jobId);
    // Everything emitted before the savepoint is committed by now, so every lane's next number is at
    // most highest + lanes; ten more rounds past that show the resumed job continuing.
    long end = ExactlyOnceChecker.checkPrefixes(output, lanes()).highest() + 1 + 10L * lanes();
    String finalJob =
        flink.runJar(jarId, request(parallelism, OptionalLong.of(end)).withSavepoint(savepoint, RestoreMode.NO_CLAIM));
    JobDetails last = flink.awaitJob(finalJob, details -> details.state().isGloballyTerminal(), RUNNING_TIMEOUT);
    if (last.state() != JobState.FINISHED) {
      throw new AssertionError("the final run ended " + last.state() + ", not FINISHED");
    }
    return ExactlyOnceChecker.checkComplete(output, lanes(), end);
  }

  /** The job's program arguments, as this driver submits it (without an end). */
  public List<String> args() {
    return List.of("--output", output.toUri().toString(), "--lanes", Integer.toString(lanes()), "--rate", Double.toString(recordsPerSecond), "--checkpoint-interval", "500");
  }

  private JarRunRequest request(int parallelism, OptionalLong end) {
    List<String> args = new ArrayList<>(args());
    end.ifPresent(value -> args.addAll(List.of("--end", Long.toString(value))));
    return JarRunRequest.defaults().withParallelism(parallelism).withProgramArgs(args);
  }
}
