package io.flinkstack.controller.flink;

/**
 * Who owns the snapshot a job is restored from (Flink's {@code restoreMode}, called claim mode from 1.20).
 * NO_CLAIM: Flink copies what it needs and never deletes the snapshot, the safe default for a controller
 * that may restore from it again. CLAIM: Flink takes ownership and may delete it.
 */
public enum RestoreMode {
  NO_CLAIM,
  CLAIM,
  LEGACY
}
