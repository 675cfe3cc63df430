package io.flinkstack.controller.rescale;

import io.flinkstack.contract.Rescale;

/** What {@link RescaleDecider} wants done in this pass. */
public sealed interface RescaleDecision {
  /** Nothing to do (or nothing may be done now); {@code reason} says which. */
  record None(String reason) implements RescaleDecision {}

  /** Start one: record it, then ask Flink (after a savepoint if {@code savepointFirst}). */
  record Start(int from, int to, String method, boolean savepointFirst, String reason) implements RescaleDecision {}

  /** Ask Flink for the recorded one (again: the request is idempotent). */
  record Request(Rescale rescale) implements RescaleDecision {}

  /** Requested; the job is not at the target yet. */
  record Wait(Rescale rescale, String reason) implements RescaleDecision {}

  /** Slots went away while in flight: go on towards a lower target instead of waiting for them. */
  record Retarget(Rescale rescale, int to, String reason) implements RescaleDecision {}

  /** The job runs with all its tasks at {@code parallelism}. */
  record Done(Rescale rescale, int parallelism) implements RescaleDecision {}

  /** The restart that should have rescaled the job failed; the job runs on as it was. */
  record Failed(Rescale rescale, String reason) implements RescaleDecision {}

  /** Rescaling is declared but this cluster cannot do it (an application without the adaptive scheduler). */
  record Unsupported(String reason) implements RescaleDecision {}
}
