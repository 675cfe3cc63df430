package io.flinkstack.controller.kubernetes;

import java.util.Map;

/**
 * A pod in brief: which StatefulSet revision it was made from and whether it is going away.
 *
 * @param revision its {@code controller-revision-hash} label (null when it has none)
 * @param terminating a deletion was requested
 */
public record PodSnapshot(String namespace, String name, Map<String, String> labels, String revision, String phase,
    boolean ready, boolean terminating) {
  /** The label the StatefulSet controller puts on each pod: the revision of the template it was made from. */
  public static final String REVISION_LABEL = "controller-revision-hash";

  public PodSnapshot {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
