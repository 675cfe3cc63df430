package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a checked-in {@code Pulumi.<stack>.yaml}'s {@code config:} map as the CLI hands it to a program. */
final class StackConfigFiles {
  private StackConfigFiles() {}

  static Map<String, String> load(String file) {
    try {
      JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile()).path("config");
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : config.properties()) {
        if (!entry.getValue().isValueNode()) {
          throw new AssertionError(file + ": " + entry.getKey() + " is not a plain value");
        }
        values.put(entry.getKey(), entry.getValue().asText());
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
