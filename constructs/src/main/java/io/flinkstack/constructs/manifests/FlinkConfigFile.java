package io.flinkstack.constructs.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.synth.ManifestYaml;
import java.io.UncheckedIOException;
import java.util.SortedMap;

/** Renders Flink's configuration file in the format the version reads, keys sorted. */
final class FlinkConfigFile {
  // config.yaml is parsed as standard YAML: quote what would otherwise turn into a number or boolean
  // (a value such as 1.10 would become 1.1).
  private static final ObjectMapper YAML = ManifestYaml.fileWriter();

  private FlinkConfigFile() {}

  static String render(FlinkVersion version, SortedMap<String, String> config) {
    if (version.configFileName().equals("config.yaml")) {
      try {
        return quoteMergeKeys(YAML.writeValueAsString(config));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    // flink-conf.yaml is read line by line as "key: value", unquoted (validation keeps '#' and line ends out).
    StringBuilder out = new StringBuilder();
    config.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }

  /**
   * The writer leaves {@code <<} plain, as a value and as a key, and Flink's YAML reader takes a plain {@code <<}
   * for the merge key and refuses the file (both found by the properties: the key by a CI-length run). The map is
   * flat, so every entry starts a line at column 0 and continuation lines are indented: only such a line can end
   * in {@code : <<} or start with {@code <<:}.
   */
  private static String quoteMergeKeys(String yaml) {
    return yaml.replaceAll("(?m)^(\\S.*): <<$", "$1: \"<<\"").replaceAll("(?m)^<<:", "\"<<\":");
  }
}
