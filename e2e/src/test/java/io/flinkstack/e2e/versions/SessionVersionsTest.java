package io.flinkstack.e2e.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime controller's session-job transitions (submit, upgrade with a savepoint, a rollback, an upgrade out of a
 * crash loop from the looping job's latest checkpoint, suspend, resume, restart and redeploy nonces, deletion with a final savepoint) on a session
 * cluster of a Flink version other than the harness' 1.20.3, from that version's own jars ({@link SessionRun}). Here the
 * newest version; {@code ./flinkstack bench versions} runs every version, 1.19 included (which no application run
 * verifies: no {@code flink-container} 1.19 is served).
 */
class SessionVersionsTest {
  static Stream<FlinkVersion> versions() {
    FlinkVersion newest = Arrays.stream(FlinkVersion.values()).max(Comparator.naturalOrder()).orElseThrow();
    // The newest only (CI time): 1.19, which runs no application here, and every other version run in the bench.
    return Stream.of(newest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void theControllerCarriesASessionJobThroughItsTransitionsOnTheVersionsOwnJars(FlinkVersion version, @TempDir Path work)
      throws Exception {
    SessionRun.Outcome outcome = SessionRun.run(version, work);
    assertThat(outcome.steps()).containsExactly("submit", "upgrade", "locate", "rollback", "crash-loop", "suspend", "resume", "restart", "lost", "redeploy",
        "delete");
    assertThat(outcome.committed().exactlyOnce()).as("the job's committed output").isTrue();
    assertThat(outcome.committed().records()).isPositive();
  }
}
