package io.flinkstack.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.testing.FlinkTestClasspath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalZooKeeperTest {
  @TempDir Path directory;

  @Test
  void servesOnALoopbackPortAndIsGoneAfterClose() throws Exception {
    LocalZooKeeper zooKeeper;
    try (LocalZooKeeper started = LocalZooKeeper.start(FlinkTestClasspath.jars(), directory, Duration.ofSeconds(60))) {
      zooKeeper = started;
      assertThat(started.connectString()).isEqualTo("127.0.0.1:" + started.port());
      assertThat(started.serving()).isTrue();
      assertThat(started.fourLetterWord("ruok")).isEqualTo("imok");
      assertThat(started.fourLetterWord("srvr")).contains("Mode: standalone");
      assertThat(Files.readString(directory.resolve("zoo.cfg"))).contains("clientPortAddress=127.0.0.1");
    }
    assertThat(zooKeeper.isAlive()).isFalse();
    assertThat(zooKeeper.serving()).isFalse();
  }
}
