package io.flinkstack.constructs;

/** How a job's state survives an upgrade (the Apache operator's modes). */
public enum UpgradeMode {
  /** Start from scratch: no state is carried over. */
  STATELESS,
  /** Stop with a savepoint and restore from it: the safest. */
  SAVEPOINT,
  /** Restore from the latest checkpoint (via HA metadata): faster, needs HA. */
  LAST_STATE
}
