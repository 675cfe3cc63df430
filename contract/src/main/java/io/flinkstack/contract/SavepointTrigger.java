package io.flinkstack.contract;

/** Why a savepoint was taken. */
public enum SavepointTrigger {
  /** {@code savepointInterval} elapsed. */
  PERIODIC,
  /** {@code savepointTriggerNonce} changed. */
  NONCE,
  /** Before an upgrade. */
  UPGRADE,
  /** Before suspending the job. */
  SUSPEND,
  /** Before a scale-down ({@code savepointBeforeScaleDown}), so the rescaled job replays little. */
  RESCALE
}
