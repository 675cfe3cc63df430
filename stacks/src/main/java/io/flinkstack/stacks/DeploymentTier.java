package io.flinkstack.stacks;

import java.util.Set;

/**
 * The order in which objects are created: each tier waits for the one before it. Pods then start with
 * their ServiceAccount, ConfigMaps and Services in place, and an HPA only appears once its target exists.
 */
enum DeploymentTier {
  /** Namespaces and cluster-wide definitions the rest is created in or from. */
  NAMESPACES(Set.of("Namespace", "CustomResourceDefinition", "PriorityClass", "StorageClass")),
  /** Identity, permissions, configuration, storage claims and networking that workloads use. */
  FOUNDATION(Set.of("ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
      "Secret", "PersistentVolume", "PersistentVolumeClaim", "Service", "NetworkPolicy", "Lease",
      "PodDisruptionBudget", "ResourceQuota", "LimitRange")),
  /** Everything not named elsewhere: StatefulSets, Deployments, Ingresses, custom resources. */
  WORKLOADS(Set.of()),
  /** Scalers of the workloads. */
  SCALERS(Set.of("HorizontalPodAutoscaler"));

  private final Set<String> kinds;

  DeploymentTier(Set<String> kinds) {
    this.kinds = kinds;
  }

  static DeploymentTier of(KubernetesObject object) {
    for (DeploymentTier tier : values()) {
      if (tier.kinds.contains(object.kind())) {
        return tier;
      }
    }
    return WORKLOADS;
  }
}
