package io.flinkstack.contract;

/**
 * Who sets a StatefulSet's {@code spec.replicas} when it is not the manifests. The constructs mark a TaskManager
 * StatefulSet that an HPA scales, and the runtime controller reads the mark: on a real API server the field is never
 * absent (its defaulting, {@code SetDefaults_StatefulSet} in pkg/apis/apps/v1/defaults.go, writes 1 when a manifest
 * leaves it out, and the HPA writes its own count through {@code /scale}), so a missing field cannot tell the
 * controller that an HPA owns the count.
 */
public final class ReplicasOwner {
  /** Annotation on the StatefulSet; the value names the owner as {@code Kind/name}. */
  public static final String ANNOTATION = "flinkstack.io/replicas-owner";

  private ReplicasOwner() {}

  /** The annotation's value for the HPA named {@code name}. */
  public static String horizontalPodAutoscaler(String name) {
    return "HorizontalPodAutoscaler/" + name;
  }
}
