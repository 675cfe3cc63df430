package io.flinkstack.controller.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars the local test cluster runs from: this module's test classpath (Flink is a test dependency)
 * without the module's own class folders, so the job's classes reach Flink only through the uploaded jar,
 * and without the controller's own libraries (Kubernetes client, Vert.x, Netty, Micrometer, Prometheus, picocli) and
 * flinkstack's own jars (the SQL runner and the test job are uploaded like any job jar): a Flink process is a
 * Flink installation, not the controller.
 */
public final class FlinkTestClasspath {
  private static final List<String> CONTROLLER_ONLY = Stream.of(
          "io/fabric8", "io/vertx", "io/netty", "org/bouncycastle", "io/micrometer", "org/hdrhistogram", "org/jspecify",
          "io/prometheus", "info/picocli")
      .map(group -> File.separator + group.replace('/', File.separatorChar) + File.separator)
      .toList();

  private FlinkTestClasspath() {}

  public static List<Path> jars() {
    // Surefire sets java.class.path to the real test classpath even when it launches through a manifest jar.
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(Path::of)
        .filter(entry -> entry.toString().endsWith(".jar"))
        .filter(jar -> CONTROLLER_ONLY.stream().noneMatch(group -> jar.toString().contains(group)))
        // flinkstack's own modules: the SQL runner and the test job reach Flink by upload, like any job jar.
        .filter(jar -> !jar.getFileName().toString().startsWith("flinkstack-"))
        .toList();
  }
}
