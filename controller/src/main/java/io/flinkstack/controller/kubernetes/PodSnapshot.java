package io.flinkstack.controller.kubernetes;

import java.util.Map;

/**
 * A pod in brief: which StatefulSet revision it was made from and whether it is going away.
 *
 * @param revision its {@code controller-revision-hash} label (null when it has none)
 * @param terminating a deletion was requested
 * @param containersReady its containers are ready (its {@code ContainersReady} condition), whatever its readiness gates
 * @param gated it declares the readiness gate {@link io.flinkstack.contract.UpgradeGate#VERIFIED_CONDITION}
 * @param verified that condition is True
 * @param uid its {@code metadata.uid}: a pod recreated under the same name has another (null when not known)
 */
public record PodSnapshot(String namespace, String name, Map<String, String> labels, String revision, String phase,
    boolean ready, boolean terminating, boolean containersReady, boolean gated, boolean verified, String uid) {

  /** A pod whose uid is not known. */
  public PodSnapshot(String namespace, String name, Map<String, String> labels, String revision, String phase,
      boolean ready, boolean terminating, boolean containersReady, boolean gated, boolean verified) {
    this(namespace, name, labels, revision, phase, ready, terminating, containersReady, gated, verified, null);
  }

  /** A pod without readiness gates: its containers are ready exactly when it is. */
  public PodSnapshot(String namespace, String name, Map<String, String> labels, String revision, String phase,
      boolean ready, boolean terminating) {
    this(namespace, name, labels, revision, phase, ready, terminating, ready, false, false);
  }

  /** A gated pod that waits for the controller to set its condition. */
  public boolean awaitsVerification() {
    return gated && !verified && !terminating;
  }

  /** The label the StatefulSet controller puts on each pod: the revision of the template it was made from. */
  public static final String REVISION_LABEL = "controller-revision-hash";

  public PodSnapshot {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
