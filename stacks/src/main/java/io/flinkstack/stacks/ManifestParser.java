package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the objects of a multi-document manifest ({@code ---} separated), as cdk8s writes it. */
public final class ManifestParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ManifestParser() {}

  public static List<KubernetesObject> parse(String yaml) {
    List<KubernetesObject> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        index++;
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue; // an empty document between two separators
        }
        objects.add(toObject(document, index));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("manifest is not valid YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  private static KubernetesObject toObject(JsonNode document, int index) {
    if (!(document instanceof ObjectNode body)) {
      throw new IllegalArgumentException("document " + index + " is not a Kubernetes object: " + document);
    }
    String apiVersion = requiredText(body.path("apiVersion"), "apiVersion", index);
    String kind = requiredText(body.path("kind"), "kind", index);
    JsonNode metadata = body.path("metadata");
    // Pulumi would otherwise invent a name (auto-naming); the manifest's own name must reach the cluster.
    String name = requiredText(metadata.path("name"), "metadata.name", index);
    JsonNode namespace = metadata.path("namespace");
    return new KubernetesObject(apiVersion, kind, namespace.isTextual() ? namespace.textValue() : null, name, body);
  }

  private static String requiredText(JsonNode value, String field, int index) {
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new IllegalArgumentException("document " + index + " of the manifest has no " + field);
    }
    return value.textValue();
  }
}
