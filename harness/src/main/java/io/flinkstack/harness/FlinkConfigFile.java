package io.flinkstack.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Writes a Flink configuration file in the format the version reads. */
public final class FlinkConfigFile {
  private FlinkConfigFile() {}

  public static Path write(Path directory, Map<String, String> config, FlinkRelease version) throws IOException {
    Files.createDirectories(directory);
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : new TreeMap<>(config).entrySet()) {
      text.append(entry.getKey()).append(": ");
      if (version.contract().usesStandardYaml()) {
        // Standard YAML: quote, so values like "on", "1:2" or "#x" stay the strings Flink expects.
        text.append('\'').append(entry.getValue().replace("'", "''")).append('\'');
      } else {
        // The legacy parser takes everything after ": " verbatim, quotes included.
        if (entry.getValue().contains("\n")) {
          throw new IllegalArgumentException("flink-conf.yaml cannot hold a multi-line value: " + entry.getKey());
        }
        text.append(entry.getValue());
      }
      text.append('\n');
    }
    Path file = directory.resolve(version.contract().configFileName());
    Files.writeString(file, text);
    return file;
  }
}
