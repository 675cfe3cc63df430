package io.flinkstack.constructs;

import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;
import java.util.Map;

/** Who may reach a port of the cluster through its NetworkPolicy. */
@Props(name = "NetworkAccess", builder = false)
final class NetworkAccessDeclaration {
  /** Null when not a namespace selector. */
  @Prop(sorted = true, keepNull = true)
  Map<String, String> namespaceLabels;

  /** Null when not a pod selector. */
  @Prop(sorted = true, keepNull = true)
  Map<String, String> podLabels;

  /** Null when not an IP block. */
  String cidr;

  /** Every pod in the cluster's namespace. */
  static NetworkAccess sameNamespace() {
    return new NetworkAccess(null, Map.of(), null);
  }

  /** Pods with these labels in the cluster's namespace. */
  static NetworkAccess pods(Map<String, String> podLabels) {
    return new NetworkAccess(null, podLabels, null);
  }

  /** Every pod in namespaces with these labels, e.g. {@code kubernetes.io/metadata.name: ingress-nginx}. */
  static NetworkAccess namespaces(Map<String, String> namespaceLabels) {
    return new NetworkAccess(namespaceLabels, null, null);
  }

  /** Addresses in this CIDR block, e.g. a load balancer's range. */
  static NetworkAccess cidr(String cidr) {
    return new NetworkAccess(null, null, cidr);
  }
}
