package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Validates Kubernetes objects against strict JSON schemas, picked by the object's {@code apiVersion} and
 * {@code kind}: the bundled Kubernetes 1.32.2 schemas, plus any custom resource schemas registered with
 * {@link #withCustomResourceSchema}.
 *
 * <p>Strict means unknown fields are errors, so a misspelt field cannot slip through. For the same reason an
 * object without a schema is reported rather than passed.
 *
 * <p>Instances are immutable and thread-safe. Schemas are compiled on first use and cached; the bundled ones
 * are shared by all instances.
 */
public final class SchemaValidator {
  /** The Kubernetes release the bundled schemas describe. */
  public static final String KUBERNETES_VERSION = KubernetesSchemaCatalog.KUBERNETES_VERSION;

  private static final SchemaValidator KUBERNETES = new SchemaValidator(Map.of(), Map.of());

  private final Map<ApiVersionKind, LazySchema> customResourceSchemas;
  /** The CEL rules of each custom resource type whose CRD has any. */
  private final Map<ApiVersionKind, CelValidationRules> customResourceRules;

  private SchemaValidator(Map<ApiVersionKind, LazySchema> customResourceSchemas,
      Map<ApiVersionKind, CelValidationRules> customResourceRules) {
    this.customResourceSchemas = customResourceSchemas;
    this.customResourceRules = customResourceRules;
  }

  /** A validator that knows the bundled Kubernetes kinds only. */
  public static SchemaValidator forKubernetes() {
    return KUBERNETES;
  }

  /**
   * Returns a validator that also knows one custom resource type; this validator is unchanged.
   *
   * @param apiVersion the custom resource's apiVersion, e.g. {@code flink.apache.org/v1beta1}
   * @param kind the custom resource's kind, e.g. {@code FlinkDeployment}
   * @param openApiV3Schema the CRD version's {@code schema.openAPIV3Schema}; it is made strict with
   *     {@link StrictCrdSchema}, and a bare {@code metadata} object is given the Kubernetes ObjectMeta schema,
   *     as the API server validates metadata of custom resources like that of any object; its CEL rules
   *     ({@code x-kubernetes-validations}) are compiled now ({@link CelValidationRules}) and evaluated on objects that
   *     pass the schema
   * @throws IllegalArgumentException when a CEL rule does not compile
   */
  public SchemaValidator withCustomResourceSchema(String apiVersion, String kind, JsonNode openApiV3Schema) {
    ApiVersionKind type = new ApiVersionKind(
        Objects.requireNonNull(apiVersion, "apiVersion"), Objects.requireNonNull(kind, "kind"));
    ObjectNode strict = withImplicitRootProperties(StrictCrdSchema.of(openApiV3Schema));
    Map<ApiVersionKind, LazySchema> schemas = new HashMap<>(customResourceSchemas);
    schemas.put(type, new LazySchema(() -> CompiledSchema.compile(strict)));
    Map<ApiVersionKind, CelValidationRules> rules = new HashMap<>(customResourceRules);
    CelValidationRules compiled = CelValidationRules.of(openApiV3Schema);
    if (compiled.isEmpty()) {
      rules.remove(type);
    } else {
      rules.put(type, compiled);
    }
    return new SchemaValidator(Map.copyOf(schemas), Map.copyOf(rules));
  }

  /**
   * Returns a validator that also knows every version a CustomResourceDefinition serves ({@link
   * #withCustomResourceSchema} for each of {@code spec.versions}); this validator is unchanged.
   *
   * @param crd a CustomResourceDefinition, as read from its YAML or JSON
   */
  public SchemaValidator withCustomResourceDefinition(JsonNode crd) {
    String group = crd.at("/spec/group").asText();
    String kind = crd.at("/spec/names/kind").asText();
    SchemaValidator v = this;
    for (JsonNode version : crd.at("/spec/versions")) {
      v = v.withCustomResourceSchema(group + "/" + version.get("name").asText(), kind,
          version.at("/schema/openAPIV3Schema"));
    }
    return v;
  }

  /**
   * Validates one Kubernetes object.
   *
   * @return the violations, empty if the object conforms to its schema
   */
  public List<Violation> validate(JsonNode object) {
    return validateUpdate(null, object);
  }

  /**
   * Validates an object replacing {@code oldObject} (null: a create): the schema, then, when the schema holds, the
   * custom resource's CEL rules, transition rules ({@code oldSelf}) included. As the API server does, the rules are
   * only evaluated on a value that has the schema's shape.
   */
  public List<Violation> validateUpdate(JsonNode oldObject, JsonNode object) {
    if (object == null || !object.isObject()) {
      String found = object == null ? "nothing" : object.getNodeType().toString().toLowerCase(Locale.ROOT);
      return List.of(new Violation("", "expected a Kubernetes object (a mapping with apiVersion and kind), found "
          + found));
    }
    List<Violation> untyped = Stream.of(typeProblem(object, "apiVersion"), typeProblem(object, "kind"))
        .flatMap(Optional::stream)
        .toList();
    if (!untyped.isEmpty()) {
      return untyped;
    }
    ApiVersionKind type = new ApiVersionKind(object.get("apiVersion").asText(), object.get("kind").asText());
    Optional<LazySchema> schema = schemaFor(type);
    if (schema.isEmpty()) {
      return List.of(new Violation("", "no strict schema for " + type + "; only Kubernetes "
          + KUBERNETES_VERSION + " built-in kinds are bundled, custom resources need"
          + " SchemaValidator.withCustomResourceSchema"));
    }
    List<Violation> violations = schema.get().get().validate(object);
    CelValidationRules rules = customResourceRules.get(type);
    if (!violations.isEmpty() || rules == null) {
      return violations;
    }
    return rules.validateUpdate(oldObject, object);
  }

  /**
   * The API server gives every custom resource apiVersion, kind and ObjectMeta metadata whether or not the
   * CRD schema declares them. Declaring them here keeps a closed root from rejecting them, and makes a
   * misspelt metadata field ({@code lables}) an error as it is for built-in kinds.
   */
  private static ObjectNode withImplicitRootProperties(ObjectNode schema) {
    if (!(schema.get("properties") instanceof ObjectNode properties)) {
      return schema;
    }
    for (String field : List.of("apiVersion", "kind")) {
      if (!properties.has(field)) {
        properties.putObject(field).put("type", "string");
      }
    }
    if (!properties.path("metadata").has("properties")) {
      properties.set("metadata", KubernetesSchemaCatalog.objectMetaSchema().deepCopy());
    }
    return schema;
  }

  /** Custom registrations come first, so a caller can replace a bundled schema on purpose. */
  private Optional<LazySchema> schemaFor(ApiVersionKind type) {
    LazySchema custom = customResourceSchemas.get(type);
    return custom != null ? Optional.of(custom) : KubernetesSchemaCatalog.schemaFor(type);
  }

  private static Optional<Violation> typeProblem(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.of(new Violation("", "required property '" + field + "' not found;"
          + " the schema is chosen by apiVersion and kind"));
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      return Optional.of(new Violation("/" + field, field + " must be a non-empty string"));
    }
    return Optional.empty();
  }
}
