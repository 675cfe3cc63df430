package io.flinkstack.versions;

import io.flinkstack.contract.FlinkVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One Flink minor's own jars, as the pom copies them to {@code target/flink-jars/<minor>/}, in a class loader of
 * their own. Its parent is the platform class loader, so nothing of the test class path (flinkstack, fabric8,
 * the Flink 1.20 flink-core the constructs' tests use) can stand in for a class the version lacks.
 */
final class VersionJars {
  private static final Map<FlinkVersion, URLClassLoader> LOADERS = new ConcurrentHashMap<>();

  private VersionJars() {}

  /** Set by surefire; the fallback lets an IDE run the tests from the module folder after one Maven build. */
  static Path root() {
    return Path.of(System.getProperty("flinkstack.flinkJars", "target/flink-jars"));
  }

  static Path dir(FlinkVersion v) {
    Path dir = root().resolve(v.toString());
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no jars for Flink " + v + " in " + dir.toAbsolutePath()
          + "; run `mvn -pl versions generate-test-resources` (the pom copies them)");
    }
    return dir;
  }

  static List<Path> jars(FlinkVersion v) {
    try (Stream<Path> files = Files.list(dir(v))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version of {@code artifactId} copied for this minor, e.g. {@code 1.20.5} for flink-runtime; empty if none. */
  static Optional<String> artifactVersion(FlinkVersion v, String artifactId) {
    String prefix = artifactId + "-";
    return jars(v).stream().map(p -> p.getFileName().toString())
        .filter(n -> n.startsWith(prefix) && Character.isDigit(n.charAt(prefix.length())))
        .map(n -> n.substring(prefix.length(), n.length() - ".jar".length()))
        .findFirst();
  }

  /** Whether this minor's application entrypoint ({@code flink-container}) could be had; not for 1.19. */
  static boolean hasContainer(FlinkVersion v) {
    return artifactVersion(v, "flink-container").isPresent();
  }

  /** "flink-container 1.20.0, flink-runtime 1.20.5": what a failure message should name. */
  static String describe(FlinkVersion v) {
    return "Flink " + v + " (flink-container " + artifactVersion(v, "flink-container").orElse("not served")
        + ", flink-runtime " + artifactVersion(v, "flink-runtime").orElse("?") + ")";
  }

  static ClassLoader loader(FlinkVersion v) {
    return LOADERS.computeIfAbsent(v, version -> {
      URL[] urls = jars(version).stream().map(VersionJars::url).toArray(URL[]::new);
      return new URLClassLoader("flink-" + version, urls, ClassLoader.getPlatformClassLoader());
    });
  }

  static Class<?> load(FlinkVersion v, String className) {
    try {
      return Class.forName(className, true, loader(v));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(describe(v) + " has no class " + className, e);
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(p.toString(), e);
    }
  }
}
