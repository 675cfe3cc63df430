package io.flinkstack.constructs.validation.reachability;

import java.util.ArrayList;
import java.util.List;

/** Every needed flow evaluated against the policies: what is blocked or uncertain, in the order of the flows. */
public final class ReachabilityCheck {
  private ReachabilityCheck() {}

  public static List<Finding> check(List<Policy> policies, List<NeededFlow> flows) {
    List<Finding> findings = new ArrayList<>();
    for (NeededFlow n : flows) {
      Verdict v = Reachability.evaluate(policies, n.flow());
      if (v.outcome() != Verdict.Outcome.ALLOWED) {
        findings.add(new Finding(n, v));
      }
    }
    return findings;
  }
}
