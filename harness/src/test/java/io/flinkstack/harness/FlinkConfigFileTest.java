package io.flinkstack.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkConfigFileTest {
  @TempDir Path directory;

  @Test
  void configYamlQuotesEveryValue() throws IOException {
    Path file = FlinkConfigFile.write(directory, Map.of("rest.port", "8081", "env.java.opts.all", "-Da='b' #c"), FlinkRelease.parse("1.20.3"));

    assertThat(file.getFileName()).hasToString("config.yaml");
    assertThat(Files.readString(file)).isEqualTo("env.java.opts.all: '-Da=''b'' #c'\nrest.port: '8081'\n");
  }

  @Test
  void legacyFlinkConfYamlWritesValuesVerbatim() throws IOException {
    Path file = FlinkConfigFile.write(directory, Map.of("rest.port", "8081"), FlinkRelease.parse("1.18.1"));

    assertThat(file.getFileName()).hasToString("flink-conf.yaml");
    assertThat(Files.readString(file)).isEqualTo("rest.port: 8081\n");
    assertThatThrownBy(() -> FlinkConfigFile.write(directory, Map.of("a", "x\ny"), FlinkRelease.parse("1.18.1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void memoryFlagsAreTheTwoResultLinesOfBashJavaUtils() {
    MemoryFlags flags =
        MemoryFlags.parse(
            String.join(
                "\n",
                "INFO  [] - Loading configuration property: rest.port, 8081",
                "BASH_JAVA_UTILS_EXEC_RESULT:-Xmx469762048 -Xms469762048 -XX:MaxMetaspaceSize=268435456",
                "BASH_JAVA_UTILS_EXEC_RESULT:-D jobmanager.memory.off-heap.size=134217728b -D jobmanager.memory.heap.size=469762048b"));

    assertThat(flags.jvmOptions()).containsExactly("-Xmx469762048", "-Xms469762048", "-XX:MaxMetaspaceSize=268435456");
    assertThat(flags.dynamicArguments())
        .containsExactly("-D", "jobmanager.memory.off-heap.size=134217728b", "-D", "jobmanager.memory.heap.size=469762048b");
    assertThatThrownBy(() -> MemoryFlags.parse("no results")).isInstanceOf(IllegalStateException.class);
  }
}
