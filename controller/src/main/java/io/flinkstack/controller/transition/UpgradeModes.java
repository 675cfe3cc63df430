package io.flinkstack.controller.transition;

import io.flinkstack.controller.declaration.Declaration;
import java.util.Locale;

/** The declaration's {@code upgradeMode} values (as the constructs write them). */
final class UpgradeModes {
  static final String SAVEPOINT = "savepoint";
  static final String LAST_STATE = "last-state";
  static final String STATELESS = "stateless";

  private UpgradeModes() {}

  /** The declared mode; {@code savepoint} when none is declared (the safe one). */
  static String of(Declaration declaration) {
    String mode = declaration.job().upgradeMode();
    return mode == null || mode.isBlank() ? SAVEPOINT : mode.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
