package io.flinkstack.constructs.validation.reachability;

import java.util.Map;

/**
 * One end of a flow: pods (a namespace, their labels and named container ports) or clients outside the cluster,
 * whose addresses — as the pods see them — the manifests cannot tell.
 *
 * @param namespace null for the chart's own namespace (a chart without one is applied to kubectl's current namespace)
 * @param labels the pods' labels; ignored for external clients
 * @param ports the pods' named container ports (NetworkPolicy ports may name them); empty when unknown
 * @param external clients outside the cluster (NodePort, load balancer)
 * @param description for messages, e.g. "the TaskManagers"
 */
public record Endpoint(String namespace, KnownLabels labels, Map<String, Integer> ports, boolean external,
    String description) {
  public Endpoint {
    ports = Map.copyOf(ports);
  }

  public static Endpoint pods(String namespace, KnownLabels labels, Map<String, Integer> ports, String description) {
    return new Endpoint(namespace, labels, ports, false, description);
  }

  /**
   * Pods of a namespace the manifests do not name (an Ingress controller found only through its Ingress): whether a
   * rule admits them is unknown unless it admits every namespace.
   */
  public static Endpoint podsElsewhere(String description) {
    return new Endpoint(UNKNOWN_NAMESPACE, KnownLabels.atLeast(Map.of()), Map.of(), false, description);
  }

  /** Marks a namespace the manifests do not tell; never a valid namespace name (DNS-1123 labels have no '?'). */
  static final String UNKNOWN_NAMESPACE = "?";

  boolean namespaceUnknown() {
    return UNKNOWN_NAMESPACE.equals(namespace);
  }

  public static Endpoint external(String description) {
    return new Endpoint(null, KnownLabels.atLeast(Map.of()), Map.of(), true, description);
  }

  String namespaceText() {
    return namespace == null ? "the chart's namespace" : namespaceUnknown() ? "their namespace" : "namespace " + namespace;
  }
}
