package io.flinkstack.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The strict Kubernetes schemas bundled under {@code k8s/v1.32.2-standalone-strict/} on the classpath.
 *
 * <p>The table is written out rather than derived from apiVersion by a naming rule: the files are named after
 * the first label of the group only, so a rule would send {@code apps.example.com/v1 Deployment} to the
 * Kubernetes Deployment schema. A test checks every entry against the file's own group/version/kind.
 *
 * <p>Compiled schemas are shared process-wide: they are immutable, and every validator needs the same ones.
 */
final class KubernetesSchemaCatalog {
  static final String KUBERNETES_VERSION = "1.32.2";
  static final String RESOURCE_FOLDER = "k8s/v" + KUBERNETES_VERSION + "-standalone-strict/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<ApiVersionKind, String> FILES = files(
      "v1", "ConfigMap", "configmap-v1.json",
      "v1", "Namespace", "namespace-v1.json",
      "v1", "PersistentVolumeClaim", "persistentvolumeclaim-v1.json",
      "v1", "Pod", "pod-v1.json",
      "v1", "Secret", "secret-v1.json",
      "v1", "Service", "service-v1.json",
      "v1", "ServiceAccount", "serviceaccount-v1.json",
      "apps/v1", "Deployment", "deployment-apps-v1.json",
      "apps/v1", "StatefulSet", "statefulset-apps-v1.json",
      "batch/v1", "Job", "job-batch-v1.json",
      "autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscaler-autoscaling-v2.json",
      "policy/v1", "PodDisruptionBudget", "poddisruptionbudget-policy-v1.json",
      "rbac.authorization.k8s.io/v1", "Role", "role-rbac-v1.json",
      "rbac.authorization.k8s.io/v1", "RoleBinding", "rolebinding-rbac-v1.json",
      "rbac.authorization.k8s.io/v1", "ClusterRole", "clusterrole-rbac-v1.json",
      "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebinding-rbac-v1.json",
      "networking.k8s.io/v1", "Ingress", "ingress-networking-v1.json",
      "networking.k8s.io/v1", "NetworkPolicy", "networkpolicy-networking-v1.json",
      "coordination.k8s.io/v1", "Lease", "lease-coordination-v1.json",
      "apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinition-apiextensions-v1.json",
      "admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration",
      "mutatingwebhookconfiguration-admissionregistration-v1.json",
      "admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
      "validatingwebhookconfiguration-admissionregistration-v1.json",
      // Composed by hand (the shared folder lacks them); see the README beside the files.
      "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy",
      "validatingadmissionpolicy-admissionregistration-v1.json",
      "admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding",
      "validatingadmissionpolicybinding-admissionregistration-v1.json");

  private static final Map<ApiVersionKind, LazySchema> SCHEMAS = lazySchemas();

  private KubernetesSchemaCatalog() {}

  static Optional<LazySchema> schemaFor(ApiVersionKind type) {
    return Optional.ofNullable(SCHEMAS.get(type));
  }

  /** apiVersion/kind → file name, in the order listed above. */
  static Map<ApiVersionKind, String> files() {
    return FILES;
  }

  /**
   * The strict {@code ObjectMeta} schema (metadata of every Kubernetes object), for custom resources whose
   * CRD schema leaves {@code metadata} as a bare object.
   */
  static JsonNode objectMetaSchema() {
    return ObjectMetaHolder.OBJECT_META;
  }

  static JsonNode readSchemaFile(String fileName) {
    String resource = RESOURCE_FOLDER + fileName;
    try (InputStream in = KubernetesSchemaCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled schema missing from the classpath: " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled schema " + resource, e);
    }
  }

  private static Map<ApiVersionKind, String> files(String... apiVersionKindFileTriples) {
    Map<ApiVersionKind, String> files = new LinkedHashMap<>();
    for (int i = 0; i < apiVersionKindFileTriples.length; i += 3) {
      files.put(
          new ApiVersionKind(apiVersionKindFileTriples[i], apiVersionKindFileTriples[i + 1]),
          apiVersionKindFileTriples[i + 2]);
    }
    return Collections.unmodifiableMap(files);
  }

  private static Map<ApiVersionKind, LazySchema> lazySchemas() {
    Map<ApiVersionKind, LazySchema> schemas = new LinkedHashMap<>();
    FILES.forEach((type, file) ->
        schemas.put(type, new LazySchema(() -> CompiledSchema.compile(readSchemaFile(file)))));
    return Map.copyOf(schemas);
  }

  /** Parsed only when a custom resource first needs it. */
  private static final class ObjectMetaHolder {
    static final JsonNode OBJECT_META =
        readSchemaFile("configmap-v1.json").path("properties").path("metadata").deepCopy();
  }
}
