package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flinkstack.contract.Labels;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The labels and metadata every object of a cluster carries. */
final class ClusterLabels {
  private ClusterLabels() {}

  /** Metadata with the recommended labels; {@code component} may be null for cluster-wide objects. */
  static ObjectMeta meta(ClusterSpec spec, String name, String component) {
    return new ObjectMetaBuilder().withName(name).withLabels(labels(spec, component)).build();
  }

  static SortedMap<String, String> labels(ClusterSpec spec, String component) {
    SortedMap<String, String> labels = selector(spec, component);
    labels.put(Labels.VERSION, spec.flinkVersion().toString());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK);
    return labels;
  }

  /** Stable labels only: a StatefulSet's selector can never change once applied. Null component: every pod. */
  static SortedMap<String, String> selector(ClusterSpec spec, String component) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(Labels.NAME, Labels.NAME_FLINK);
    labels.put(Labels.INSTANCE, spec.name());
    if (component != null) {
      labels.put(Labels.COMPONENT, component);
    }
    return labels;
  }

  static Map<String, String> copy(Map<String, String> m) {
    return new TreeMap<>(m);
  }
}
