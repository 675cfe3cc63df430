package io.flinkstack.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.synth.ManifestYaml;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The benchmark's baseline: fabric8 objects written straight to YAML with Jackson, no cdk8s. Keys are
 * ordered as cdk8s orders them (apiVersion, kind, metadata, then sorted) so the files compare.
 */
final class PlainYaml {
  private PlainYaml() {}

  static String write(List<HasMetadata> objects) {
    List<JsonNode> documents = new ArrayList<>();
    for (HasMetadata o : objects) {
      documents.add(ordered(ManifestJson.MAPPER.valueToTree(o)));
    }
    return ManifestYaml.write(documents);
  }

  private static JsonNode ordered(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        sorted.put(k, ordered(node.get(k)));
      }
      ObjectNode result = ManifestJson.MAPPER.createObjectNode();
      for (String first : List.of("apiVersion", "kind", "metadata")) {
        JsonNode v = sorted.remove(first);
        if (v != null) {
          result.set(first, v);
        }
      }
      sorted.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(n -> items.add(ordered(n)));
      return ManifestJson.MAPPER.createArrayNode().addAll(items);
    }
    return node;
  }
}
