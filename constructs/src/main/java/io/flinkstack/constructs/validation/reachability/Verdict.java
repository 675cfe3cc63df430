package io.flinkstack.constructs.validation.reachability;

/** What the policies do to a flow, and why. */
public record Verdict(Outcome outcome, String reason) {
  public enum Outcome {
    /** Admitted by the policies, whatever the cluster around them. */
    ALLOWED,
    /** Dropped wherever the CNI enforces NetworkPolicies. */
    BLOCKED,
    /** Admitted or not depending on what the manifests cannot tell (the CNI, other labels of a namespace). */
    DEPENDS
  }

  static Verdict allowed(String reason) {
    return new Verdict(Outcome.ALLOWED, reason);
  }

  static Verdict blocked(String reason) {
    return new Verdict(Outcome.BLOCKED, reason);
  }

  static Verdict depends(String reason) {
    return new Verdict(Outcome.DEPENDS, reason);
  }
}
