package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reading Kubernetes objects (as JSON) for the model: finding an object, a pod template's labels and ports. */
final class ManifestNodes {
  static final ObjectNode EMPTY_OBJECT = JsonNodeFactory.instance.objectNode();

  private ManifestNodes() {}

  static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  static String namespace(JsonNode object) {
    JsonNode ns = object.path("metadata").get("namespace");
    return ns == null || ns.isNull() ? null : ns.asText();
  }

  static Map<String, String> labels(JsonNode podTemplate) {
    return stringMap(podTemplate.path("metadata").path("labels"));
  }

  /** A JSON object of strings (labels, a selector) as a sorted map; empty when missing. */
  static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new TreeMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  /** Named container ports of a pod template (a NetworkPolicy port may name one). */
  static Map<String, Integer> ports(JsonNode podTemplate) {
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode c : podTemplate.path("spec").path("containers")) {
      for (JsonNode p : c.path("ports")) {
        if (p.hasNonNull("name")) {
          ports.put(p.path("name").asText(), p.path("containerPort").asInt());
        }
      }
    }
    return ports;
  }
}
