package io.flinkstack.schemas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value in a manifest together with its JSON pointer. Descending into absent fields is allowed and keeps the
 * pointer growing, so a rule can name the place where a missing field has to be set.
 *
 * <p>The accessors are lenient: a value of the wrong JSON type reads as unset, because the strict schema already
 * reports wrong types and a rule must not report the same mistake a second time.
 */
record Field(String pointer, JsonNode value) {
  Field {
    value = value == null ? MissingNode.getInstance() : value;
  }

  static Field root(JsonNode object) {
    return new Field("", object);
  }

  /** The field reached through {@code names}, or an unset field with that pointer. */
  Field get(String... names) {
    Field field = this;
    for (String name : names) {
      field = new Field(append(field.pointer, name), field.value.get(name));
    }
    return field;
  }

  /** The elements of an array; none for anything else. */
  List<Field> items() {
    List<Field> items = new ArrayList<>();
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        items.add(new Field(append(pointer, String.valueOf(i)), value.get(i)));
      }
    }
    return items;
  }

  /** The members of an object by name, in document order; none for anything else. */
  Map<String, Field> fields() {
    Map<String, Field> fields = new LinkedHashMap<>();
    if (value.isObject()) {
      value.fieldNames().forEachRemaining(name -> fields.put(name, get(name)));
    }
    return fields;
  }

  /** Kubernetes treats an explicit null like an absent field. */
  boolean isSet() {
    return !value.isMissingNode() && !value.isNull();
  }

  boolean isText() {
    return value.isTextual();
  }

  boolean isInt() {
    return value.isIntegralNumber();
  }

  boolean isObject() {
    return value.isObject();
  }

  boolean isArray() {
    return value.isArray();
  }

  /** The text of a string value; null for anything else. */
  String text() {
    return value.isTextual() ? value.textValue() : null;
  }

  /** The text, or "" when unset or not a string: Go's zero value, which is what the API server sees. */
  String textOrEmpty() {
    return value.isTextual() ? value.textValue() : "";
  }

  /** An integral value, if there is one. */
  Optional<Long> integer() {
    return value.isIntegralNumber() ? Optional.of(value.longValue()) : Optional.empty();
  }

  boolean isTrue() {
    return value.isBoolean() && value.booleanValue();
  }

  /** Non-empty array or object; Go treats a null or empty slice/map the same. */
  boolean hasEntries() {
    return (value.isArray() || value.isObject()) && value.size() > 0;
  }

  /** How the value reads in a message: strings quoted, everything else as JSON. */
  String shown() {
    return value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
  }

  /** RFC 6901: '~' and '/' in a member name are escaped, e.g. for {@code app.kubernetes.io/name}. */
  static String append(String pointer, String token) {
    return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
  }
}
