package io.flinkstack.controller.reconcile;

import io.flinkstack.contract.RuntimeStatus;
import java.time.Duration;

/**
 * What one pass over one declaration came to.
 *
 * @param declaration {@code namespace/name} of the FlinkJob
 * @param status the status as stored after the pass; null when there is none (invalid declaration)
 * @param detail a line for logs
 * @param lookAgainAfter how soon this declaration wants another pass (something it started runs elsewhere);
 *     null when the loop's regular period will do
 */
public record ReconcileResult(String declaration, Outcome outcome, RuntimeStatus status, String detail, Duration lookAgainAfter) {

  public ReconcileResult(String declaration, Outcome outcome, RuntimeStatus status, String detail) {
    this(declaration, outcome, status, detail, null);
  }

  public enum Outcome {
    /** Observed and acted as needed. */
    RECONCILED,
    /** The JobManager's state is unknown: recorded that, changed nothing. */
    OBSERVED_ONLY,
    /** The declaration cannot be read; reported, nothing done. */
    INVALID,
    /** Another writer changed the status meanwhile: this pass stopped without acting on what it read. */
    CONFLICT,
    /** The FlinkJob no longer exists: nothing done. */
    GONE
  }
}
