package io.flinkstack.constructs.validation.reachability;

/**
 * A needed flow that is not plainly allowed: blocked (a validation problem) or depending on what the manifests
 * cannot tell (a warning).
 */
public record Finding(NeededFlow needed, Verdict verdict) {
  public boolean blocked() {
    return verdict.outcome() == Verdict.Outcome.BLOCKED;
  }

  /** One line for a problem or warning: the flow, why, and the fix when blocked. */
  public String message() {
    Flow f = needed.flow();
    return blocked()
        ? String.format("%s is blocked: %s; %s", f.describe(), verdict.reason(), needed.fix())
        : String.format("%s depends on what the manifests do not show: %s", f.describe(), verdict.reason());
  }
}
