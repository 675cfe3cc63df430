package io.flinkstack.controller.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkVersionTest {
  @Test
  void detectsTheVersionFromTheRuntimeOrDistJar() {
    assertThat(FlinkVersion.detect(List.of(Path.of("/m2/flink-core-1.20.3.jar"), Path.of("/m2/flink-runtime-1.20.3.jar"))))
        .hasValue(new FlinkVersion(1, 20, "1.20.3"));
    assertThat(FlinkVersion.detect(List.of(Path.of("/opt/flink/lib/flink-dist-2.1.0.jar")))).hasValue(new FlinkVersion(2, 1, "2.1.0"));
    assertThat(FlinkVersion.detect(List.of(Path.of("/m2/flink-runtime-web-1.20.3.jar")))).isEmpty();
  }

  @Test
  void configYamlFromOneNineteen() {
    assertThat(FlinkVersion.parse("1.18.1").usesConfigYaml()).isFalse();
    assertThat(FlinkVersion.parse("1.19.0").usesConfigYaml()).isTrue();
    assertThat(FlinkVersion.parse("2.0.0").usesConfigYaml()).isTrue();
  }

  @Test
  void checkpointKeysFollowTheVersion() {
    assertThat(FlinkConfigKeys.savepointDirectory(FlinkVersion.parse("1.19.1"))).isEqualTo("state.savepoints.dir");
    assertThat(FlinkConfigKeys.savepointDirectory(FlinkVersion.parse("1.20.3"))).isEqualTo("execution.checkpointing.savepoint-dir");
    assertThat(FlinkConfigKeys.adaptiveScheduler(FlinkVersion.parse("2.1.0")))
        .containsEntry("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "0s");
  }
}
