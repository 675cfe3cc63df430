package io.flinkstack.controller.kubernetes;

/**
 * A StatefulSet in brief: what an upgrade needs to see (which pods still run an old revision, whether the set
 * is ready, and whether its upgrade gate is open).
 *
 * @param replicas desired replicas; absent in what was read (only the mock API server stores that), 1, as the API
 *     server's defaulting would have made it ({@code SetDefaults_StatefulSet}, pkg/apis/apps/v1/defaults.go)
 * @param replicasOwner who else sets the replicas ({@link io.flinkstack.contract.ReplicasOwner}: an HPA, as
 *     {@code Kind/name}), null when only the manifests and the controller do
 * @param updateStrategy {@code RollingUpdate} or {@code OnDelete}
 * @param currentRevision the revision the existing pods were created from
 * @param updateRevision the revision new pods get
 * @param partition {@code spec.updateStrategy.rollingUpdate.partition} (null when not set): pods with a lower
 *     ordinal are created from the current revision (the upgrade gate, {@code UpgradeGate})
 */
public record StatefulSetSnapshot(
    String namespace,
    String name,
    int replicas,
    String replicasOwner,
    int readyReplicas,
    int updatedReplicas,
    String updateStrategy,
    String currentRevision,
    String updateRevision,
    long generation,
    long observedGeneration,
    Integer partition) {

  /**
   * Whether applied manifests wait for the controller: {@code OnDelete}, or {@code RollingUpdate} with a
   * partition above zero (pods below it come back at the current revision).
   */
  public boolean gated() {
    return "OnDelete".equals(updateStrategy) || (isRollingUpdate() && partition != null && partition > 0);
  }

  /** Whether an HPA sets the replicas: the controller then leaves the count alone, other than to suspend and resume. */
  public boolean autoscaled() {
    return replicasOwner != null;
  }

  public boolean isRollingUpdate() {
    return "RollingUpdate".equals(updateStrategy);
  }

  /** Whether the StatefulSet controller has acted on the current spec (a changed partition included). */
  public boolean observed() {
    return observedGeneration >= generation;
  }
}
