package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An ingress or egress rule. Empty (or left out) peers match every peer; empty (or left out) ports, every port. */
record PolicyRule(List<PolicyPort> ports, List<PolicyPeer> peers) {
  PolicyRule {
    ports = List.copyOf(ports);
    peers = List.copyOf(peers);
  }

  static PolicyRule parse(JsonNode node, String peersField) {
    List<PolicyPort> ports = new ArrayList<>();
    node.path("ports").forEach(p -> ports.add(PolicyPort.parse(p)));
    List<PolicyPeer> peers = new ArrayList<>();
    node.path(peersField).forEach(p -> peers.add(PolicyPeer.parse(p)));
    return new PolicyRule(ports, peers);
  }

  boolean admitsPort(Integer port, Endpoint destination) {
    return ports.isEmpty() || ports.stream().anyMatch(p -> p.admits(port, destination));
  }

  /** Whether the rule's peers include {@code other}, as seen from a policy in {@code policyNamespace}. */
  Tri admitsPeer(Endpoint other, String policyNamespace) {
    Tri result = peers.isEmpty() ? Tri.YES : Tri.NO;
    for (PolicyPeer peer : peers) {
      result = result.or(peer.matches(other, policyNamespace));
    }
    return result;
  }
}
