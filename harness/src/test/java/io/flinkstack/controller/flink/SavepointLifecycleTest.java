package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The REST client against a real local cluster (default scheduler): savepoints, stop-with-savepoint and
 * resume, disposal, failures, errors, read-only endpoints.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SavepointLifecycleTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(60);

  // Cancelling leftovers: a failed test must not leave its job holding the slots the next test needs.
  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("start: JobManager + 2 TaskManagers registered",
      builder -> builder.taskManagers(2).slotsPerTaskManager(2)).withTestJob().cancellingLeftoverJobs();

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();
  private SequenceJobDriver job;
  private String jobId;

  @Test
  void clusterReadsMatchWhatTheHarnessStarted() {
    ClusterOverview overview = flink.overview();
    assertThat(overview.taskManagers()).isEqualTo(2);
    assertThat(overview.slotsTotal()).isEqualTo(4);
    assertThat(overview.flinkVersion()).isEqualTo(cluster.flinkVersion().text());
    assertThat(flink.taskManagers())
        .extracting(TaskManagerInfo::id)
        .containsExactlyInAnyOrder(LocalFlinkCluster.taskManagerResourceId(0), LocalFlinkCluster.taskManagerResourceId(1));
    assertThat(flink.taskManagers()).allSatisfy(taskManager -> assertThat(taskManager.slots()).isEqualTo(2));
  }

  @Test
  void savepointIsWrittenWhileTheJobKeepsRunning(TestInfo test) throws Exception {
    job = CLUSTER.newJob(test);
    jobId = job.start(2);
    FlinkAwait.completedCheckpointsAbove(flink, jobId, 0);
    assertThat(flink.jobs()).anySatisfy(summary -> assertThat(summary.id()).isEqualTo(jobId));

    String triggerId = FlinkIds.random();
    SavepointRequest request = SavepointRequest.to(cluster.savepointDirectory().toUri().toString()).withFormat(SavepointFormat.NATIVE).withTriggerId(triggerId);
    OperationTrigger trigger = flink.triggerSavepoint(jobId, request);
    assertThat(trigger.triggerId()).isEqualTo(triggerId);
    OperationStatus status = Timings.measure("savepoint (trigger -> completed)", () -> flink.await(trigger, OPERATION_TIMEOUT));

    assertThat(status.succeeded()).as("savepoint failed: %s", status.failureCause()).isTrue();
    Path savepoint = Path.of(java.net.URI.create(status.location().orElseThrow()));
    assertThat(savepoint.resolve("_metadata")).isRegularFile();
    assertThat(flink.job(jobId).isFullyRunning()).isTrue();
    assertThat(flink.checkpoints(jobId).latestSavepoint()).hasValueSatisfying(latest -> assertThat(latest.externalPath()).isEqualTo(status.location().orElseThrow()));

    // The same trigger id again is the same operation, not a second savepoint: what lets a controller retry.
    assertThat(flink.triggerSavepoint(jobId, request)).isEqualTo(trigger);
    assertThat(flink.await(trigger, OPERATION_TIMEOUT).location()).isEqualTo(status.location());
    try (var savepoints = Files.list(cluster.savepointDirectory())) {
      assertThat(savepoints.filter(path -> path.getFileName().toString().startsWith("savepoint-"))).hasSize(1);
    }

    OperationStatus disposal = flink.await(flink.triggerSavepointDisposal(status.location().orElseThrow()), OPERATION_TIMEOUT);
    assertThat(disposal.succeeded()).as("disposal failed: %s", disposal.failureCause()).isTrue();
    assertThat(savepoint).doesNotExist();

    flink.cancel(jobId);
    assertThat(flink.awaitJob(jobId, details -> details.state().isGloballyTerminal(), OPERATION_TIMEOUT).state()).isEqualTo(JobState.CANCELED);
  }

  @Test
  void stopWithSavepointAndResumeLosesAndRepeatsNothing(TestInfo test) {
    job = CLUSTER.newJob(test);
    jobId = job.start(2);
    FlinkAwait.committedRecords(job, 200);

    String savepoint = Timings.measure("stop-with-savepoint (trigger -> job FINISHED)", () -> job.stop(jobId));
    assertThat(flink.job(jobId).state()).isEqualTo(JobState.FINISHED);
    assertThat(Path.of(java.net.URI.create(savepoint)).resolve("_metadata")).isRegularFile();
    ExactlyOnceChecker.Report beforeResume = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes());

    String chosenId = FlinkIds.random();
    jobId = Timings.measure("resubmit from savepoint -> all tasks running", () -> job.resumeAs(chosenId, savepoint, 2));
    assertThat(jobId).isEqualTo(chosenId);
    // A second submission under the same id is refused: a controller that crashed after submitting
    // cannot start the job twice.
    assertThatThrownBy(() -> flink.runJar(job.jarId(), job.resumeRequest(chosenId, savepoint, 2)))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> assertThat(error.isDuplicateJobSubmission()).as(error.getMessage()).isTrue());
    assertThat(flink.jobs()).filteredOn(summary -> summary.id().equals(chosenId)).hasSize(1);
    assertThat(flink.checkpoints(jobId).latestRestored())
        .hasValueSatisfying(restored -> {
          assertThat(restored.savepoint()).isTrue();
          assertThat(restored.externalPath()).hasValue(savepoint);
        });
    FlinkAwait.committedRecords(job, beforeResume.records() + 100);

    ExactlyOnceChecker.Report report = job.finish(jobId, 2);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(report.records()).isGreaterThan(beforeResume.records() + 100);
  }

  @Test
  void savepointToAnUnwritableDirectoryFailsReadablyAndTheJobKeepsRunning(TestInfo test) throws Exception {
    job = CLUSTER.newJob(test);
    jobId = job.start(2);
    Path notADirectory = Files.writeString(cluster.workDirectory().resolve("runs").resolve("not-a-directory"), "a file");
    String target = notADirectory.resolve("savepoints").toUri().toString();

    OperationStatus status = flink.await(flink.triggerSavepoint(jobId, SavepointRequest.to(target)), OPERATION_TIMEOUT);

    assertThat(status.failed()).isTrue();
    assertThat(status.failureCause()).hasValueSatisfying(cause -> assertThat(cause).contains("not-a-directory"));
    assertThat(status.failureStackTrace()).hasValueSatisfying(trace -> assertThat(trace).contains("\tat "));
    long completedBefore = flink.checkpoints(jobId).counts().completed();
    assertThat(flink.job(jobId).isFullyRunning()).isTrue();
    // Still running means still checkpointing, not just not-yet-failed.
    FlinkAwait.completedCheckpointsAbove(flink, jobId, completedBefore);
    assertThat(flink.job(jobId).state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void vertexMetricsAreAggregatedOverSubtasks(TestInfo test) {
    job = CLUSTER.newJob(test);
    jobId = job.start(2);
    JobDetails details = flink.job(jobId);
    assertThat(details.vertices()).hasSize(2);
    String source = details.vertexNamed("Source").orElseThrow().id();
    String counter = details.vertexNamed("lane-counter").orElseThrow().id();
    List<String> names = List.of("busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "numRecordsInPerSecond", "numRecordsOutPerSecond");

    // The JobManager fetches metrics every second, and Flink's per-second rates average over a minute,
    // so right after the start a rate is small but above zero.
    Map<String, AggregatedMetric> counterMetrics =
        Await.until(() -> flink.vertexMetrics(jobId, counter, names), found -> found.containsKey("numRecordsInPerSecond") && found.get("numRecordsInPerSecond").sum() > 0);
    Map<String, AggregatedMetric> sourceMetrics = flink.vertexMetrics(jobId, source, names);

    assertThat(counterMetrics.keySet()).containsAll(names);
    assertThat(counterMetrics.get("numRecordsInPerSecond").sum()).isBetween(0.1, 1000.0);
    assertThat(counterMetrics.get("busyTimeMsPerSecond").max()).isBetween(0.0, 1000.0);
    assertThat(counterMetrics.get("backPressuredTimeMsPerSecond").max()).isBetween(0.0, 1000.0);
    assertThat(sourceMetrics.get("numRecordsOutPerSecond").sum()).isGreaterThan(0.0);
    // A legacy source function runs outside the task's mailbox thread, so Flink cannot say how busy it is.
    assertThat(sourceMetrics.get("busyTimeMsPerSecond").max()).isNaN();
    assertThat(flink.vertexTaskManagers(jobId, source)).isNotEmpty().allSatisfy(id -> assertThat(LocalFlinkCluster.taskManagerIndex(id)).isPresent());
  }

  @Test
  void flinkErrorsCarryStatusAndFlinksMessage(TestInfo test) {
    assertThatThrownBy(() -> flink.job("00000000000000000000000000000000"))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> {
          assertThat(error.status()).isEqualTo(404);
          assertThat(error.isNotFound()).isTrue();
          assertThat(error.errors()).isNotEmpty();
          assertThat(error.getMessage()).startsWith("GET /jobs/00000000000000000000000000000000: HTTP 404");
        });
    assertThatThrownBy(() -> flink.runJar("no-such.jar", JarRunRequest.defaults()))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> {
          assertThat(error.status()).isGreaterThanOrEqualTo(400);
          assertThat(error.getMessage()).contains("no-such.jar").doesNotContain("\tat ");
        });

    job = CLUSTER.newJob(test);
    jobId = job.start(1);
    // Only the adaptive scheduler takes new resource requirements.
    assertThatThrownBy(() -> flink.updateResourceRequirements(jobId, ResourceRequirements.upTo(flink.job(jobId).vertexIds(), 2)))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> assertThat(error.status()).isEqualTo(500));
    assertThatThrownBy(() -> flink.poll(new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, FlinkIds.random())))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> assertThat(error.isNotFound()).isTrue());
  }
}
