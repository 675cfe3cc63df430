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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Processes dying under a running job (default scheduler), and what the client reports meanwhile. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureRecoveryTest {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("start: default scheduler, 2 TaskManagers",
      builder -> builder
          .taskManagers(2)
          .slotsPerTaskManager(2)
          // One subtask per TaskManager, so killing either hits the job.
          .config("cluster.evenly-spread-out-slots", "true")).withTestJob();

  private final LocalFlinkCluster cluster = CLUSTER.cluster();
  private final FlinkRestClient flink = CLUSTER.flink();

  @Test
  @Order(1)
  void killedTaskManagerJobRecoversFromItsCheckpointWithoutLosingOrRepeatingANumber() {
    SequenceJobDriver job = CLUSTER.newJob("task-manager-kill");
    String jobId = job.start(2);
    FlinkAwait.completedCheckpointsAbove(flink, jobId, 0);
    FlinkAwait.committedRecords(job, 100);
    String source = flink.job(jobId).vertexNamed("Source").orElseThrow().id();
    List<String> hosts = flink.vertexTaskManagers(jobId, source);
    assertThat(hosts).hasSize(2);

    String victim = hosts.get(0);
    assertThat(flink.latestFailure(jobId)).as("a job that never failed has no exception history").isEmpty();
    long killedAtMillis = System.currentTimeMillis();
    long killedAt = System.nanoTime();
    cluster.killTaskManager(LocalFlinkCluster.taskManagerIndex(victim).orElseThrow());
    // Recovered = restored from a checkpoint and running again, nothing left on the dead TaskManager.
    // (All tasks RUNNING alone is also true in the moment before Flink notices the death.)
    Await.until(() -> flink.checkpoints(jobId).counts().restored(), restored -> restored >= 1);
    flink.awaitJob(jobId, details -> details.isFullyRunning() && !hostedOn(jobId, details, victim), RECOVERY_TIMEOUT);
    Timings.record("default: kill -9 TaskManager -> running again", (System.nanoTime() - killedAt) / 1e9);
    assertThat(flink.checkpoints(jobId).latestRestored()).hasValueSatisfying(restored -> assertThat(restored.savepoint()).isFalse());
    // What the controller puts into a rollback's reason: Flink's own account of the restart, its first line only.
    assertThat(flink.latestFailure(jobId)).hasValueSatisfying(failure -> {
      assertThat(failure.exceptionName()).isNotBlank();
      assertThat(failure.message()).startsWith(failure.exceptionName()).doesNotContain("\n");
      assertThat(failure.timestamp()).isGreaterThanOrEqualTo(killedAtMillis);
    });

    long committed = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records();
    FlinkAwait.committedRecords(job, committed + 100);
    cluster.addTaskManager();
    ExactlyOnceChecker.Report report = job.finish(jobId, 2);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  @Test
  @Order(2)
  void whileTheJobManagerIsDownEveryCallSaysUnreachable() {
    SequenceJobDriver job = CLUSTER.newJob("job-manager-kill");
    String jobId = job.start(2);
    OperationTrigger trigger = flink.triggerSavepoint(jobId, SavepointRequest.toDefaultDirectory());
    flink.await(trigger, RECOVERY_TIMEOUT);

    cluster.killJobManager();

    assertThatThrownBy(flink::overview).isInstanceOf(FlinkUnreachableException.class);
    assertThatThrownBy(() -> flink.job(jobId))
        .isInstanceOfSatisfying(FlinkUnreachableException.class, error -> assertThat(error.path()).isEqualTo("/jobs/" + jobId));
    assertThatThrownBy(() -> flink.poll(trigger)).isInstanceOf(FlinkUnreachableException.class);
    assertThatThrownBy(() -> flink.stopWithSavepoint(jobId, SavepointRequest.toDefaultDirectory(), false))
        .isInstanceOf(FlinkUnreachableException.class);

    Timings.measure("restart JobManager -> TaskManagers registered", cluster::restartJobManager);
    assertThat(flink.overview().taskManagers()).isEqualTo(cluster.liveTaskManagers().size());
    // Without high availability a new JobManager knows nothing of the old one's jobs or operations:
    // what the controller must expect (and why it records savepoint paths itself).
    assertThat(flink.jobs()).isEmpty();
    assertThatThrownBy(() -> flink.poll(trigger))
        .isInstanceOfSatisfying(FlinkRestException.class, error -> assertThat(error.isNotFound()).isTrue());
  }

  @Test
  @Order(3)
  void stopKillsEveryProcessTheClusterStarted() {
    List<Long> pids = cluster.processIds();
    assertThat(pids).isNotEmpty();
    cluster.stop();
    assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true)));
    assertThatThrownBy(flink::overview).isInstanceOf(FlinkUnreachableException.class);
  }

  private boolean hostedOn(String jobId, JobDetails details, String taskManagerId) {
    return details.vertices().stream().anyMatch(vertex -> flink.vertexTaskManagers(jobId, vertex.id()).contains(taskManagerId));
  }
}
