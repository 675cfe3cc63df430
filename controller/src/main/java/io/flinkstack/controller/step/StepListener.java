package io.flinkstack.controller.step;

import io.flinkstack.controller.declaration.DeclarationIdentity;

/**
 * Told about every step boundary of every {@link StepMachine}, right when it is reached: a
 * {@code TransitionStep} or {@code RescaleStep} (as written to the status), a {@code SavepointStep}, or an
 * {@link Unrecorded} boundary (Flink was asked, the status does not say so yet). Step types differ per
 * machine, so the value alone says whose step it is. Anything it throws ends the reconcile pass right there:
 * tests "kill" the controller at a step this way and check what the next controller does.
 */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (step, declaration) -> {};

  void reached(Enum<?> step, DeclarationIdentity declaration);
}
