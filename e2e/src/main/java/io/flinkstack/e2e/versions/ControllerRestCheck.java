package io.flinkstack.e2e.versions;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.controller.autoscaler.MetricsWindow;
import io.flinkstack.controller.autoscaler.live.JobSample;
import io.flinkstack.controller.autoscaler.live.RestMetricsCollector;
import io.flinkstack.controller.flink.CheckpointOverview;
import io.flinkstack.controller.flink.CheckpointRetention;
import io.flinkstack.controller.flink.CheckpointStatistics;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobFailure;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.controller.flink.SavepointFormat;
import io.flinkstack.controller.flink.SavepointRequest;
import io.flinkstack.controller.snapshot.SnapshotRules;
import io.flinkstack.e2e.Waits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime controller's Flink REST calls, made with its own {@link FlinkRestClient}, against the JobManager of the
 * version under test (its own jars, run by the pod harness): what the controller reads and asks for when it takes
 * savepoints, checkpoint snapshots and transitions. Until 2026-12-07 these calls ran against Flink 1.20.3 only, while
 * {@link FlinkVersion#DEFAULT} is a 2.x; a field a version renamed or dropped (as 2.0 dropped {@code root-exception})
 * would have gone unseen. Each step throws naming the call and what the JobManager answered; the job ends stopped with a
 * savepoint.
 *
 * <p>In order: the JobManager's configuration names the version's savepoint directory key (the controller's stop
 * directory comes from it); checkpoints are retained on cancellation (a last-state transition needs that); a periodic
 * checkpoint completes, with {@code _metadata} on disk; a savepoint in the canonical and one in the native format, on
 * disk; a triggered full checkpoint (1.17 on; 1.16 must refuse the endpoint, which is why the controller refuses
 * checkpoint snapshots there), its statistics listing it with its path; a triggered incremental checkpoint taken by
 * 1.17 and 1.18 and refused from 1.19 on, as the controller's rule says (FLINK-33723); no failure in the exception history (and, when asked, after a lost TaskManager, that failure in it); the live
 * autoscaler's metric reads, two samples and the window between them with records flowing (since 2026-12-07: before, on
 * 1.20.3 only); a
 * stop-with-savepoint into a directory of its own, the job FINISHED and its latest savepoint the stop's synchronous one;
 * the first savepoint disposed through Flink (its directory gone).
 */
public final class ControllerRestCheck {
  private static final Duration OPERATION = Duration.ofMinutes(1);

  private ControllerRestCheck() {}

  /** The records the job's vertices took in, summed (a source's: what its source operator read). */
  private static double recordsRead(JobSample sample) {
    return sample.vertices().values().stream().mapToDouble(vertex -> vertex.recordsIn()).sum();
  }

  /** What was done, for the run's line: the steps, in order. */
  public record Outcome(List<String> steps) {
    @Override
    public String toString() {
      return String.join(",", steps);
    }
  }

