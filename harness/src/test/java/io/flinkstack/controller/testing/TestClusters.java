package io.flinkstack.controller.testing;

import io.flinkstack.harness.LocalFlinkCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Local clusters for the integration tests, one per test class, in {@code target/flink-clusters/<class>}
 * so their logs are there to read after a failure.
 */
public final class TestClusters {
  private TestClusters() {}

  /**
   * Also C1-only JIT: these clusters run tiny jobs for seconds, so the optimizing compiler would only
   * compete for the two cores during start-up.
   */
  public static LocalFlinkCluster.Builder builder(Class<?> testClass) {
    return LocalFlinkCluster.builder(FlinkTestClasspath.jars())
        .workDirectory(freshDirectory(testClass.getSimpleName()))
        .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
  }

  private static Path freshDirectory(String name) {
    Path directory = Path.of("target", "flink-clusters", name).toAbsolutePath();
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(TestClusters::delete);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return directory;
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
