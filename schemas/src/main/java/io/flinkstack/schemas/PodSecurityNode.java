package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value in a Kubernetes object together with its JSON pointer. Descending into absent fields is allowed
 * and keeps the pointer growing, so a control can name the place where a missing field has to be set.
 */
record PodSecurityNode(String pointer, JsonNode value) {
  PodSecurityNode {
    value = value == null ? MissingNode.getInstance() : value;
  }

  /** The field reached through {@code fields}, or an unset node with that pointer. */
  PodSecurityNode get(String... fields) {
    PodSecurityNode node = this;
    for (String field : fields) {
      node = new PodSecurityNode(JsonPointers.append(node.pointer, field), node.value.get(field));
    }
    return node;
  }

  /** The elements of an array; none for anything else (absent, null or not an array). */
  List<PodSecurityNode> items() {
    List<PodSecurityNode> items = new ArrayList<>();
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        items.add(new PodSecurityNode(JsonPointers.append(pointer, i), value.get(i)));
      }
    }
    return items;
  }

  /** The fields of an object by name, in document order; none for anything else. */
  Map<String, PodSecurityNode> fields() {
    Map<String, PodSecurityNode> fields = new LinkedHashMap<>();
    if (value.isObject()) {
      value.fieldNames().forEachRemaining(name -> fields.put(name, get(name)));
    }
    return fields;
  }

  /** Kubernetes treats an explicit null like an absent field. */
  boolean isSet() {
    return !value.isMissingNode() && !value.isNull();
  }

  boolean isTrue() {
    return value.isBoolean() && value.booleanValue();
  }

  /** Unset or boolean false: the only safe values of the standard's "must not be true" fields. */
  boolean isUnsetOrFalse() {
    return !isSet() || (value.isBoolean() && !value.booleanValue());
  }

  /** The text of a string value; null for anything else, so it never equals an allowed value by accident. */
  String text() {
    return value.isTextual() ? value.textValue() : null;
  }

  /** How the value reads in a message: strings quoted, everything else as JSON. */
  String shown() {
    return value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
  }
}
