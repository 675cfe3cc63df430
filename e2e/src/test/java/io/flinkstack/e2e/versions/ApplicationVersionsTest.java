package io.flinkstack.e2e.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime controller's application transitions (upgrade, a rollback of an upgrade whose job never runs, an upgrade
 * out of a crash loop from the looping job's latest checkpoint, suspend, resume, restart and redeploy nonces) with HA on the newest version's own jars ({@link ApplicationRun}); every other application transition test runs 1.20.3, and {@code ./flinkstack bench versions}
 * runs every version. On 2.3 it found that a new deployment ran no job (its JobManager took the previous deployment's
 * job, not yet cleaned up in the job result store, for its own and refused the new one): each deployment now has its
 * own result stores (HighAvailabilityFeature in the constructs).
 */
class ApplicationVersionsTest {
  @Test
  void theControllerCarriesAnApplicationThroughItsTransitionsOnTheNewestVersionsOwnJars(@TempDir Path work) throws Exception {
    SessionRun.Outcome outcome = ApplicationRun.run(Arrays.stream(FlinkVersion.values()).max(Comparator.naturalOrder()).orElseThrow(), work);
    assertThat(outcome.steps()).containsExactly("running", "upgrade", "rollback", "crash-loop", "suspend", "resume", "restart", "redeploy", "stateless-upgrade",
        "stateless-restart");
    assertThat(outcome.committed().exactlyOnce()).as("the job's committed output").isTrue();
    assertThat(outcome.committed().records()).isPositive();
  }

  /**
   * The main example's case (no HA, stateless), gated since 2026-12-07: the controller, not Kubernetes' rolling update,
   * replaces its pods once the cancelled job ended, and the new job starts without state; its JobManager crashes and
   * the job resumes from its latest checkpoint (since 2026-12-08: before, from nothing); then a restart nonce. Each
   * time the TaskManagers are replaced with the JobManager (since 2026-12-08: before, they waited out Flink's heartbeat
   * timeout to find the new one).
   */
  @Test
  void theControllerUpgradesAndRestartsAStatelessApplicationWithoutHaThatSurvivesAJobManagerCrashOnTheNewestVersionsOwnJars(@TempDir Path work) throws Exception {
    SessionRun.Outcome outcome = ApplicationRun.runStateless(Arrays.stream(FlinkVersion.values()).max(Comparator.naturalOrder()).orElseThrow(), work);
    assertThat(outcome.steps()).containsExactly("running", "upgrade", "jobmanager-crash", "restart");
    assertThat(outcome.committed().exactlyOnce()).as("the upgraded job's committed output").isTrue();
  }
}
