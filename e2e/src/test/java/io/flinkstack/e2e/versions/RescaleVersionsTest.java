package io.flinkstack.e2e.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.FlinkVersion;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime controller's in-place rescaling of an autoscaled application on the newest version's own jars
 * ({@link RescaleRun}); the other rescaling tests run 1.20.3, and {@code ./flinkstack bench versions} runs every version
 * (on 1.16 and 1.17, which have no resource-requirements endpoint, Flink's adaptive scheduler alone).
 */
class RescaleVersionsTest {
  @Test
  void theControllerRescalesAnAutoscaledApplicationInPlaceOnTheNewestVersionsOwnJars(@TempDir Path work) throws Exception {
    SessionRun.Outcome outcome = RescaleRun.run(Arrays.stream(FlinkVersion.values()).max(Comparator.naturalOrder()).orElseThrow(), work);
    assertThat(outcome.steps()).containsExactly("running at 2", "bounded to 2", "in place to 4", "savepoint");
    assertThat(outcome.committed().exactlyOnce()).as("the job's committed output").isTrue();
  }
}
