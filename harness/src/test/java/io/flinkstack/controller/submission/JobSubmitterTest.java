package io.flinkstack.controller.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import io.flinkstack.testjob.SequenceJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JobSubmitter} and {@link JarFetcher} against a real local Flink cluster: the test job fetched over
 * self-signed HTTPS and submitted, a resubmission from a savepoint under a new id with nothing lost or
 * repeated, one job per id however often it is submitted, and a SQL job through the bundled runner.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JobSubmitterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  // Running a SQL job's main method plans the query on the JobManager: on two busy cores that can take longer
  // than the default 10 s per request. The uploaded test job is only for SequenceJobDriver.finish (its last run
  // with an end); every submission under test goes through the JobSubmitter, from the jar served over HTTPS.
  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("start: JobManager + 1 TaskManager registered",
      builder -> builder.taskManagers(1).slotsPerTaskManager(4))
      .requestTimeout(Duration.ofSeconds(90)).servingTestJobOverHttps().cancellingLeftoverJobs();

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();
  private final JobSubmitter submitter = CLUSTER.submitter();

  @Test
  void jarFetchedOverHttpsIsSubmittedUnderTheChosenIdAndDeletedAfterwards(TestInfo test) {
    SequenceJobDriver job = CLUSTER.newJob(test);
    String jobId = JobSubmitter.newJobId();
    assertThat(jobId).matches("[0-9a-f]{32}");
    List<String> jarsBefore = uploadedJars();

    SubmissionResult result = submitter.submit(flink, request(job, 2, Optional.empty(), jobId));

    assertThat(result).isEqualTo(new SubmissionResult(jobId, true));
    JobDetails details = job.awaitFullyRunning(jobId);
    assertThat(details.hasParallelism(2)).isTrue();
    FlinkAwait.committedRecords(job, 50);
    assertThat(CLUSTER.server().requests(TestCluster.JAR_PATH)).isEqualTo(1);
    assertThat(uploadedJars()).as("the uploaded copy is deleted once the job runs").isEqualTo(jarsBefore);
  }

  @Test
  void resubmissionFromASavepointContinuesTheStateAndOneIdIsOneJob(TestInfo test) {
    SequenceJobDriver job = CLUSTER.newJob(test);
    String first = submitRunning(job, 2);
    FlinkAwait.committedRecords(job, 200);

    String savepoint = job.stop(first);
    ExactlyOnceChecker.Report beforeResume = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes());

    String second = JobSubmitter.newJobId();
    SubmissionRequest resume = request(job, 2, Optional.of(new SubmissionRequest.Restore(savepoint, false)), second);
    SubmissionResult resumed = Timings.measure("JobSubmitter: resubmit from savepoint", () -> submitter.submit(flink, resume));
    job.awaitFullyRunning(second);

    // Again, as a controller that recorded the id and died before recording the outcome would: no second job.
    assertThat(resumed.submitted()).isTrue();
    assertThat(submitter.submit(flink, resume)).isEqualTo(new SubmissionResult(second, false));
    assertThat(submitter.submit(flink, resume)).isEqualTo(new SubmissionResult(second, false));
    assertThat(flink.jobs()).extracting(JobSummary::id).containsOnlyOnce(second);
    assertThat(flink.jobs()).filteredOn(summary -> !summary.state().isGloballyTerminal()).extracting(JobSummary::id).containsExactly(second);
    assertThat(flink.checkpoints(second).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(savepoint));
    FlinkAwait.committedRecords(job, beforeResume.records() + 100);

    ExactlyOnceChecker.Report report = job.finish(second, 2);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(report.records()).isGreaterThan(beforeResume.records() + 100);
  }

  @Test
  void aFinishedJobsIdIsNotSubmittedAgain(TestInfo test) {
    SequenceJobDriver job = CLUSTER.newJob(test);
    String jobId = submitRunning(job, 1);
    flink.cancel(jobId);
    flink.awaitJob(jobId, details -> details.state().isGloballyTerminal(), TIMEOUT);

    assertThat(submitter.submit(flink, request(job, 1, Optional.empty(), jobId))).isEqualTo(new SubmissionResult(jobId, false));
    assertThat(flink.jobs()).extracting(JobSummary::id).containsOnlyOnce(jobId);
  }

  @Test
  void flinkRefusingTheRunIsReportedAndTheJarIsDeleted(TestInfo test) {
    SequenceJobDriver job = CLUSTER.newJob(test);
    List<String> jarsBefore = uploadedJars();
    String missing = cluster.workDirectory().resolve("no-such-savepoint").toUri().toString();
    SubmissionRequest request = request(job, 1, Optional.of(new SubmissionRequest.Restore(missing, false)), JobSubmitter.newJobId());

    assertThatThrownBy(() -> submitter.submit(flink, request))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> assertThat(error.getMessage()).contains("no-such-savepoint"));
    assertThat(uploadedJars()).isEqualTo(jarsBefore);
  }

  @Test
  void sqlJobRunsThroughTheBundledRunner() {
    String script = String.join("\n",
        "CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');",
        "CREATE TABLE nowhere (n BIGINT) WITH ('connector' = 'blackhole');",
        "INSERT INTO nowhere SELECT n * 2 FROM numbers;");
    JobDeclaration declaration = new JobDeclaration(
        "doubler", JobKind.SQL, SessionJobs.BUNDLED_SQL_RUNNER, null, null, 1, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, null, null, null, null, null, null, null, null, null, null);
    String jobId = JobSubmitter.newJobId();

    SubmissionResult result = Timings.measure(
        "JobSubmitter: SQL job through the bundled runner (run returns)",
        () -> submitter.submit(flink, new SubmissionRequest(declaration, Optional.of(script), Optional.empty(), jobId)));

    assertThat(result).isEqualTo(new SubmissionResult(jobId, true));
    JobDetails details = flink.awaitJob(jobId, JobDetails::isFullyRunning, TIMEOUT);
    assertThat(details.vertices()).isNotEmpty();
    assertThat(details.vertices()).anySatisfy(vertex -> assertThat(vertex.name()).contains("nowhere"));
  }

  /** Submits the job under a new id and waits until all its tasks run; the id. */
  private String submitRunning(SequenceJobDriver job, int parallelism) {
    String jobId = JobSubmitter.newJobId();
    submitter.submit(flink, request(job, parallelism, Optional.empty(), jobId));
    job.awaitFullyRunning(jobId);
    return jobId;
  }

  /** The declaration the constructs would write for the test job, with the arguments SequenceJobDriver uses. */
  private static SubmissionRequest request(SequenceJobDriver job, int parallelism, Optional<SubmissionRequest.Restore> restore, String jobId) {
    JobDeclaration declaration = new JobDeclaration(
        "sequence", JobKind.JAR, CLUSTER.jarUri(), SequenceJob.class.getName(), job.args(), parallelism, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, null, null, null, null, null, null, null, null, null, null);
    return new SubmissionRequest(declaration, Optional.empty(), restore, jobId);
  }

  private List<String> uploadedJars() {
    try (var files = Files.list(cluster.workDirectory().resolve("jars"))) {
      return files.flatMap(JobSubmitterTest::jarsUnder).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.util.stream.Stream<String> jarsUnder(Path path) {
    try (var files = Files.walk(path)) {
      return files.filter(file -> file.toString().endsWith(".jar")).map(Path::toString).toList().stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
