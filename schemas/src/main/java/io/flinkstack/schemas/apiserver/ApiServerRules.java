package io.flinkstack.schemas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a Kubernetes 1.32 API server (default feature gates) enforces on an object beyond its OpenAPI schema:
 * name formats per kind, label and annotation syntax, uniqueness of names and ports, cross-field constraints
 * (requests within limits, selector matching the pod template, one of two exclusive fields), value sets the schema
 * leaves open, CIDR arithmetic. Each rule is derived from, and its class cites, the upstream validation function
 * that enforces it.
 *
 * <p>Kinds: ConfigMap, Secret, ServiceAccount, Service, PersistentVolumeClaim, Deployment, StatefulSet,
 * PodDisruptionBudget, HorizontalPodAutoscaler (autoscaling/v2), NetworkPolicy, Ingress, Role, ClusterRole,
 * RoleBinding, ClusterRoleBinding, CustomResourceDefinition (metadata only); every other object, custom resources
 * included, gets the metadata rules.
 *
 * <p>Some rules bite later than {@code kubectl apply}: a StatefulSet's pod template and claim templates are
 * validated when its controller creates the pods and claims, and a probe's named port is resolved by the kubelet.
 * Every violation's message ends with when Kubernetes acts on it (see {@link Stage}).
 *
 * <p>Not covered: admission plugins and webhooks, checks against other objects or the cluster (does the referenced
 * ConfigMap exist, is the namespace there, quota), rules on update (immutable fields: {@link ImmutableFields} compares
 * two versions of an object), and the defaults the API server fills in; values left unset are judged after
 * defaulting, i.e. never reported.
 *
 * <p>Stateless and thread-safe. Problems in the input are violations, never exceptions; values of the wrong JSON type
 * are left to the schema.
 */
public final class ApiServerRules {
  private ApiServerRules() {}

  /**
   * The rules {@code object} breaks.
   *
   * @return violations with JSON pointers into {@code object}; empty when it passes, or is not an object with a
   *     string apiVersion and kind
   */
  public static List<Violation> check(JsonNode object) {
    if (object == null || !object.isObject() || !object.path("apiVersion").isTextual()
        || !object.path("kind").isTextual()) {
      return List.of();
    }
    String apiVersion = object.get("apiVersion").textValue();
    String kind = object.get("kind").textValue();
    String group = Kinds.group(apiVersion);
    List<Violation> violations = new ArrayList<>();
    Problems problems = new Problems(violations);
    Field root = Field.root(object);
    MetadataRules.check(root, group, kind, problems);
    switch (apiVersion + " " + kind) {
      case "v1 ConfigMap" -> ConfigRules.configMap(root, problems);
      case "v1 Secret" -> ConfigRules.secret(root, problems);
      case "v1 Service" -> ServiceRules.check(root, problems);
      case "v1 PersistentVolumeClaim" -> StorageRules.claim(root, problems);
      case "apps/v1 Deployment" -> WorkloadRules.deployment(root, problems);
      case "apps/v1 StatefulSet" -> WorkloadRules.statefulSet(root, problems);
      case "policy/v1 PodDisruptionBudget" -> DisruptionBudgetRules.check(root, problems);
      case "autoscaling/v2 HorizontalPodAutoscaler" -> AutoscalerRules.check(root, problems);
      case "networking.k8s.io/v1 NetworkPolicy" -> NetworkingRules.networkPolicy(root, problems);
      case "networking.k8s.io/v1 Ingress" -> NetworkingRules.ingress(root, problems);
      case "rbac.authorization.k8s.io/v1 Role" -> RbacRules.role(root, true, problems);
      case "rbac.authorization.k8s.io/v1 ClusterRole" -> RbacRules.role(root, false, problems);
      case "rbac.authorization.k8s.io/v1 RoleBinding" -> RbacRules.binding(root, true, problems);
      case "rbac.authorization.k8s.io/v1 ClusterRoleBinding" -> RbacRules.binding(root, false, problems);
      case "apiextensions.k8s.io/v1 CustomResourceDefinition" -> CustomResourceDefinitionRules.check(root, problems);
      default -> { }
    }
    return List.copyOf(violations);
  }
}
