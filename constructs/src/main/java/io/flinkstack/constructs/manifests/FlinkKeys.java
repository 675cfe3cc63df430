package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.FlinkVersion;

/**
 * Configuration keys whose spelling depends on the Flink version. Flink 2.0 removed the keys that 1.x
 * deprecated (FLIP-406 and others), so each version gets the spelling it reads.
 */
final class FlinkKeys {
  private FlinkKeys() {}

  static String haType(FlinkVersion v) {
    return v.isAtLeast(FlinkVersion.V1_17) ? "high-availability.type" : "high-availability";
  }

  static String restartStrategy(FlinkVersion v) {
    return v.isAtLeast(FlinkVersion.V1_17) ? "restart-strategy.type" : "restart-strategy";
  }

  static String checkpointsDir(FlinkVersion v) {
    return v.isAtLeast(FlinkVersion.V2_0) ? "execution.checkpointing.dir" : "state.checkpoints.dir";
  }

  static String savepointsDir(FlinkVersion v) {
    return v.isAtLeast(FlinkVersion.V2_0) ? "execution.checkpointing.savepoint-dir" : "state.savepoints.dir";
  }

  /** Keys that switch task-local recovery on. */
  static String[] localRecovery(FlinkVersion v) {
    return v.isAtLeast(FlinkVersion.V2_0)
        ? new String[] {"execution.checkpointing.local-backup.enabled", "execution.state-recovery.from-local"}
        : new String[] {"state.backend.local-recovery"};
  }
}
