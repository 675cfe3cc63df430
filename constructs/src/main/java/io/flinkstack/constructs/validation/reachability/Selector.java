package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A label selector ({@code matchLabels} and {@code matchExpressions}, all of which must hold; an empty selector
 * selects everything), matched against labels that may be partly unknown.
 */
record Selector(Map<String, String> matchLabels, List<Requirement> expressions) {
  /** One {@code matchExpressions} entry: In, NotIn, Exists, DoesNotExist. */
  record Requirement(String key, String operator, List<String> values) {}

  /** Null when the node is missing (a peer without this selector); an empty selector for {@code {}}. */
  static Selector parse(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    Map<String, String> labels = new TreeMap<>();
    node.path("matchLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<Requirement> expressions = new ArrayList<>();
    for (JsonNode e : node.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(v.asText()));
      expressions.add(new Requirement(e.path("key").asText(), e.path("operator").asText(), values));
    }
    return new Selector(labels, expressions);
  }

  Tri matches(KnownLabels labels) {
    Tri result = Tri.YES;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      result = result.and(valueIs(labels, e.getKey(), List.of(e.getValue())));
    }
    for (Requirement r : expressions) {
      Tri in = valueIs(labels, r.key(), r.values());
      Tri exists = labels.has(r.key());
      result = result.and(switch (r.operator()) {
        case "In" -> in;
        // NotIn also holds when the key is absent (apimachinery's labels.Selector).
        case "NotIn" -> not(in);
        case "Exists" -> exists;
        case "DoesNotExist" -> not(exists);
        default -> Tri.NO;
      });
    }
    return result;
  }

  private static Tri valueIs(KnownLabels labels, String key, List<String> values) {
    Tri has = labels.has(key);
    return has == Tri.YES ? Tri.of(values.contains(labels.get(key))) : has == Tri.NO ? Tri.NO : Tri.UNKNOWN;
  }

  private static Tri not(Tri t) {
    return t == Tri.YES ? Tri.NO : t == Tri.NO ? Tri.YES : Tri.UNKNOWN;
  }
}
