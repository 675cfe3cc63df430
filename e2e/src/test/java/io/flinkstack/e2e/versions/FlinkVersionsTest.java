package io.flinkstack.e2e.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.e2e.versions.VersionRun.Jar;
import io.flinkstack.e2e.versions.VersionRun.Scenario;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The versions every {@code mvn -B verify} runs for real (the bench runs all): the oldest verified and the newest
 * (1.20 is what every other e2e test runs), each synthesized for that version and run on that version's own jars
 * until the job is RUNNING at its parallelism. HA on 2.x is the case whose JobManager got {@code --host}, which 2.x's
 * parser does not know: the job never ran. The newest fetches its jar over http, into the artifacts directory.
 */
class FlinkVersionsTest {
  static Stream<Scenario> scenarios() {
    FlinkVersion newest = FlinkVersion.values()[FlinkVersion.values().length - 1];
    return Stream.of(
        // HA on the oldest: its HA type key is the pre-1.17 one (the ZooKeeper stand-in must use it too).
        new Scenario(FlinkVersion.V1_16, true, Jar.LOCAL),
        // HA and a remote jar at once (they were two runs): 1.20 with HA is what every other e2e test runs, and
        // the bench runs every version with and without HA (CI time: each run starts a cluster).
        new Scenario(newest, true, Jar.REMOTE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void runsOnItsOwnJars(Scenario scenario, @TempDir Path work) throws Exception {
    VersionRun.Result result = VersionRun.run(scenario, work);
    assertThat(result.jobId()).hasSize(32);
    assertThat(result.rest().steps()).as("the controller's REST calls, on the version's own JobManager").endsWith("stop", "disposal")
        .contains(scenario.version().isAtLeast(FlinkVersion.V1_17) ? "checkpoint-trigger" : "checkpoint-trigger-refused");
    if (scenario.version().isAtLeast(FlinkVersion.V1_17)) {
      // FLINK-33723: 1.19 and later refuse a triggered checkpoint of type INCREMENTAL.
      assertThat(result.rest().steps()).contains(scenario.version().isAtLeast(FlinkVersion.V1_19) ? "incremental-trigger-refused"
          : "incremental-trigger");
    }
  }
}
