package io.flinkstack.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;

/**
 * A draft-4 JSON schema compiled by networknt, validating Jackson 2 trees.
 *
 * <p>networknt 3.x works on Jackson 3 ({@code tools.jackson}) trees while this project uses Jackson 2, so
 * schemas and objects cross over as JSON text; that costs well under a millisecond per object. Instances are
 * immutable and safe to share between threads.
 */
final class CompiledSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Draft 4, with unknown keywords ignored quietly. Kubernetes schemas are full of {@code x-kubernetes-*}
   * extensions (and CRDs of OpenAPI words like {@code nullable}) that carry no validation; networknt's default
   * logs a warning for each one in each schema, which would flood the output of any tool with a logger.
   */
  private static final Dialect KUBERNETES_DRAFT_4 = Dialect.builder(Dialects.getDraft4())
      .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
      .build();

  private final Schema schema;

  private CompiledSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * Compiles a schema as JSON Schema draft 4, the dialect of the Kubernetes OpenAPI schemas.
   *
   * @throws com.networknt.schema.SchemaException if networknt cannot make sense of the schema
   */
  static CompiledSchema compile(JsonNode schemaNode) {
    if (!(schemaNode instanceof ObjectNode)) {
      throw new IllegalArgumentException("a JSON schema must be an object, got " + schemaNode.getNodeType());
    }
    ObjectNode draft4 = ((ObjectNode) schemaNode).deepCopy();
    // The Kubernetes schemas name the unversioned "http://json-schema.org/schema#", which networknt
    // cannot resolve to a dialect; without the key the registry's default (draft 4) applies.
    draft4.remove("$schema");
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(KUBERNETES_DRAFT_4);
    return new CompiledSchema(registry.getSchema(toJson(draft4), InputFormat.JSON));
  }

  List<Violation> validate(JsonNode object) {
    List<Violation> violations = new ArrayList<>();
    for (Error error : schema.validate(toJson(object), InputFormat.JSON)) {
      violations.add(new Violation(pointerOf(error), error.getMessage()));
    }
    return violations;
  }

  private static String pointerOf(Error error) {
    String pointer = toPointer(error.getInstanceLocation());
    // networknt reports an unknown property at the enclosing object; pointing at the property itself is
    // what a reader looks for ("/spec/replica", not "/spec").
    if ("additionalProperties".equals(error.getKeyword()) && error.getProperty() != null) {
      pointer = JsonPointers.append(pointer, error.getProperty());
    }
    return pointer;
  }

  private static String toPointer(NodePath path) {
    String pointer = "";
    if (path == null) {
      return pointer;
    }
    for (int i = 0; i < path.getNameCount(); i++) {
      pointer = JsonPointers.append(pointer, path.getElement(i));
    }
    return pointer;
  }

  private static String toJson(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A Jackson tree always serializes; failing here is a bug, not bad input.
      throw new IllegalStateException("cannot serialize JSON tree", e);
    }
  }
}
