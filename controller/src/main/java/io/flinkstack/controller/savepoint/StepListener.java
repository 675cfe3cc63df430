package io.flinkstack.controller.savepoint;

import io.flinkstack.controller.declaration.DeclarationIdentity;

/** Told about every {@link SavepointStep} reached. Anything it throws ends the reconcile pass right there. */
@FunctionalInterface
public interface StepListener {
  StepListener NONE = (step, declaration) -> {};

  void reached(SavepointStep step, DeclarationIdentity declaration);
}
