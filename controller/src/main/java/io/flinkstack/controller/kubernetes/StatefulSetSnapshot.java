package io.flinkstack.controller.kubernetes;

/**
 * A StatefulSet in brief: what an upgrade needs to see (which pods still run an old revision, whether the set
 * is ready, and whether its upgrade gate is open).
 *
 * @param replicas desired replicas (null when an autoscaler owns them)
 * @param updateStrategy {@code RollingUpdate} or {@code OnDelete}
 * @param currentRevision the revision the existing pods were created from
 * @param updateRevision the revision new pods get
 * @param partition {@code spec.updateStrategy.rollingUpdate.partition} (null when not set): pods with a lower
 *     ordinal are created from the current revision (the upgrade gate, {@code UpgradeGate})
 */
public record StatefulSetSnapshot(
    String namespace,
    String name,
    Integer replicas,
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

  public boolean isRollingUpdate() {
    return "RollingUpdate".equals(updateStrategy);
  }

  /** Whether the StatefulSet controller has acted on the current spec (a changed partition included). */
  public boolean observed() {
    return observedGeneration >= generation;
  }
}
