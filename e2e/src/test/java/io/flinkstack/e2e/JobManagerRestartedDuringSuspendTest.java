package io.flinkstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A suspend's JobManager restarts (a crash, an eviction of its container) after the stop-with-savepoint completed and
 * before the controller scaled the cluster to zero; here the controller is held between those two steps, as a
 * controller replaced there would be, long enough for the new JobManager to run whatever its restore ConfigMap says.
 * It must run no job: a job started from the suspend's savepoint would commit output until the scale-down killed it,
 * and the resume, restoring that same savepoint, would write that output again. Until 2026-12-06 the suspend wrote
 * its savepoint into the restore ConfigMap (with a new deployment id, so a new job id under HA) before the scale-down,
 * and such a JobManager ran it; now only the resume writes the ConfigMap, and the JobManager finds the stopped job,
 * named by the ConfigMap as it was, ended in its job result store. The resume then restores the suspend's savepoint,
 * and the output has nothing lost or written twice.
 */
@Tag("bench-only") // about 70 s of CI time: in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobManagerRestartedDuringSuspendTest {
  @RegisterExtension
  static final DeploymentExtension RUN = DeploymentExtension.of("suspendrestart", "flink");
  private static final Duration WAIT = Duration.ofMinutes(2);
  /**
   * How long at most the held controller lets the restarted JobManager run: its TaskManagers register again and a job
   * restored from a savepoint runs and checkpoints (every 500 ms) well within it (measured with the code before the
   * fix: about 12 s from the kill).
   */
  private static final Duration HELD = Duration.ofSeconds(25);

  @Test
  void aJobManagerRestartedBetweenTheSuspendsStopAndItsScaleDownRunsNoJob() {
    SequenceApplication app = RUN.application();
    LocalDeployment deployment = RUN.deployment();
    FlinkRestClient flink = RUN.flink();
    RuntimeStatus stable = deployment.awaitCommitting(app, 100, WAIT);
    String pod = ClusterNames.jobManager(app.name()) + "-0";
    AtomicReference<List<JobSummary>> jobsOfTheRestartedJobManager = new AtomicReference<>();
    deployment.restartController((reached, declaration) -> {
      if (reached == TransitionStep.RESTORE_WRITTEN && jobsOfTheRestartedJobManager.get() == null) {
        deployment.pods().killProcess(pod);
        Waits.until("the restarted JobManager to answer", WAIT, () -> {
          try {
            return flink.jobs();
          } catch (RuntimeException e) {
            return null;
          }
        }, Objects::nonNull);
        // Held until a job it runs has committed output (a completed checkpoint), or for HELD when none does.
        long until = System.nanoTime() + HELD.toNanos();
        while (System.nanoTime() < until && !committedByAnotherJob(flink, stable.jobId())) {
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        jobsOfTheRestartedJobManager.set(flink.jobs());
      }
    });

    deployment.apply(app.withState(DesiredState.SUSPENDED));
    RuntimeStatus suspended = deployment.awaitStatus("the suspend to end", WAIT, status -> status.transition() == null
        && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.SUSPEND);
    assertThat(suspended.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(suspended.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
    assertThat(suspended.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.SUSPEND);
    List<JobSummary> ran = jobsOfTheRestartedJobManager.get();
    assertThat(ran).as("the JobManager restarted between the stop and the scale-down").isNotNull();
    System.out.println("[suspendrestart] jobs of the restarted JobManager: " + ran);
    long highestAtSuspend = deployment.awaitNoPods(app, WAIT);

    RuntimeStatus resumed = deployment.resumeRunning(app, WAIT);
    assertThat(resumed.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(resumed.lastTransition().restorePath()).isEqualTo(suspended.lastSavepoint().path());
    ExactlyOnceChecker.Report report = LocalDeployment.awaitOutputPast(app, highestAtSuspend, WAIT);
    System.out.println("[suspendrestart] output after the resume: " + report);
    assertThat(report.duplicated()).as(report.toString()).isEmpty();
    assertThat(report.lost()).as(report.toString()).isEmpty();
    assertThat(ran).as("no job runs in the restarted JobManager (a job from the suspend's savepoint commits output the resume"
        + " writes again)").allSatisfy(job -> assertThat(job.state().isGloballyTerminal()).as(job.toString()).isTrue())
        .noneMatch(job -> !job.id().equals(stable.jobId()));
  }

  /** Whether a job of the JobManager other than {@code stopped} completed a checkpoint: output it committed. */
  private static boolean committedByAnotherJob(FlinkRestClient flink, String stopped) {
    try {
      return flink.jobs().stream().filter(job -> !job.id().equals(stopped) && !job.state().isGloballyTerminal())
          .anyMatch(job -> flink.checkpoints(job.id()).latestCompleted().isPresent());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
