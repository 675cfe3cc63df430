package io.flinkstack.controller.transition;

import java.time.Instant;

/**
 * How a session job's upgrade stands against its readiness timeout ({@link SessionJobDecider#readiness}): its new job
 * must run with all its tasks within {@code spec.readinessTimeout} of the old job's stop, or it is rolled back to the
 * job the controller submitted before ({@code submittedJob} in the status), from the upgrade's savepoint.
 */
public sealed interface SessionReadiness {
  /** Nothing to time: no upgrade waits for its new job (or that job runs). */
  record NotTimed() implements SessionReadiness {}

  /** The new job does not run yet; it is overdue at {@code deadline}. */
  record Waiting(Instant deadline) implements SessionReadiness {}

  /**
   * Overdue (or the new job FAILED, which it does not come back from), and there is a job to roll back to.
   *
   * @param reason what was seen: for the status, the Event and the rollback's record
   */
  record RollBack(String reason) implements SessionReadiness {}

  /**
   * Overdue (or FAILED), and not rolled back: the upgrade keeps waiting, stalled.
   *
   * @param reason what was seen
   * @param notRolledBack why there is no rollback (rollback off, or no earlier submission recorded)
   * @param failed the new job FAILED (it is then ended as before, FAILED, rather than waited for)
   */
  record Stalled(String reason, String notRolledBack, boolean failed) implements SessionReadiness {}
}
