package io.flinkstack.controller.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The jars the local test cluster runs from: this module's test classpath (Flink is a test dependency)
 * without the module's own class folders, so the job's classes reach Flink only through the uploaded jar.
 */
public final class FlinkTestClasspath {
  private FlinkTestClasspath() {}

  public static List<Path> jars() {
    // Surefire sets java.class.path to the real test classpath even when it launches through a manifest jar.
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(Path::of)
        .filter(entry -> entry.toString().endsWith(".jar"))
        .toList();
  }
}
