package io.flinkstack.constructs.validation.reachability;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a flow against NetworkPolicies the way Kubernetes defines them (see the package documentation): the
 * destination's ingress side, then the source's egress side; both must let it through.
 */
public final class Reachability {
  private Reachability() {}

  public static Verdict evaluate(List<Policy> policies, Flow flow) {
    Verdict in = side(policies, flow, true);
    if (in.outcome() == Verdict.Outcome.BLOCKED || flow.source().external()) {
      return in;
    }
    Verdict out = side(policies, flow, false);
    if (out.outcome() == Verdict.Outcome.BLOCKED) {
      return out;
    }
    return in.outcome() == Verdict.Outcome.DEPENDS ? in : out;
  }

  /** One side: the policies that isolate the pods at that end, and whether any rule of theirs admits the flow. */
  private static Verdict side(List<Policy> policies, Flow flow, boolean ingress) {
    Endpoint subject = ingress ? flow.destination() : flow.source();
    Endpoint peer = ingress ? flow.source() : flow.destination();
    String direction = ingress ? "ingress" : "egress";
    List<String> isolating = new ArrayList<>();
    java.util.Set<String> unsure = new java.util.LinkedHashSet<>();
    for (Policy policy : policies) {
      Tri selects = policy.selects(subject, ingress);
      if (selects == Tri.NO) {
        continue;
      }
      isolating.add(policy.name());
      for (PolicyRule rule : ingress ? policy.ingressRules() : policy.egressRules()) {
        if (!rule.admitsPort(flow.port(), flow.destination())) {
          continue;
        }
        Tri admits = rule.admitsPeer(peer, policy.namespace());
        if (admits == Tri.YES && selects == Tri.YES) {
          return Verdict.allowed("NetworkPolicy " + policy.name() + " admits it");
        }
        if (admits != Tri.NO) {
          unsure.add(policy.name());
        }
      }
    }
    if (isolating.isEmpty()) {
      return Verdict.allowed("no NetworkPolicy isolates " + subject.description() + " for " + direction);
    }
    if (!unsure.isEmpty()) {
      String why = peer.external()
          ? "admits them only by address (ipBlock), and the address NodePort or load-balancer traffic arrives from"
              + " depends on the CNI and on source NAT (externalTrafficPolicy)"
          : "admits them only by an ipBlock or by labels the manifests do not show (other labels of "
              + peer.namespaceText() + " or of the peer's pods)";
      return Verdict.depends("NetworkPolicy " + String.join(", ", unsure) + " " + why);
    }
    return Verdict.blocked(String.format("NetworkPolicy %s isolates %s for %s and no rule admits %s on %s",
        String.join(", ", isolating), subject.description(), direction, peer.description(),
        flow.port() == null ? "any port" : "port " + flow.port()));
  }
}
