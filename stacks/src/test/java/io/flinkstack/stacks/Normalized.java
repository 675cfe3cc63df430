package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A form in which a parsed manifest object and the inputs Pulumi registered can be compared: maps sorted
 * by key, null values left out (absent and null mean the same to Kubernetes), and numbers compared by
 * value (the wire format carries every number as a double). Strings stay strings: "1" is not 1.
 */
final class Normalized {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Normalized() {}

  static Object of(Object value) {
    if (value instanceof JsonNode node) {
      return of(JSON.convertValue(node, Object.class));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          sorted.put((String) k, of(v));
        }
      });
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(of(v)));
      return copy;
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros();
    }
    return value;
  }
}
