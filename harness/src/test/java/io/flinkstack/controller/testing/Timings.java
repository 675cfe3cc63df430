package io.flinkstack.controller.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/** Measures steps of the integration tests; appends to {@code target/flink-timings.txt} and prints them. */
public final class Timings {
  private static final Path FILE = Path.of("target", "flink-timings.txt");

  private Timings() {}

  public static <T> T measure(String step, Supplier<T> action) {
    long start = System.nanoTime();
    T result = action.get();
    record(step, (System.nanoTime() - start) / 1e9);
    return result;
  }

  public static void measure(String step, Runnable action) {
    measure(
        step,
        () -> {
          action.run();
          return null;
        });
  }

  public static void record(String step, double seconds) {
    String line = String.format("%-45s %6.2f s%n", step, seconds);
    System.out.print("TIMING " + line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
