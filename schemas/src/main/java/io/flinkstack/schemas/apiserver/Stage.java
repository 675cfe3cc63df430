package io.flinkstack.schemas.apiserver;

/**
 * When Kubernetes acts on a broken rule. Most rules are the API server's validation of the object itself; some are
 * enforced only when a controller creates the objects the manifest describes, or when the kubelet runs the pod, and
 * then the manifest applies cleanly but nothing runs.
 */
enum Stage {
  /** The API server's validation rejects the object on create (kubectl apply fails). */
  API_SERVER("rejected by the API server"),
  /** The StatefulSet is accepted, but the controller's create of each pod is rejected, so no pod ever starts. */
  STATEFULSET_POD("rejected when the StatefulSet controller creates the pods"),
  /** The StatefulSet is accepted, but the controller's create of each PersistentVolumeClaim is rejected. */
  STATEFULSET_CLAIM("rejected when the StatefulSet controller creates the PersistentVolumeClaims"),
  /** The API server would accept the value with Kubernetes' default cluster configuration but not otherwise. */
  ALLOCATOR("rejected by the API server with its default --service-node-port-range"),
  /** The pod is created and scheduled, and then the kubelet fails the probe or hook on every attempt. */
  KUBELET("accepted, but the kubelet fails it at run time");

  private final String description;

  Stage(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }
}
