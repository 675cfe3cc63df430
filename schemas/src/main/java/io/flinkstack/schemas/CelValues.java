package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value as the API server hands it to CEL (for CRD rules and ValidatingAdmissionPolicies): objects as maps,
 * arrays as lists, integers as int64, other numbers as double, strings, booleans. A null field is left out of its map:
 * the API server's objects do not carry explicit nulls after decoding.
 */
public final class CelValues {
  private CelValues() {}

  public static Object of(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          map.put(e.getKey(), of(e.getValue()));
        }
      });
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(v -> list.add(of(v)));
      return list;
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }
}
