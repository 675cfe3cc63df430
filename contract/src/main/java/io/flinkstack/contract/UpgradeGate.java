package io.flinkstack.contract;

/**
 * The upgrade gate of a flinkstack Flink cluster: the {@code spec.updateStrategy.rollingUpdate.partition} of both
 * StatefulSets (type {@code RollingUpdate}). The manifests declare it {@link #CLOSED}; the runtime controller
 * patches it to {@link #OPEN} after the transition's savepoint and restore ConfigMap are written, and back to
 * {@link #CLOSED} once the upgrade is complete (controller/README.md, "Who writes StatefulSets, and the upgrade
 * gate").
 *
 * <p>A pod created for ordinal {@code i} gets the StatefulSet's current revision exactly when {@code i <
 * partition} ({@code newVersionedStatefulSetPod}), and the rolling update only replaces ordinals {@code >=
 * partition} ({@code updateStatefulSet}). So with the partition at int32's maximum no pod ever gets a newly
 * applied template, whatever the replica count (an HPA maximum included), and with 0 every pod may.
 */
public final class UpgradeGate {
  /** Partition that keeps every pod, recreated or scaled up, at the current revision: int32's maximum. */
  public static final int CLOSED = Integer.MAX_VALUE;

  /** Partition that lets the StatefulSet controller create every pod from the update revision. */
  public static final int OPEN = 0;

  private UpgradeGate() {}
}
