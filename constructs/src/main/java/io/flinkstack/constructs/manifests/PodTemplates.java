package io.flinkstack.constructs.manifests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.flinkstack.constructs.synth.ManifestJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The escape hatch: a user's pod template merged over the one flinkstack synthesizes, in the spirit of the
 * Apache operator's podTemplate. Maps merge key by key (the user wins); lists of named items (containers,
 * volumes, env, ports, volume mounts) merge item by item by name, keeping flinkstack's order and appending
 * new names in the user's order; any other list is replaced. The result depends only on the two inputs.
 */
public final class PodTemplates {
  private PodTemplates() {}

  public static PodTemplateSpec merge(PodTemplateSpec base, PodTemplateSpec overlay) {
    if (overlay == null) {
      return base;
    }
    JsonNode merged = merge(ManifestJson.MAPPER.valueToTree(base), ManifestJson.MAPPER.valueToTree(overlay));
    try {
      return ManifestJson.MAPPER.treeToValue(merged, PodTemplateSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("merged pod template does not map back to a PodTemplateSpec", e);
    }
  }

  static JsonNode merge(JsonNode base, JsonNode overlay) {
    if (base instanceof ObjectNode b && overlay instanceof ObjectNode o) {
      ObjectNode result = b.deepCopy();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode existing = result.get(e.getKey());
        result.set(e.getKey(), existing == null ? e.getValue().deepCopy() : merge(existing, e.getValue()));
      }
      return result;
    }
    if (base instanceof ArrayNode b && overlay instanceof ArrayNode o && named(b) && named(o)) {
      Map<String, JsonNode> byName = new LinkedHashMap<>();
      b.forEach(item -> byName.put(item.get("name").asText(), item));
      o.forEach(item -> byName.merge(item.get("name").asText(), item, PodTemplates::merge));
      ArrayNode result = ManifestJson.MAPPER.createArrayNode();
      byName.values().forEach(result::add);
      return result;
    }
    return overlay.deepCopy();
  }

  private static boolean named(ArrayNode array) {
    for (JsonNode item : array) {
      if (!item.isObject() || !item.path("name").isTextual()) {
        return false;
      }
    }
    return true;
  }
}
