package io.flinkstack.constructs.validation.reachability;

import java.util.Map;
import java.util.TreeMap;

/**
 * The labels of a pod or namespace as far as the manifests tell them. A pod template's labels are complete; a
 * namespace is known only by the {@code kubernetes.io/metadata.name} label the API server gives it, and a peer that
 * flinkstack does not deploy (an Ingress controller, Prometheus) only by the labels it is assumed to carry.
 */
public record KnownLabels(Map<String, String> labels, boolean complete) {
  /** Set by the API server on every namespace (Kubernetes 1.22+), to its name. */
  public static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  public KnownLabels {
    labels = Map.copyOf(new TreeMap<>(labels));
  }

  /** Exactly these labels (a pod template's). */
  public static KnownLabels exactly(Map<String, String> labels) {
    return new KnownLabels(labels, true);
  }

  /** At least these labels; others may exist. */
  public static KnownLabels atLeast(Map<String, String> labels) {
    return new KnownLabels(labels, false);
  }

  /** A namespace's labels: only its name is known; null for a chart's own namespace, whose name is not known. */
  static KnownLabels namespace(String name) {
    return atLeast(name == null ? Map.of() : Map.of(NAMESPACE_NAME, name));
  }

  /** The value of {@code key}: present, absent, or unknown. */
  Tri has(String key) {
    return labels.containsKey(key) ? Tri.YES : complete ? Tri.NO : Tri.UNKNOWN;
  }

  String get(String key) {
    return labels.get(key);
  }
}
