package io.flinkstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.net.URI;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JobManagerKilledAfterStopTest}'s fault for a suspend: the JobManager killed after the suspend's
 * stop-with-savepoint completed in Flink and before the controller polled it, so the JobManager that takes over knows
 * neither the trigger nor the savepoint's path. The suspend still ends SUSPENDED, recording the stop's own directory
 * (not a path, and not an older savepoint); the resume's JobManager finds the savepoint in that directory, the resumed
 * job restores exactly the savepoint Flink reported before the kill, and the output goes on with no record lost or
 * written twice. Before: the suspend failed, naming the directory, and the job stayed FINISHED on its pods.
 *
 * <p>Two JobManagers may take over, by the kill's timing: killed as soon as the job stopped, Flink's cleanup has
 * usually not yet marked the job's entry in the job result store clean, and the next JobManager lists the job FINISHED;
 * killed after that cleanup, it lists no job at all (it refuses the application's submission as that of an ended job).
 * The second case is forced by waiting for the clean entry in the HA storage directory.
 */
@Tag("bench-only") // about 100 s of CI time: in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
@Timeout(value = 4, unit = TimeUnit.MINUTES) // each case
class JobManagerKilledAfterSuspendStopTest {
  private static final String NAME = "suspendstop";
  private static final Duration WAIT = Duration.ofMinutes(2);

  @ParameterizedTest(name = "killed after Flink's cleanup: {0}")
  @ValueSource(booleans = {false, true})
  void aSuspendWhoseJobManagerDiesAfterTheStopCompletedResumesFromThatSavepoint(boolean afterCleanup) throws Exception {
    Path work = Path.of("target", "e2e", JobManagerKilledAfterSuspendStopTest.class.getSimpleName(), afterCleanup ? "clean" : "dirty")
        .toAbsolutePath();
    Directories.fresh(work);
    SequenceApplication app = SequenceApplication.of(NAME, "flink", Files.createDirectories(work.resolve("output")));
    try (LocalDeployment deployment = LocalDeployment.start(app, work, DeploymentExtension.SETTINGS, Duration.ofMillis(500))) {
      FlinkRestClient flink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(10));
      RuntimeStatus stable = deployment.awaitCommitting(app, 100, WAIT);
      String pod = ClusterNames.jobManager(NAME) + "-0";
      AtomicReference<Instant> killedAt = new AtomicReference<>();
      AtomicReference<String> stopSavepoint = new AtomicReference<>();
      deployment.restartController((reached, declaration) -> {
        if (reached == TransitionStep.STOP_TRIGGERED && killedAt.get() == null) {
          // Let Flink finish the stop (and clean up its HA data) before the controller polls it, then crash it.
          Waits.until("the job stopped", Duration.ofSeconds(20), () -> flink.job(stable.jobId()).state(), JobState::isGloballyTerminal);
          stopSavepoint.set(flink.checkpoints(stable.jobId()).latestSavepoint().map(s -> s.externalPath()).orElse(null));
          if (afterCleanup) {
            // FileSystemJobResultStore: <job id>_DIRTY.json until the cleanup is done, then <job id>.json.
            Path clean = work.resolve("ha").resolve("job-result-store").resolve(NAME).resolve(stable.jobId() + ".json");
            Waits.until("Flink's cleanup of the stopped job", Duration.ofSeconds(20), () -> Files.exists(clean), Boolean::booleanValue);
          }
          killedAt.set(Instant.now());
          deployment.pods().killProcess(pod);
        }
      });

      RuntimeStatus before = deployment.status().orElseThrow();
      deployment.apply(app.withState(DesiredState.SUSPENDED));
      Waits.until("the JobManager killed after the stop", Duration.ofMinutes(1), killedAt::get, Objects::nonNull);
      assertThat(stopSavepoint.get()).as("Flink completed the stop-with-savepoint before the kill").isNotNull();

      List<String> seen = new ArrayList<>();
      RuntimeStatus suspended = deployment.awaitStatus("the suspend to end", WAIT, status -> {
        if (status.lastTransition() != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status.lastTransition().message()))) {
          seen.add(status.lastTransition().message());
        }
        return status.transition() == null && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.SUSPEND;
      });
      assertThat(suspended.lastTransition().outcome()).as("transitions seen: " + seen).isEqualTo("succeeded");
      assertThat(suspended.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
      String directory = suspended.lastTransition().restoreDirectory();
      assertThat(directory).as("the stop's own directory is recorded").isNotNull();
      assertThat(URI.create(stopSavepoint.get()).getPath()).as("the stop's savepoint is in the recorded directory")
          .startsWith(URI.create(directory).getPath() + "/");
      assertThat(suspended.lastTransition().restorePath()).as("no path made up").isNull();
      assertThat(suspended.lastTransition().message()).contains(directory);
      assertThat(suspended.lastSavepoint()).as("lastSavepoint as before the suspend: the stop's path is not known, none is made up")
          .isEqualTo(before.lastSavepoint());
      String found = events(deployment).stream().filter(event -> event.startsWith("StopSavepointInDirectory")).findFirst().orElse(null);
      assertThat(found).as("events: " + events(deployment)).isNotNull().contains(directory);
      // Which JobManager took over depends on the kill's timing: one that lists the job FINISHED (its job result store
      // entry still dirty) or one that lists nothing (Flink's cleanup had marked it clean); both end here.
      System.out.println("[suspendstop] " + (afterCleanup ? "killed after Flink's cleanup: " : "killed as soon as the job stopped: ") + found);
      if (afterCleanup) {
        assertThat(found).contains("lists no job");
      }
      long highestAtSuspend = deployment.awaitNoPods(app, WAIT);

      RuntimeStatus resumed = deployment.resumeRunning(app, WAIT);
      assertThat(resumed.lastTransition().outcome()).isEqualTo("succeeded");
      assertThat(resumed.lastTransition().restorePath()).as("Flink's latest.restored, recorded").isEqualTo(stopSavepoint.get());
      assertThat(resumed.lastSavepoint().path()).isEqualTo(stopSavepoint.get());
      assertThat(resumed.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.SUSPEND);
      FlinkRestClient resumedFlink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(10));
      assertThat(resumedFlink.job(resumed.jobId()).state()).isEqualTo(JobState.RUNNING);
      assertThat(resumedFlink.checkpoints(resumed.jobId()).latestRestored())
          .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(stopSavepoint.get()));

      // The resumed job goes on from where the suspend stopped it: every lane a gap-free prefix, nothing twice.
      ExactlyOnceChecker.Report report = LocalDeployment.awaitOutputPast(app, highestAtSuspend, WAIT);
      System.out.println("[suspendstop] output after the resume: " + report);
      assertThat(report.duplicated()).as(report.toString()).isEmpty();
      assertThat(report.lost()).as(report.toString()).isEmpty();
      assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    }
  }

  private static List<String> events(LocalDeployment deployment) {
    return deployment.client().v1().events().inNamespace("flink").list().getItems().stream()
        .map((Event event) -> event.getReason() + ": " + event.getMessage()).toList();
  }
}
