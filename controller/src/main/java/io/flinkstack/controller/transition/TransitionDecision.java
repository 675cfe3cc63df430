package io.flinkstack.controller.transition;

import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;

/** What {@link TransitionDecider} wants done about upgrades, suspends and resumes in this pass. */
public sealed interface TransitionDecision {
  /** Nothing to change (or nothing may be changed now); {@code reason} says which. */
  record None(String reason) implements TransitionDecision {}

  /** A change is due but must wait (job not running, a savepoint in flight, backing off). */
  record Wait(TransitionKind kind, String reason) implements TransitionDecision {}

  /**
   * Start one.
   *
   * @param fromLatestState the job cannot take a savepoint (it is restarting, failed or cancelled): it is stopped
   *     without one and the new job restores its latest completed checkpoint or savepoint (see {@link
   *     JobTransitions}), whatever the declared upgrade mode
   */
  record Start(TransitionKind kind, String reason, boolean fromLatestState) implements TransitionDecision {
    public Start(TransitionKind kind, String reason) {
      this(kind, reason, false);
    }
  }

  /** Carry on with the one in the status. */
  record Continue(Transition transition) implements TransitionDecision {}
}
