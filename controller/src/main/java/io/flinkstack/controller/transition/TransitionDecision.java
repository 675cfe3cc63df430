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
   * @param lostJobId a session job's restart or upgrade that replaces a job its JobManager lost ({@code jobState}
   *     {@link io.flinkstack.controller.observation.JobObservation#LOST}): nothing to stop, the new job is submitted
   *     from {@code restorePath}; null for every other start
   * @param restorePath what such a replacement restores: the lost job's latest retained checkpoint, found in its
   *     checkpoint directory before the start is recorded; null: without state (upgrade mode {@code stateless})
   */
  record Start(TransitionKind kind, String reason, boolean fromLatestState, String lostJobId, String restorePath)
      implements TransitionDecision {
    public Start(TransitionKind kind, String reason) {
      this(kind, reason, false);
    }

    public Start(TransitionKind kind, String reason, boolean fromLatestState) {
      this(kind, reason, fromLatestState, null, null);
    }

    /** This start, replacing lost job {@code lostJobId} from {@code restorePath}, with {@code reason}. */
    public Start restoring(String path, String why) {
      return new Start(kind, why, fromLatestState, lostJobId, path);
    }
  }

  /** Carry on with the one in the status. */
  record Continue(Transition transition) implements TransitionDecision {}
}
