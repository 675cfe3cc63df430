package io.flinkstack.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink release of the jars on a classpath (named apart from the contract's {@code FlinkVersion}, which it holds: every fact about a version lives there) and
 * the full text with the patch level, for messages and for comparing with what a cluster reports.
 */
public record FlinkRelease(io.flinkstack.contract.FlinkVersion contract, String text) {
  // flink-runtime-1.20.3.jar (Maven) or flink-dist-1.20.3.jar (a distribution's lib/).
  private static final Pattern RUNTIME_JAR = Pattern.compile("flink-(?:runtime|dist)(?:_[0-9.]+)?-(\\d+\\.\\d+[^/\\\\]*)\\.jar");
  // major.minor, then a patch level or a qualifier: 1.20.3, 2.1-SNAPSHOT.
  private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+)(?:[.-].*)?");

  public FlinkRelease {
    if (contract == null || text == null) {
      throw new IllegalArgumentException("a Flink version needs its contract version and its text");
    }
  }

  /** {@code "1.20.3"}; a version flinkstack does not support is refused here, before any process starts. */
  public static FlinkRelease parse(String text) {
    Matcher matcher = VERSION.matcher(text == null ? "" : text.trim());
    io.flinkstack.contract.FlinkVersion version =
        (matcher.matches() ? io.flinkstack.contract.FlinkVersion.parse(matcher.group(1)) : Optional.<io.flinkstack.contract.FlinkVersion>empty())
            .orElseThrow(() -> new IllegalArgumentException(
                "not a Flink version flinkstack supports: " + text + " (" + io.flinkstack.contract.FlinkVersion.supported() + ")"));
    return new FlinkRelease(version, text.trim());
  }

  /** From the name of the flink-runtime (or flink-dist) jar on the classpath. */
  public static Optional<FlinkRelease> detect(List<Path> classpath) {
    for (Path entry : classpath) {
      Matcher matcher = RUNTIME_JAR.matcher(entry.getFileName() == null ? "" : entry.getFileName().toString());
      if (matcher.matches()) {
        return Optional.of(parse(matcher.group(1)));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
