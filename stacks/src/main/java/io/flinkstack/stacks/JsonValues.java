package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON as the plain values Pulumi's serializer accepts: String, Integer, Double, Boolean, List, Map. */
final class JsonValues {
  private JsonValues() {}

  /** Nulls are left out: the provider, like the API server, reads a null field as an absent one. */
  static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getValue().isNull()) {
          map.put(field.getKey(), plain(field.getValue()));
        }
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(plain(element)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isNumber()) {
      return node.doubleValue(); // the wire format has one number type, a double
    }
    if (node.isNull()) {
      return null;
    }
    throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
  }
}