  /**
   * Runs the calls against {@code flink}, whose job {@code jobId} runs with all its tasks and checkpoints (the
   * scenario's configuration sets a short interval).
   *
   * @param loseTaskManager null, or kills the TaskManager's process (the kubelet starts it again): the job fails over,
   *     and Flink's exception history must then name that failure as the controller reads it (the reason of a
   *     rollback or stall); the job must run again before the stop
   */
  public static Outcome run(FlinkRestClient flink, FlinkVersion version, String jobId, Runnable loseTaskManager) {
    List<String> steps = new ArrayList<>();

    Map<String, String> config = flink.jobManagerConfig();
    String savepointDir = config.get(version.savepointsDirKey());
    check(savepointDir != null && !savepointDir.isBlank(), "GET /jobmanager/config names no " + version.savepointsDirKey() + ": " + config.keySet());
    steps.add("config");

    CheckpointRetention retention = flink.checkpointRetention(jobId);
    check(retention.retainedOnCancellation(), "GET /jobs/" + jobId + "/checkpoints/config: checkpoints not retained on cancellation: " + retention);
    steps.add("retention");

    CheckpointOverview.Completed periodic = Waits.until("a completed checkpoint of job " + jobId, OPERATION,
        () -> flink.checkpoints(jobId).latestCompleted(), Optional::isPresent).orElseThrow();
    onDisk(periodic.externalPath(), "the latest completed checkpoint");
    steps.add("checkpoint");

    String canonical = savepoint(flink, jobId, SavepointRequest.toDefaultDirectory(), "canonical");
    check(local(canonical).getParent().equals(local(savepointDir)), "the savepoint " + canonical + " is not in the configured directory " + savepointDir);
    savepoint(flink, jobId, SavepointRequest.toDefaultDirectory().withFormat(SavepointFormat.NATIVE), "native");
    steps.add("savepoints");

    // POST /jobs/:jobid/checkpoints came with 1.17 (FLINK-27101): the controller refuses checkpoint snapshots before it.
    if (version.isAtLeast(FlinkVersion.V1_17)) {
      OperationStatus full = await(flink, flink.triggerCheckpoint(jobId, FlinkIds.random(), "FULL"), "a full checkpoint");
      long id = full.checkpointId().orElseThrow(() -> new IllegalStateException("a triggered checkpoint succeeded without an id: " + full));
      CheckpointStatistics statistics = Waits.until("checkpoint " + id + " in the statistics", OPERATION, () -> {
        try {
          return Optional.of(flink.checkpoint(jobId, id));
        } catch (FlinkRestException e) {
          return Optional.<CheckpointStatistics>empty(); // the statistics are cached for a while
        }
      }, Optional::isPresent).orElseThrow();
      check(statistics.completed() && !statistics.savepoint(), "checkpoint " + id + ": " + statistics);
      onDisk(statistics.addressablePath().orElseThrow(() -> new IllegalStateException("checkpoint " + id + " has no path: " + statistics)),
          "the triggered checkpoint");
      steps.add("checkpoint-trigger");
      // checkpointType INCREMENTAL: 1.17 and 1.18 take it (as a regular checkpoint), 1.19 and later refuse it with an
      // HTTP 500 (FLINK-33723). The controller refuses a FlinkSnapshot's incremental type itself by the version its
      // JobManager reports (SnapshotRules.checkpointRefusal): this is where that rule meets each version's own JobManager.
      String reported = flink.overview().flinkVersion();
      boolean refusedByRule = SnapshotRules.checkpointRefusal(reported, "INCREMENTAL").isPresent();
      try {
        await(flink, flink.triggerCheckpoint(jobId, FlinkIds.random(), "INCREMENTAL"), "an incremental checkpoint");
        check(!refusedByRule, reported + " took a checkpoint trigger of type INCREMENTAL, which the controller refuses for it");
        steps.add("incremental-trigger");
      } catch (FlinkRestException e) {
        check(refusedByRule, reported + " refused a checkpoint trigger of type INCREMENTAL, which the controller sends to it: "
            + e.getMessage());
        steps.add("incremental-trigger-refused");
      }
    } else {

      try {
        flink.triggerCheckpoint(jobId, FlinkIds.random(), "FULL");
        throw new IllegalStateException(version + " accepted POST /jobs/" + jobId + "/checkpoints, which the controller takes to come with 1.17");
      } catch (FlinkRestException e) {
        steps.add("checkpoint-trigger-refused");
      }
    }

    Optional<?> failure = flink.latestFailure(jobId);
    check(failure.isEmpty(), "GET /jobs/" + jobId + "/exceptions: a failure of a job that never failed: " + failure);
    steps.add("exceptions");
    if (loseTaskManager != null) {
      loseTaskManager.run();
      JobFailure lost = Waits.until("job " + jobId + "'s failure in its exception history", OPERATION.multipliedBy(2),
          () -> flink.latestFailure(jobId), Optional::isPresent).orElseThrow();
      check(!lost.exceptionName().isBlank() && lost.timestamp() > 0, "the failure as read: " + lost);
      flink.awaitJob(jobId, JobDetails::isFullyRunning, OPERATION.multipliedBy(2));
      steps.add("failure=" + lost.exceptionName().substring(lost.exceptionName().lastIndexOf('.') + 1));
    }

    // The live autoscaler's reads (RestMetricsCollector): a sample of every vertex's counters, a later one with more
    // records, and the window between them. A counter or operator metric a version renamed would leave it empty for good.
    RestMetricsCollector collector = new RestMetricsCollector(flink, java.time.Clock.systemUTC());
    JobSample first = Waits.until("a metrics sample of job " + jobId, OPERATION, () -> collector.sample(jobId), Optional::isPresent)
        .orElseThrow();
    JobSample later = Waits.until("a later metrics sample of job " + jobId + " with more records read", OPERATION,
        () -> collector.sample(jobId).filter(sample -> sample.at().isAfter(first.at()) && recordsRead(sample) > recordsRead(first)),
        Optional::isPresent).orElseThrow();
    MetricsWindow window = RestMetricsCollector.window(first, later);
    // (Busy time may be NaN: Flink 2.3 reports it so for this job's one chained source vertex, which the collector allows.)
    check(window.vertices().values().stream().allMatch(vertex -> vertex.recordsInPerSecond() > 0 && !(vertex.busyFraction() < 0)),
        "the live autoscaler's metrics window of job " + jobId + ": " + window);
    steps.add("metrics");

    String stopDirectory = savepointDir.replaceFirst("/+$", "") + "/stop-" + FlinkIds.random();
    OperationStatus stop = await(flink, flink.stopWithSavepoint(jobId, SavepointRequest.to(stopDirectory).withTriggerId(FlinkIds.random()), false),
        "a stop-with-savepoint");
    String stopped = stop.location().orElseThrow(() -> new IllegalStateException("a stop succeeded without a location: " + stop));
    check(local(stopped).getParent().equals(local(stopDirectory)), "the stop's savepoint " + stopped + " is not in its directory " + stopDirectory);
    onDisk(stopped, "the stop's savepoint");
    JobDetails finished = flink.awaitJob(jobId, job -> job.state().isGloballyTerminal(), OPERATION);
    check(finished.state() == JobState.FINISHED, "job " + jobId + " after its stop: " + finished.state());
    CheckpointOverview.Completed last = flink.checkpoints(jobId).latestSavepoint()
        .orElseThrow(() -> new IllegalStateException("no latest savepoint listed after the stop"));
    check(last.stoppedTheJob() && stopped.equals(last.externalPath()),
        "the latest savepoint after the stop is " + last + ", not the stop's synchronous one at " + stopped);
    steps.add("stop");

    await(flink, flink.triggerSavepointDisposal(canonical), "the disposal of " + canonical);
    check(!Files.exists(local(canonical)), "disposed, and still on disk: " + canonical);
    steps.add("disposal");
    return new Outcome(steps);
  }

  private static String savepoint(FlinkRestClient flink, String jobId, SavepointRequest request, String what) {
    OperationStatus done = await(flink, flink.triggerSavepoint(jobId, request.withTriggerId(FlinkIds.random())), "a " + what + " savepoint");
    String path = done.location().orElseThrow(() -> new IllegalStateException("a " + what + " savepoint succeeded without a location: " + done));
    onDisk(path, "the " + what + " savepoint");
    return path;
  }

  private static OperationStatus await(FlinkRestClient flink, OperationTrigger trigger, String what) {
    OperationStatus status = flink.await(trigger, OPERATION);
    check(status.succeeded(), what + " failed: " + status.failureCause().orElse(status.toString()));
    return status;
  }

  /** A checkpoint or savepoint Flink named: its {@code _metadata} is on disk (the harness maps remote storage to files). */
  private static void onDisk(String path, String what) {
    Path metadata = local(path).resolve("_metadata");
    check(Files.isRegularFile(metadata), what + " " + path + " has no " + metadata);
  }

  private static Path local(String path) {
    check(path.startsWith("file:"), "not a local path (the pod harness writes state to files): " + path);
    return Path.of(URI.create(path));
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException(problem);
    }
  }
}
