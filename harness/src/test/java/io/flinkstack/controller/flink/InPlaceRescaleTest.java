package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.harness.LocalFlinkCluster;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rescaling a running job through resource requirements, with the adaptive scheduler. */
@Tag("bench-only") // in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InPlaceRescaleTest {
  private static final Duration RESCALE_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("start: adaptive scheduler, 2 TaskManagers",
      builder -> builder.adaptiveScheduler().taskManagers(2).slotsPerTaskManager(2)).withTestJob().cancellingLeftoverJobs();

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();
  private String jobId;

  @Test
  void rescalesUpAndDownInPlaceWithoutLosingOrRepeatingANumber(TestInfo test) {
    SequenceJobDriver job = CLUSTER.newJob(test);
    jobId = job.start(1);
    List<String> vertices = flink.job(jobId).vertexIds();
    assertThat(flink.resourceRequirements(jobId).byVertex())
        .containsOnlyKeys(vertices)
        .allSatisfy((vertex, bounds) -> assertThat(bounds.upperBound()).isEqualTo(1));
    FlinkAwait.committedRecords(job, 100);

    rescale(job, vertices, 3, "in-place rescale 1 -> 3 (PUT -> all running)");
    assertThat(flink.resourceRequirements(jobId).byVertex())
        .allSatisfy((vertex, bounds) -> assertThat(bounds).isEqualTo(new ResourceRequirements.ParallelismBounds(1, 3)));
    rescale(job, vertices, 2, "in-place rescale 3 -> 2 (PUT -> all running)");
    // It did restore from checkpoints, not start over: twice.
    assertThat(flink.checkpoints(jobId).counts().restored()).isEqualTo(2);

    ExactlyOnceChecker.Report report = job.finish(jobId, 2);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  @Test
  void aLostTaskManagerShrinksTheJobAndANewOneGrowsItBack(TestInfo test) {
    SequenceJobDriver job = CLUSTER.newJob(test);
    jobId = job.start(3);
    FlinkAwait.completedCheckpointsAbove(flink, jobId, 0);
    FlinkAwait.committedRecords(job, 100);
    String source = flink.job(jobId).vertexNamed("Source").orElseThrow().id();
    int victim = LocalFlinkCluster.taskManagerIndex(flink.vertexTaskManagers(jobId, source).get(0)).orElseThrow();

    // Lower bound 1 lets the job go on with the two slots left instead of waiting for three.
    long killedAt = System.nanoTime();
    cluster.killTaskManager(victim);
    flink.awaitJob(jobId, details -> details.hasParallelism(2) && details.isFullyRunning(), RESCALE_TIMEOUT);
    Timings.record("adaptive: kill -9 TaskManager -> running at 2", (System.nanoTime() - killedAt) / 1e9);
    long committed = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records();
    FlinkAwait.committedRecords(job, committed + 100);

    long addedAt = System.nanoTime();
    cluster.addTaskManager();
    flink.awaitJob(jobId, details -> details.hasParallelism(3) && details.isFullyRunning(), RESCALE_TIMEOUT);
    Timings.record("adaptive: add TaskManager -> running at 3", (System.nanoTime() - addedAt) / 1e9);

    ExactlyOnceChecker.Report report = job.finish(jobId, 3);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  private void rescale(SequenceJobDriver job, List<String> vertices, int parallelism, String timing) {
    long committed = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records();
    Timings.measure(
        timing,
        () -> {
          flink.updateResourceRequirements(jobId, ResourceRequirements.upTo(vertices, parallelism));
          flink.awaitJob(jobId, details -> details.hasParallelism(parallelism) && details.isFullyRunning(), RESCALE_TIMEOUT);
        });
    FlinkAwait.committedRecords(job, committed + 100);
    ExactlyOnceChecker.Report sofar = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes());
    assertThat(sofar.exactlyOnce()).as(sofar.toString()).isTrue();
  }
}
