package io.flinkstack.controller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The controller's image runs target/flinkstack-controller.jar; the test harnesses (local Flink clusters, the pod
 * harness, the autoscaler simulation) live in module harness, which depends on this one, and Flink is a test
 * dependency there only. This reads the shaded jar after {@code package} (failsafe) so that neither finds its way
 * back in, through a class moved back or a dependency that brings it.
 */
class ShadedJarIT {
  /** Classes of the harness module, by simple name, should one be put back under another package. */
  private static final Set<String> HARNESS_CLASSES =
      Set.of("Kubelet", "PodHarness", "StatefulSetEmulation", "LocalZooKeeper", "LocalFlinkCluster");

  /** Multi-release jars keep classes under META-INF/versions/N/ too. */
  private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");

  @Test
  void holdsNoHarnessAndNoFlinkClass() throws IOException {
    Path jar = Path.of(System.getProperty("flinkstack.shadedJar", "target/flinkstack-controller.jar"));
    assertThat(jar).as("the shaded controller jar (built by package)").isRegularFile();

    List<String> offenders;
    try (JarFile file = new JarFile(jar.toFile())) {
      offenders = file.stream()
          .filter(entry -> !entry.isDirectory())
          .map(ZipEntry::getName)
          .filter(ShadedJarIT::isOffender)
          .sorted()
          .toList();
    }

    assertThat(offenders)
        .as("harness or Flink classes in %s (%d entries)", jar, offenders.size())
        .isEmpty();
  }

  static boolean isOffender(String entry) {
    String name = VERSIONED.matcher(entry).replaceFirst("");
    if (name.startsWith("io/flinkstack/harness/") || name.startsWith("org/apache/flink/")) {
      return true;
    }
    if (!name.endsWith(".class")) {
      return false;
    }
    String simpleName = name.substring(name.lastIndexOf('/') + 1, name.length() - ".class".length());
    // Nested classes (PodHarness$Builder) belong to their outer class.
    String outer = simpleName.contains("$") ? simpleName.substring(0, simpleName.indexOf('$')) : simpleName;
    return HARNESS_CLASSES.contains(outer) || outer.contains("Simulation");
  }
}
