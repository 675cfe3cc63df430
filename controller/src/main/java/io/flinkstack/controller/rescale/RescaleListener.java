package io.flinkstack.controller.rescale;

import io.flinkstack.contract.RescaleStep;
import io.flinkstack.controller.declaration.DeclarationIdentity;

/**
 * Told right after each {@link RescaleStep} is written to the status, and once more (with {@code null}) right
 * after Flink accepted new resource requirements but before the status says so. Anything it throws ends the
 * reconcile pass right there: tests "kill" the controller mid-rescale this way.
 */
@FunctionalInterface
public interface RescaleListener {
  RescaleListener NONE = (step, declaration) -> {};

  void reached(RescaleStep step, DeclarationIdentity declaration);
}
