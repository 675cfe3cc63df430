package io.flinkstack.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * How a job's state survives an upgrade (the Apache operator's modes). The constructs declare it, the runtime
 * controller acts on it; declarations and status carry {@link #toString()} ({@code savepoint}, {@code last-state},
 * {@code stateless}), the spelling of the Apache operator's {@code upgradeMode}.
 */
public enum UpgradeMode {
  /** Start from scratch: no state is carried over. */
  STATELESS,
  /** Stop with a savepoint and restore from it: the safest. */
  SAVEPOINT,
  /** Restore from the latest checkpoint (via HA metadata): faster, needs HA. */
  LAST_STATE;

  /** The wire spelling: {@code stateless}, {@code savepoint}, {@code last-state}. */
  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The mode a wire spelling names; empty for anything else. */
  public static Optional<UpgradeMode> parse(String text) {
    for (UpgradeMode mode : values()) {
      if (mode.toString().equals(text)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
