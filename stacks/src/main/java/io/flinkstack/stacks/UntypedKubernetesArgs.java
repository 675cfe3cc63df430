package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.flinkstack.constructs.synth.SynthesizedObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * The args of an object registered without a typed SDK class (custom resources such as a FlinkDeployment,
 * or an object a typed class cannot carry in full). Each nested value is passed as plain JSON values.
 *
 * <p>Pulumi serializes args from their {@code @Import} fields, so the top-level fields must be declared:
 * these are the ones Kubernetes objects use outside {@code spec}. Any other top-level field is refused.
 */
final class UntypedKubernetesArgs extends ResourceArgs {
  static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "data", "binaryData",
      "stringData", "type", "immutable", "rules", "roleRef", "subjects");

  @Import(name = "apiVersion", required = true)
  private final String apiVersion;

  @Import(name = "kind", required = true)
  private final String kind;

  @Import(name = "metadata")
  private final @Nullable Object metadata;

  @Import(name = "spec")
  private final @Nullable Object spec;

  @Import(name = "data")
  private final @Nullable Object data;

  @Import(name = "binaryData")
  private final @Nullable Object binaryData;

  @Import(name = "stringData")
  private final @Nullable Object stringData;

  @Import(name = "type")
  private final @Nullable Object type;

  @Import(name = "immutable")
  private final @Nullable Object immutable;

  @Import(name = "rules")
  private final @Nullable Object rules;

  @Import(name = "roleRef")
  private final @Nullable Object roleRef;

  @Import(name = "subjects")
  private final @Nullable Object subjects;

  private UntypedKubernetesArgs(Map<String, Object> fields) {
    apiVersion = (String) fields.get("apiVersion");
    kind = (String) fields.get("kind");
    metadata = fields.get("metadata");
    spec = fields.get("spec");
    data = fields.get("data");
    binaryData = fields.get("binaryData");
    stringData = fields.get("stringData");
    type = fields.get("type");
    immutable = fields.get("immutable");
    rules = fields.get("rules");
    roleRef = fields.get("roleRef");
    subjects = fields.get("subjects");
  }

  static UntypedKubernetesArgs of(SynthesizedObject object) throws UnbindableFieldException {
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, JsonNode> field : object.body().properties()) {
      if (!FIELDS.contains(field.getKey()) && !field.getValue().isNull()) {
        unknown.add(field.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnbindableFieldException(String.join(", ", unknown),
          "top-level field not among " + new TreeSet<>(FIELDS) + ", so it cannot be passed to Pulumi");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) JsonValues.plain(object.body());
    return new UntypedKubernetesArgs(fields);
  }
}
