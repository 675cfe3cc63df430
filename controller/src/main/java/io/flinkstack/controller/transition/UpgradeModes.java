package io.flinkstack.controller.transition;

import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.declaration.Declaration;

/** The upgrade mode a declaration asks for. */
final class UpgradeModes {
  private UpgradeModes() {}

  /** The declared mode; {@link UpgradeMode#SAVEPOINT} when none is declared (the safe one). */
  static UpgradeMode of(Declaration declaration) {
    UpgradeMode mode = declaration.job().upgradeMode();
    return mode == null ? UpgradeMode.SAVEPOINT : mode;
  }
}
