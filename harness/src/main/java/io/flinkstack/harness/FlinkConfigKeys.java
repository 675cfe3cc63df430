package io.flinkstack.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration keys whose names changed between Flink versions, for the version in use. The spellings come
 * from the contract's {@link io.flinkstack.contract.FlinkVersion}, so a local cluster is configured as the
 * synthesized manifests configure a real one.
 */
public final class FlinkConfigKeys {
  private FlinkConfigKeys() {}

  public static String checkpointDirectory(FlinkRelease version) {
    return version.contract().checkpointsDirKey();
  }

  public static String savepointDirectory(FlinkRelease version) {
    return version.contract().savepointsDirKey();
  }

  /**
   * The adaptive scheduler, tuned to rescale as soon as asked and to wait only briefly for slots after a
   * loss: the defaults wait tens of seconds between rescalings and for resources to settle.
   */
  static Map<String, String> adaptiveScheduler(FlinkRelease version) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("jobmanager.scheduler", "adaptive");
    version.contract().adaptiveSchedulerCooldownKey().ifPresent(key -> keys.put(key, "0s"));
    keys.put(version.contract().adaptiveSchedulerStabilizationKey(), "3s");
    return keys;
  }
}
