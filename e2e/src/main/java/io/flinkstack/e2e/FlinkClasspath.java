package io.flinkstack.e2e;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars a local Flink process runs from: this JVM's classpath (Flink is a dependency of this module)
 * without what is not Flink's — the controller's and the constructs' libraries, and flinkstack's own jars
 * (the job reaches Flink as the pod's user jar, like in an image).
 */
public final class FlinkClasspath {
  private static final List<String> NOT_FLINK = Stream.of(
          "io/fabric8", "io/vertx", "io/netty", "org/bouncycastle", "io/micrometer", "org/hdrhistogram", "org/jspecify",
          "info/picocli", "software/amazon/jsii", "software/constructs", "org/cdk8s", "com/networknt", "io/prometheus",
          "org/junit", "org/assertj", "net/bytebuddy", "org/opentest4j", "org/apiguardian")
      .map(group -> File.separator + group.replace('/', File.separatorChar) + File.separator)
      .toList();

  private FlinkClasspath() {}

  public static List<Path> jars() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank() && entry.endsWith(".jar"))
        .filter(jar -> NOT_FLINK.stream().noneMatch(jar::contains))
        .map(Path::of)
        .filter(jar -> !jar.getFileName().toString().startsWith("flinkstack-"))
        .toList();
  }
}
