package io.flinkstack.schemas.apiserver;

import java.util.Map;
import java.util.Set;

/** What the rules need to know about a kind before its own rules run: its name format and its scope. */
final class Kinds {
  /** API groups served by kube-apiserver itself; any other group is a custom resource. */
  private static final Set<String> BUILT_IN_GROUPS = Set.of(
      "", "apps", "batch", "autoscaling", "policy", "extensions", "networking.k8s.io", "rbac.authorization.k8s.io",
      "apiextensions.k8s.io", "apiregistration.k8s.io", "coordination.k8s.io", "admissionregistration.k8s.io",
      "storage.k8s.io", "scheduling.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io",
      "events.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io", "internal.apiserver.k8s.io",
      "authentication.k8s.io", "authorization.k8s.io", "storagemigration.k8s.io");

  /** group/kind → name format, from each kind's Validate function (see {@link NameFormat}). */
  private static final Map<String, NameFormat> NAME_FORMATS = Map.ofEntries(
      Map.entry("/ConfigMap", NameFormat.DNS_SUBDOMAIN),             // core/validation ValidateConfigMap
      Map.entry("/Secret", NameFormat.DNS_SUBDOMAIN),                // ValidateSecret
      Map.entry("/ServiceAccount", NameFormat.DNS_SUBDOMAIN),        // ValidateServiceAccount
      Map.entry("/Service", NameFormat.DNS1035_LABEL),               // ValidateService → ValidateServiceName
      Map.entry("/PersistentVolumeClaim", NameFormat.DNS_SUBDOMAIN), // ValidatePersistentVolumeClaim
      Map.entry("/Pod", NameFormat.DNS_SUBDOMAIN),                   // validatePodMetadataAndSpec
      Map.entry("/Namespace", NameFormat.DNS_LABEL),                 // ValidateNamespace
      Map.entry("apps/Deployment", NameFormat.DNS_SUBDOMAIN),        // apps/validation ValidateDeploymentName
      Map.entry("apps/StatefulSet", NameFormat.DNS_LABEL),           // ValidateStatefulSetName
      Map.entry("apps/DaemonSet", NameFormat.DNS_SUBDOMAIN),
      Map.entry("apps/ReplicaSet", NameFormat.DNS_SUBDOMAIN),
      Map.entry("autoscaling/HorizontalPodAutoscaler", NameFormat.DNS_SUBDOMAIN), // ValidateHorizontalPodAutoscalerName
      Map.entry("networking.k8s.io/NetworkPolicy", NameFormat.DNS_SUBDOMAIN),     // ValidateNetworkPolicyName
      Map.entry("networking.k8s.io/Ingress", NameFormat.DNS_SUBDOMAIN),           // ValidateIngressName
      Map.entry("coordination.k8s.io/Lease", NameFormat.DNS_SUBDOMAIN),
      Map.entry("apiextensions.k8s.io/CustomResourceDefinition", NameFormat.DNS_SUBDOMAIN),
      Map.entry("admissionregistration.k8s.io/MutatingWebhookConfiguration", NameFormat.DNS_SUBDOMAIN),
      Map.entry("admissionregistration.k8s.io/ValidatingWebhookConfiguration", NameFormat.DNS_SUBDOMAIN),
      // admissionregistration/validation ValidateValidatingAdmissionPolicy(Binding): ObjectMeta with NameIsDNSSubdomain
      Map.entry("admissionregistration.k8s.io/ValidatingAdmissionPolicy", NameFormat.DNS_SUBDOMAIN),
      Map.entry("admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", NameFormat.DNS_SUBDOMAIN));

  private static final Set<String> CLUSTER_SCOPED = Set.of(
      "/Namespace", "/Node", "/PersistentVolume", "rbac.authorization.k8s.io/ClusterRole",
      "rbac.authorization.k8s.io/ClusterRoleBinding", "apiextensions.k8s.io/CustomResourceDefinition",
      "admissionregistration.k8s.io/MutatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
      "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding", "networking.k8s.io/IngressClass",
      "storage.k8s.io/StorageClass", "scheduling.k8s.io/PriorityClass");

  private Kinds() {}

  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  static boolean isCustomResource(String group) {
    return !BUILT_IN_GROUPS.contains(group);
  }

  /**
   * Custom resources get NameIsDNSSubdomain (apiextensions-apiserver's customResourceValidator); built-in kinds not
   * in the table get only the generic floor, so the rules never claim more than Kubernetes checks.
   */
  static NameFormat nameFormat(String group, String kind) {
    if (isCustomResource(group)) {
      return NameFormat.DNS_SUBDOMAIN;
    }
    return NAME_FORMATS.getOrDefault(group + "/" + kind, NameFormat.PATH_SEGMENT);
  }

  static boolean isClusterScoped(String group, String kind) {
    return CLUSTER_SCOPED.contains(group + "/" + kind);
  }
}
