package io.flinkstack.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Work directories of the end-to-end runs. */
public final class Directories {
  private Directories() {}

  /** {@code directory}, emptied of an earlier run's files (their logs stay until the next run). */
  public static Path fresh(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    return Files.createDirectories(directory);
  }
}
