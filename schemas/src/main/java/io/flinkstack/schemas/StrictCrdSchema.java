package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Turns a CRD's {@code openAPIV3Schema} into a strict draft-4 JSON schema.
 *
 * <p>CRD schemas accept unknown fields in validation (the API server prunes them instead), so a misspelt
 * field would pass silently. Here every object schema that lists {@code properties} gets
 * {@code additionalProperties: false}, unless it already says something about additional properties or
 * opts out with {@code x-kubernetes-preserve-unknown-fields: true}.
 */
public final class StrictCrdSchema {
  private StrictCrdSchema() {}

  /** Returns a strict copy; the argument is left untouched. */
  public static ObjectNode of(JsonNode openApiV3Schema) {
    if (openApiV3Schema == null || !openApiV3Schema.isObject()) {
      throw new IllegalArgumentException("an openAPIV3Schema must be a JSON object");
    }
    ObjectNode strict = ((ObjectNode) openApiV3Schema).deepCopy();
    tighten(strict);
    return strict;
  }

  private static void tighten(ObjectNode schema) {
    allowNullWhereNullable(schema);
    if (schema.path("properties").isObject()
        && !schema.has("additionalProperties")
        && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      schema.put("additionalProperties", false);
    }
    // Only the structural parts are descended into. Branches of allOf/anyOf/oneOf/not may list a subset
    // of the properties declared beside them, so closing them would reject valid objects.
    forEachValue(schema.path("properties"), StrictCrdSchema::tighten);
    JsonNode items = schema.path("items");
    if (items.isArray()) {
      forEachValue(items, StrictCrdSchema::tighten);
    } else if (items.isObject()) {
      tighten((ObjectNode) items);
    }
    if (schema.path("additionalProperties").isObject()) {
      tighten((ObjectNode) schema.get("additionalProperties"));
    }
  }

  /** OpenAPI's {@code nullable: true} has no draft-4 meaning; draft 4 says the same with a type list. */
  private static void allowNullWhereNullable(ObjectNode schema) {
    if (!schema.path("nullable").asBoolean(false) || !schema.path("type").isTextual()) {
      return;
    }
    ArrayNode types = JsonNodeFactory.instance.arrayNode();
    types.add(schema.get("type").asText()).add("null");
    schema.set("type", types);
  }

  private static void forEachValue(JsonNode container, Consumer<ObjectNode> action) {
    for (Iterator<JsonNode> values = container.elements(); values.hasNext(); ) {
      JsonNode value = values.next();
      if (value.isObject()) {
        action.accept((ObjectNode) value);
      }
    }
  }
}
