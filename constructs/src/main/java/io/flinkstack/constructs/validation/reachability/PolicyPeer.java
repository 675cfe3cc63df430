package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A {@code NetworkPolicyPeer}: pods by podSelector (in the policy's namespace) and/or namespaceSelector, or an
 * ipBlock. A selector left out is null; an empty one selects everything.
 */
record PolicyPeer(Selector podSelector, Selector namespaceSelector, String cidr) {
  static PolicyPeer parse(JsonNode node) {
    JsonNode ip = node.path("ipBlock");
    return new PolicyPeer(Selector.parse(node.get("podSelector")), Selector.parse(node.get("namespaceSelector")),
        ip.isMissingNode() ? null : ip.path("cidr").asText());
  }

  /**
   * Whether this peer is {@code other}, seen from a policy in {@code policyNamespace}. An ipBlock matches addresses,
   * not pods: whether the addresses the pods see are in it depends on the CNI (and, for NodePort and load-balancer
   * clients, on source NAT), so the answer is UNKNOWN, never YES.
   */
  Tri matches(Endpoint other, String policyNamespace) {
    if (cidr != null) {
      return Tri.UNKNOWN;
    }
    if (other.external()) {
      return Tri.NO;
    }
    Tri namespace;
    if (other.namespaceUnknown()) {
      // Any namespace, the policy's own included: only a selector that admits every namespace is sure.
      namespace = namespaceSelector == null ? Tri.UNKNOWN : namespaceSelector.matches(KnownLabels.atLeast(Map.of()));
    } else {
      namespace = namespaceSelector == null
          ? Tri.of(java.util.Objects.equals(policyNamespace, other.namespace()))
          : namespaceSelector.matches(KnownLabels.namespace(other.namespace()));
    }
    Tri pods = podSelector == null ? Tri.YES : podSelector.matches(other.labels());
    return namespace.and(pods);
  }
}
