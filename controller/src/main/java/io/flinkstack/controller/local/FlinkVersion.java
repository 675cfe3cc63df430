package io.flinkstack.controller.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Flink version on a classpath; it decides the config file name and some key names. */
public record FlinkVersion(int major, int minor, String text) {
  // flink-runtime-1.20.3.jar (Maven) or flink-dist-1.20.3.jar (a distribution's lib/).
  private static final Pattern RUNTIME_JAR = Pattern.compile("flink-(?:runtime|dist)(?:_[0-9.]+)?-((\\d+)\\.(\\d+)[^/\\\\]*)\\.jar");

  public static FlinkVersion parse(String text) {
    Matcher matcher = Pattern.compile("(\\d+)\\.(\\d+).*").matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a Flink version: " + text);
    }
    return new FlinkVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), text);
  }

  /** From the name of the flink-runtime (or flink-dist) jar on the classpath. */
  public static Optional<FlinkVersion> detect(List<Path> classpath) {
    for (Path entry : classpath) {
      Matcher matcher = RUNTIME_JAR.matcher(entry.getFileName() == null ? "" : entry.getFileName().toString());
      if (matcher.matches()) {
        return Optional.of(
            new FlinkVersion(Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)), matcher.group(1)));
      }
    }
    return Optional.empty();
  }

  public boolean atLeast(int otherMajor, int otherMinor) {
    return major > otherMajor || (major == otherMajor && minor >= otherMinor);
  }

  /** Flink 1.19 introduced standard-YAML {@code config.yaml}; 2.0 dropped {@code flink-conf.yaml}. */
  public boolean usesConfigYaml() {
    return atLeast(1, 19);
  }

  @Override
  public String toString() {
    return text;
  }
}
