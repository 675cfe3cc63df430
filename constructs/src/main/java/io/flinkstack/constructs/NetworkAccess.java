package io.flinkstack.constructs;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Who may reach a port of the cluster through its NetworkPolicy. */
public final class NetworkAccess {
  private final Map<String, String> namespaceLabels;
  private final Map<String, String> podLabels;
  private final String cidr;

  private NetworkAccess(Map<String, String> namespaceLabels, Map<String, String> podLabels, String cidr) {
    this.namespaceLabels = namespaceLabels == null ? null : Collections.unmodifiableMap(new TreeMap<>(namespaceLabels));
    this.podLabels = podLabels == null ? null : Collections.unmodifiableMap(new TreeMap<>(podLabels));
    this.cidr = cidr;
  }

  /** Every pod in the cluster's namespace. */
  public static NetworkAccess sameNamespace() {
    return new NetworkAccess(null, Map.of(), null);
  }

  /** Pods with these labels in the cluster's namespace. */
  public static NetworkAccess pods(Map<String, String> podLabels) {
    return new NetworkAccess(null, podLabels, null);
  }

  /** Every pod in namespaces with these labels, e.g. {@code kubernetes.io/metadata.name: ingress-nginx}. */
  public static NetworkAccess namespaces(Map<String, String> namespaceLabels) {
    return new NetworkAccess(namespaceLabels, null, null);
  }

  /** Addresses in this CIDR block, e.g. a load balancer's range. */
  public static NetworkAccess cidr(String cidr) {
    return new NetworkAccess(null, null, cidr);
  }

  /** Null when not a namespace selector. */
  public Map<String, String> getNamespaceLabels() {
    return namespaceLabels;
  }

  /** Null when not a pod selector. */
  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  /** Null when not an IP block. */
  public String getCidr() {
    return cidr;
  }
}
