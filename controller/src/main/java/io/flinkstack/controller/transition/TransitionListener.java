package io.flinkstack.controller.transition;

import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.DeclarationIdentity;

/**
 * Told right after each {@link TransitionStep} is written to the status, and once more (with {@code null})
 * right after Flink was asked to stop the job but before the status says so. Anything it throws ends the
 * reconcile pass right there: tests "kill" the controller at each step this way.
 */
@FunctionalInterface
public interface TransitionListener {
  TransitionListener NONE = (step, declaration) -> {};

  /** @param step the step just recorded; null for "stop-with-savepoint asked, not yet recorded" */
  void reached(TransitionStep step, DeclarationIdentity declaration);
}
