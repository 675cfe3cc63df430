package io.flinkstack.constructs;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Flink versions flinkstack synthesizes clusters for. */
public enum FlinkVersion {
  V1_16(1, 16),
  V1_17(1, 17),
  V1_18(1, 18),
  V1_19(1, 19),
  V1_20(1, 20),
  V2_0(2, 0),
  V2_1(2, 1);

  private final int major;
  private final int minor;

  FlinkVersion(int major, int minor) {
    this.major = major;
    this.minor = minor;
  }

  /** {@code "1.20"}, {@code "v1_20"}, {@code "V1_20"} or {@code "1.20.3"} (patch ignored). */
  public static Optional<FlinkVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    String[] parts = t.split("\\.");
    if (parts.length < 2) {
      return Optional.empty();
    }
    for (FlinkVersion v : values()) {
      if (parts[0].equals(Integer.toString(v.major)) && parts[1].equals(Integer.toString(v.minor))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The versions as a user writes them, for error messages. */
  public static String supported() {
    return Arrays.stream(values()).map(FlinkVersion::toString).collect(Collectors.joining(", "));
  }

  public boolean isAtLeast(FlinkVersion other) {
    return compareTo(other) >= 0;
  }

  /**
   * The configuration file the image reads: Flink 1.19 introduced the standard-YAML {@code config.yaml};
   * 2.x reads only that.
   */
  public String configFileName() {
    return isAtLeast(V1_19) ? "config.yaml" : "flink-conf.yaml";
  }

  /** {@code standalone-job --jars} (fetching the job jar from a URI) exists since Flink 1.18. */
  public boolean fetchesJobJars() {
    return isAtLeast(V1_18);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
