package io.flinkstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upgrade's old JobManager starts again after the controller wrote the restore ConfigMap (the upgrade's savepoint)
 * and before it deleted the old pods; here the controller is held between those two steps, as a controller replaced
 * there would be, long enough for that JobManager to run whatever the ConfigMap lets it. It must run no job: one started
 * from the upgrade's savepoint, with the image being replaced, commits output until its pod goes, and the upgraded job,
 * restoring that same savepoint, writes it again. Until 2026-12-06 such a JobManager ran it; now the ConfigMap names the
 * pods it replaces (by uid) and the revision it leaves, and the JobManager's start script exits when its pod is one of
 * them. Two ways into the window: the container restarts (same pod, same uid), and the pod is deleted and recreated
 * behind the still closed gate (a new uid, at the old revision). Each upgrade's output is then exactly once.
 */
@Tag("bench-only") // about 2.5 min: in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobManagerRestartedDuringUpgradeTest {
  @RegisterExtension
  static final DeploymentExtension RUN = DeploymentExtension.of("upgraderestart", "flink");
  private static final Duration WAIT = Duration.ofMinutes(2);
  /**
   * How long the held controller lets the old JobManager run: a job restored from a savepoint runs and checkpoints
   * (every 500 ms) well within it once its JobManager is up (the suspend's twin measured about 12 s from the kill).
   */
  private static final Duration HELD = Duration.ofSeconds(25);
  private static SequenceApplication app;

  @Test
  @Order(1)
  void aJobManagerRestartedInItsPodBetweenTheRestoreConfigMapAndThePodsDeletionRunsNoJob() {
    app = RUN.application();
    upgradeWith("restarted", pod -> RUN.deployment().pods().killProcess(pod));
  }

  @Test
  @Order(2)
  void aJobManagerPodRecreatedAtTheOldRevisionInThatMomentRunsNoJobEither() {
    upgradeWith("recreated", pod -> RUN.deployment().client().pods().inNamespace(app.namespace()).withName(pod).delete());
  }

  /** Upgrades to the next image with {@code fault} done to the JobManager pod in the window; checks what ran and the output. */
  private static void upgradeWith(String what, Consumer<String> fault) {
    LocalDeployment deployment = RUN.deployment();
    long before = ExactlyOnceChecker.checkPrefixes(app.output(), app.lanes()).records();
    RuntimeStatus stable = deployment.awaitCommitting(app, before + 100, WAIT);
    String pod = ClusterNames.jobManager(app.name()) + "-0";
    AtomicReference<List<JobSummary>> ranInTheWindow = new AtomicReference<>();
    deployment.restartController((reached, declaration) -> {
      if (reached == TransitionStep.RESTORE_WRITTEN && ranInTheWindow.get() == null) {
        fault.accept(pod);
        ranInTheWindow.set(jobsOtherThan(deployment, stable.jobId()));
      }
    });

    app = app.withImageTag(Integer.toString(Integer.parseInt(app.imageTag()) + 1));
    deployment.apply(app);
    RuntimeStatus upgraded = deployment.awaitStatus("the upgrade to end", WAIT, status -> status.transition() == null
        && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.UPGRADE
        && !status.lastTransition().equals(stable.lastTransition()));
    assertThat(upgraded.lastTransition().outcome()).isEqualTo("succeeded");
    List<JobSummary> ran = ranInTheWindow.get();
    assertThat(ran).as("the window was reached").isNotNull();
    System.out.println("[upgraderestart] " + what + ": jobs its JobManager ran in the window: " + ran);

    long highest = ExactlyOnceChecker.checkPrefixes(app.output(), app.lanes()).highest();
    ExactlyOnceChecker.Report report = LocalDeployment.awaitOutputPast(app, highest, WAIT);
    System.out.println("[upgraderestart] " + what + ": output after the upgrade: " + report);
    assertThat(report.duplicated()).as(report.toString()).isEmpty();
    assertThat(report.lost()).as(report.toString()).isEmpty();
    assertThat(ran).as("no job runs in the " + what + " JobManager (a job from the upgrade's savepoint commits output the"
        + " upgraded job writes again)").isEmpty();
  }

  /**
   * For {@link #HELD}, or until one of them completed a checkpoint (committed output): the jobs other than {@code stopped}
   * that the JobManager answering at the pod's address runs (none while nothing answers).
   */
  private static List<JobSummary> jobsOtherThan(LocalDeployment deployment, String stopped) {
    List<JobSummary> seen = new ArrayList<>();
    long until = System.nanoTime() + HELD.toNanos();
    while (System.nanoTime() < until) {
      try {
        FlinkRestClient flink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(2));
        boolean committed = false;
        for (JobSummary job : flink.jobs()) {
          if (!job.id().equals(stopped) && !job.state().isGloballyTerminal()) {
            if (seen.stream().noneMatch(known -> known.id().equals(job.id()))) {
              seen.add(job);
            }
            committed |= flink.checkpoints(job.id()).latestCompleted().isPresent();
          }
        }
        if (committed) {
          break;
        }
      } catch (RuntimeException e) {
        // Nothing answers (the JobManager does not start), or its pod has no address yet.
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return seen;
  }
}
