package io.flinkstack.constructs.properties;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * What Flink itself reads from a synthesized ConfigMap: the configuration file goes through Flink 1.20's own
 * loader, which reads {@code config.yaml} as standard YAML and, without it, {@code flink-conf.yaml} with the
 * legacy line parser, as each supported Flink version does.
 */
final class FlinkReads {
  private FlinkReads() {}

  static Map<String, String> configuration(JsonNode configMap) {
    JsonNode data = configMap.path("data");
    String file = data.has("config.yaml") ? "config.yaml" : "flink-conf.yaml";
    try {
      Path dir = Files.createTempDirectory("flinkstack-conf");
      Path config = Files.writeString(dir.resolve(file), data.path(file).asText());
      try {
        return GlobalConfiguration.loadConfiguration(dir.toString()).toMap();
      } finally {
        Files.delete(config);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
