package io.flinkstack.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkReleaseTest {
  @Test
  void detectsTheVersionFromTheRuntimeOrDistJar() {
    assertThat(FlinkRelease.detect(List.of(Path.of("/m2/flink-core-1.20.3.jar"), Path.of("/m2/flink-runtime-1.20.3.jar"))))
        .hasValue(new FlinkRelease(io.flinkstack.contract.FlinkVersion.V1_20, "1.20.3"));
    assertThat(FlinkRelease.detect(List.of(Path.of("/opt/flink/lib/flink-dist-2.1.0.jar"))))
        .hasValue(new FlinkRelease(io.flinkstack.contract.FlinkVersion.V2_1, "2.1.0"));
    assertThat(FlinkRelease.detect(List.of(Path.of("/m2/flink-runtime-2.2-SNAPSHOT.jar")))).hasValueSatisfying(version -> {
      assertThat(version.contract()).isEqualTo(io.flinkstack.contract.FlinkVersion.V2_2);
      assertThat(version.text()).isEqualTo("2.2-SNAPSHOT");
    });
    assertThat(FlinkRelease.detect(List.of(Path.of("/m2/flink-runtime-web-1.20.3.jar")))).isEmpty();
  }

  @Test
  void onlyVersionsTheContractKnows() {
    assertThat(FlinkRelease.parse("1.18.1").contract()).isEqualTo(io.flinkstack.contract.FlinkVersion.V1_18);
    assertThatThrownBy(() -> FlinkRelease.parse("1.15.4")).hasMessageContaining("1.15.4").hasMessageContaining("1.16");
    assertThatThrownBy(() -> FlinkRelease.parse("latest")).hasMessageContaining("latest");
  }

  @Test
  void configKeysComeFromTheContract() {
    // The contract's current names from 1.20 (FLIP-406), the old ones before.
    assertThat(FlinkConfigKeys.checkpointDirectory(FlinkRelease.parse("1.20.3"))).isEqualTo("execution.checkpointing.dir");
    assertThat(FlinkConfigKeys.savepointDirectory(FlinkRelease.parse("1.19.3"))).isEqualTo("state.savepoints.dir");
    assertThat(FlinkConfigKeys.checkpointDirectory(FlinkRelease.parse("2.0.1"))).isEqualTo("execution.checkpointing.dir");
    assertThat(FlinkConfigKeys.savepointDirectory(FlinkRelease.parse("2.1.0"))).isEqualTo("execution.checkpointing.savepoint-dir");
    assertThat(FlinkConfigKeys.adaptiveScheduler(FlinkRelease.parse("2.1.0")))
        .containsEntry("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "0s")
        .containsEntry("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "3s");
    assertThat(FlinkConfigKeys.adaptiveScheduler(FlinkRelease.parse("1.20.3")))
        .containsEntry("jobmanager.adaptive-scheduler.scaling-interval.min", "0s")
        .containsEntry("jobmanager.adaptive-scheduler.resource-stabilization-timeout", "3s");
    // No cooldown option before 1.19 (FLIP-322): none is written.
    assertThat(FlinkConfigKeys.adaptiveScheduler(FlinkRelease.parse("1.18.1")))
        .containsOnlyKeys("jobmanager.scheduler", "jobmanager.adaptive-scheduler.resource-stabilization-timeout");
  }
}
