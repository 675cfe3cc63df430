package io.flinkstack.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KubernetesSchemaCatalogTest {

  @Test
  void everyBundledFileIsMappedAndEveryMappingHasAFile() throws IOException, URISyntaxException {
    Path folder = Path.of(KubernetesSchemaCatalog.class.getResource(KubernetesSchemaCatalog.RESOURCE_FOLDER).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".json")))
          .containsExactlyInAnyOrderElementsOf(KubernetesSchemaCatalog.files().values());
    }
  }

  @Test
  void everyMappingMatchesTheGroupVersionKindTheFileDeclares() {
    KubernetesSchemaCatalog.files().forEach((type, file) -> {
      JsonNode gvk = KubernetesSchemaCatalog.readSchemaFile(file).path("x-kubernetes-group-version-kind").path(0);
      String group = gvk.path("group").asText();
      String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
      assertThat(new ApiVersionKind(apiVersion, gvk.path("kind").asText())).as(file).isEqualTo(type);
    });
  }

  /** Loads every bundled schema once: proves each compiles, is strict, and accepts its own apiVersion/kind. */
  @Test
  void everyBundledSchemaCompilesAndRejectsAMisspeltMetadataField() {
    SchemaValidator validator = SchemaValidator.forKubernetes();
    for (Map.Entry<ApiVersionKind, String> entry : KubernetesSchemaCatalog.files().entrySet()) {
      ObjectNode object = JsonNodeFactory.instance.objectNode()
          .put("apiVersion", entry.getKey().apiVersion())
          .put("kind", entry.getKey().kind());
      object.putObject("metadata").put("name", "x").put("nmae", "x");

      assertThat(validator.validate(object)).as(entry.getValue())
          .extracting(Violation::pointer)
          .contains("/metadata/nmae")
          .doesNotContain("/apiVersion", "/kind");
    }
  }

  @Test
  void objectMetaSchemaIsTheStrictOne() {
    JsonNode objectMeta = KubernetesSchemaCatalog.objectMetaSchema();

    assertThat(objectMeta.path("properties").has("labels")).isTrue();
    assertThat(objectMeta.path("additionalProperties").asBoolean(true)).isFalse();
  }
}
