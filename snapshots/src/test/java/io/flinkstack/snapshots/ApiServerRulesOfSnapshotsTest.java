package io.flinkstack.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flinkstack.schemas.apiserver.ApiServerRules;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every object of every approved snapshot passes the rules the Kubernetes 1.32 API server enforces beyond the
 * schema ({@link ApiServerRules}), so {@code kubectl apply} of an example is not refused, and a StatefulSet's
 * controller can create its pods and claims. Reads the approved files themselves, the manifests reviewers signed off.
 */
class ApiServerRulesOfSnapshotsTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @TestFactory
  Stream<DynamicTest> everyApprovedObjectPassesTheApiServerRules() {
    File[] approved = SnapshotNamer.DIRECTORY.listFiles((dir, name) -> name.endsWith(".approved.yaml"));
    assertThat(approved).as("approved snapshots in %s", SnapshotNamer.DIRECTORY).isNotEmpty();
    return Arrays.stream(approved).sorted(Comparator.comparing(File::getName))
        .map(file -> DynamicTest.dynamicTest(file.getName(), () -> {
          List<JsonNode> objects = documents(file);
          // A file read as nothing (a parsing slip) must not pass for want of objects.
          assertThat(objects).as("objects in %s", file.getName()).isNotEmpty();
          List<String> violations = new ArrayList<>();
          for (int i = 0; i < objects.size(); i++) {
            JsonNode object = objects.get(i);
            String id = "#" + i + " (" + object.path("kind").asText() + " "
                + object.path("metadata").path("name").asText() + ") ";
            ApiServerRules.check(object).forEach(v -> violations.add(id + v));
          }
          assertThat(violations).as("API server rules broken in %s", file.getName()).isEmpty();
        }));
  }

  private static List<JsonNode> documents(File file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(Files.readString(file.toPath()))) {
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }
}
