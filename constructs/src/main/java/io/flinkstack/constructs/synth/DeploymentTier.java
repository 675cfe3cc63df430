package io.flinkstack.constructs.synth;

import java.util.Set;

/**
 * The order in which a tool that creates objects one by one (Pulumi) creates them: each tier waits for the one
 * before it. Pods then start with their ServiceAccount, ConfigMaps and Services in place, and an HPA only appears
 * once its target exists. {@code kubectl apply} of a synthesized file needs no tiers: it takes the file's order.
 */
public enum DeploymentTier {
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

  /** The tier of an object of this kind. */
  public static DeploymentTier of(String kind) {
    for (DeploymentTier tier : values()) {
      if (tier.kinds.contains(kind)) {
        return tier;
      }
    }
    return WORKLOADS;
  }
}
