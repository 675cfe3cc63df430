package io.flinkstack.constructs.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * One synthesized Kubernetes object and what synthesis knows about it, so that whoever deploys it (the Pulumi
 * component) needs neither the YAML nor a second look at the other objects.
 *
 * @param body the whole object exactly as synthesized: cdk8s' JSON of it, the tree its YAML document is written
 *     from (treat as read-only)
 * @param typed the fabric8 object a flinkstack construct built for it ({@code getManifests()}), present when the
 *     synthesized object is that object unchanged (cdk8s only added its chart's namespace); empty for hand-made
 *     {@code ApiObject}s, {@code Include}d YAML, the operator's CRDs, session job declarations, and objects changed
 *     after the construct built them (JSON patches)
 * @param tier when it is created relative to the others
 * @param replicasOwnedByAutoscaler whether an HPA owns its {@code spec.replicas}: said by the construct that built
 *     it (autoscaling declared in its props), or, for objects of hand-made charts, by a hand-made HPA of its chart
 *     whose {@code scaleTargetRef} names it. A deployer must leave the live replica count alone on updates.
 */
public record SynthesizedObject(
    ObjectNode body, Optional<HasMetadata> typed, DeploymentTier tier, boolean replicasOwnedByAutoscaler) {

  public SynthesizedObject {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(typed, "typed");
    Objects.requireNonNull(tier, "tier");
    requiredText(body.path("apiVersion"), "apiVersion", body);
    requiredText(body.path("kind"), "kind", body);
    // A deployer would otherwise invent a name; the synthesized name must reach the cluster.
    requiredText(body.path("metadata").path("name"), "metadata.name", body);
  }

  /** An object no construct vouches for, with the tier of its kind and no autoscaler. */
  public static SynthesizedObject untyped(ObjectNode body) {
    return new SynthesizedObject(body, Optional.empty(), DeploymentTier.of(body.path("kind").asText()), false);
  }

  public String apiVersion() {
    return body.get("apiVersion").textValue();
  }

  public String kind() {
    return body.get("kind").textValue();
  }

  public String name() {
    return body.get("metadata").get("name").textValue();
  }

  /** Null for cluster-scoped objects and for objects left to the deployer's default namespace. */
  public String namespace() {
    JsonNode namespace = body.path("metadata").path("namespace");
    return namespace.isTextual() ? namespace.textValue() : null;
  }

  /** The API group; empty for the core group ({@code v1}). */
  public String group() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** For messages: {@code StatefulSet analytics/clickstream-taskmanager}. */
  public String describe() {
    String namespace = namespace();
    return kind() + " " + (namespace == null ? "" : namespace + "/") + name();
  }

  private static void requiredText(JsonNode value, String field, ObjectNode body) {
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new IllegalArgumentException("a synthesized object has no " + field + ": " + body);
    }
  }
}
