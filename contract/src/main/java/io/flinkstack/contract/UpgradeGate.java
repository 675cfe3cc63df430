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

  /**
   * The pod readiness gate ({@code spec.readinessGates}) of a gated cluster's pods. The kubelet reports a pod Ready
   * only when its containers are ready <em>and</em> this condition is True (Kubernetes "Pod readiness gate", KEP-580;
   * pkg/kubelet/status/generate.go, {@code GeneratePodReadyCondition}), and the StatefulSet controller makes the update
   * revision current only when every pod is updated and Ready ({@code completeRollingUpdate},
   * pkg/controller/statefulset/stateful_set_utils.go). The runtime controller sets it True on every pod, except on
   * an upgrade's new pods until their job runs with all its tasks: so a set's current revision stays the last one
   * whose job ran, and an upgrade whose job never runs can be rolled back to it.
   */
  public static final String VERIFIED_CONDITION = "flinkstack.io/revision-verified";

  private UpgradeGate() {}
}
