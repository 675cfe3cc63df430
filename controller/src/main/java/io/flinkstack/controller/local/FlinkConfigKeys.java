package io.flinkstack.controller.local;

import java.util.LinkedHashMap;
import java.util.Map;

/** Configuration keys whose names changed between Flink versions, for the version in use. */
public final class FlinkConfigKeys {
  private FlinkConfigKeys() {}

  // 1.20 introduced the execution.checkpointing.* names (the state.* ones log a deprecation warning);
  // 2.0 removed the old ones.
  public static String checkpointDirectory(FlinkVersion version) {
    return version.atLeast(1, 20) ? "execution.checkpointing.dir" : "state.checkpoints.dir";
  }

  public static String savepointDirectory(FlinkVersion version) {
    return version.atLeast(1, 20) ? "execution.checkpointing.savepoint-dir" : "state.savepoints.dir";
  }

  /**
   * The adaptive scheduler, tuned to rescale as soon as asked and to wait only briefly for slots after a
   * loss: the defaults wait tens of seconds between rescalings and for resources to settle.
   */
  static Map<String, String> adaptiveScheduler(FlinkVersion version) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("jobmanager.scheduler", "adaptive");
    if (version.major() >= 2) {
      keys.put("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "0s");
      keys.put("jobmanager.adaptive-scheduler.submission.resource-stabilization-timeout", "3s");
    } else {
      keys.put("jobmanager.adaptive-scheduler.scaling-interval.min", "0s");
      keys.put("jobmanager.adaptive-scheduler.resource-stabilization-timeout", "3s");
    }
    return keys;
  }
}
