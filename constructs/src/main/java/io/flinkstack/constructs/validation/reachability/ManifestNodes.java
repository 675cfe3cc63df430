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
    Map<String, String> labels = new TreeMap<>();
    podTemplate.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
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
