package io.flinkstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.flink.CheckpointOverview;
import io.flinkstack.controller.flink.FlinkRestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JobManager killed AFTER an upgrade's stop-with-savepoint completed in Flink (job FINISHED, Flink's HA
 * cleanup done) and before the controller saw the completion: the restarted JobManager knows neither the trigger
 * (404) nor anything of the job but its end (its job result store: FINISHED; Flink 1.20.3 answers GET /jobs/:id
 * with HTTP 500), so the savepoint's path is lost with it. The controller had the stop write into a directory of its
 * own; the new JobManager's start script finds the savepoint there with Flink's file systems, and the upgrade ends
 * from exactly that savepoint, with no record lost or written twice. Before: the controller took the 500 for an
 * unreachable JobManager and waited at STOP_TRIGGERED forever (earlier still, the job ran again from no state).
 */
@Tag("bench-only") // about 100 s of CI time: in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobManagerKilledAfterStopTest {
  private static final String NAME = "afterstop";

  @Test
  void anUpgradeWhoseJobManagerDiesAfterTheStopCompletedRestoresThatSavepoint() throws Exception {
    Path work = Path.of("target", "e2e", JobManagerKilledAfterStopTest.class.getSimpleName()).toAbsolutePath();
    Directories.fresh(work);
    SequenceApplication app = SequenceApplication.of(NAME, "flink", Files.createDirectories(work.resolve("output")));
    try (LocalDeployment deployment = LocalDeployment.start(app, work, DeploymentExtension.SETTINGS, Duration.ofMillis(500))) {
      FlinkRestClient flink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(10));
      deployment.pods().awaitPodsReady(Duration.ofMinutes(2));
      RuntimeStatus stable = Waits.until("STABLE", Duration.ofMinutes(2), () -> deployment.status().orElse(null),
          status -> status != null && status.lifecycle() == LifecycleState.STABLE);
      String pod = ClusterNames.jobManager(NAME) + "-0";
      AtomicReference<Instant> killedAt = new AtomicReference<>();
      AtomicReference<String> stopSavepoint = new AtomicReference<>();
      deployment.restartController((reached, declaration) -> {
        if (reached == TransitionStep.STOP_TRIGGERED && killedAt.get() == null) {
          // Let Flink finish the stop (and clean up its HA data) before the controller polls it, then crash it.
          Waits.until("the job stopped", Duration.ofSeconds(20), () -> flink.job(stable.jobId()).state(), state -> state.isGloballyTerminal());
          stopSavepoint.set(flink.checkpoints(stable.jobId()).latestSavepoint().flatMap(s -> java.util.Optional.ofNullable(s.externalPath()))
              .orElse(null));
          killedAt.set(Instant.now());
          deployment.pods().killProcess(pod);
        }
      });
      deployment.apply(app.withImageTag("2"));
      Waits.until("the JobManager killed after the stop", Duration.ofMinutes(1), killedAt::get, Objects::nonNull);
      assertThat(stopSavepoint.get()).as("Flink completed the stop-with-savepoint before the kill").isNotNull();

      List<String> seen = new ArrayList<>();
      RuntimeStatus upgraded = Waits.until("the upgrade to succeed from " + stopSavepoint.get(), Duration.ofMinutes(2),
          () -> deployment.status().orElse(null), status -> {
            if (status.lastTransition() != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status.lastTransition().message()))) {
              seen.add(status.lastTransition().message());
            }
            return status.transition() == null && status.lastTransition() != null
                && status.lastTransition().kind() == TransitionKind.UPGRADE && status.lastTransition().outcome().equals("succeeded");
          });
      assertThat(upgraded.lastTransition().restorePath()).as("transitions seen: " + seen).isEqualTo(stopSavepoint.get());
      var report = io.flinkstack.testjob.ExactlyOnceChecker.checkPrefixes(app.output(), app.lanes());
      assertThat(report.duplicated()).as(report.toString()).isEmpty();
      CheckpointOverview checkpoints = flink.checkpoints(upgraded.jobId());
      assertThat(checkpoints.latestRestored()).hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(stopSavepoint.get()));
    }
  }
}
