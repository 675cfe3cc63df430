package io.flinkstack.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of a {@link LocalFlinkCluster}: defaults that make it start in seconds and report
 * fresh state, then the caller's keys, then the addresses and ports the harness owns. The pieces are
 * public for the pod harness, which lays them over a cluster's own configuration.
 */
public final class LocalClusterConfig {
  private LocalClusterConfig() {}

  static Map<String, String> build(
      FlinkRelease version,
      Path workDirectory,
      int slotsPerTaskManager,
      boolean adaptiveScheduler,
      Map<String, String> callerConfig,
      int restPort,
      int rpcPort)
      throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.putAll(smallMemory());
    config.put("taskmanager.numberOfTaskSlots", Integer.toString(slotsPerTaskManager));
    config.putAll(fastFeedback());
    config.put("heartbeat.interval", "1000");
    config.put("heartbeat.timeout", "5000");
    config.put("restart-strategy.type", "fixed-delay");
    config.put("restart-strategy.fixed-delay.attempts", "1000");
    config.put("restart-strategy.fixed-delay.delay", "500 ms");
    config.put(FlinkConfigKeys.checkpointDirectory(version), Files.createDirectories(workDirectory.resolve("checkpoints")).toUri().toString());
    config.put(FlinkConfigKeys.savepointDirectory(version), Files.createDirectories(workDirectory.resolve("savepoints")).toUri().toString());
    // Uploaded jars outlive a JobManager restart.
    config.put("web.upload.dir", Files.createDirectories(workDirectory.resolve("jars")).toString());
    if (adaptiveScheduler) {
      config.putAll(FlinkConfigKeys.adaptiveScheduler(version));
    }
    config.putAll(callerConfig);
    // Owned by the harness: everything local, on ports it picked.
    config.putAll(localAddresses(restPort, rpcPort));
    return config;
  }

  /** Process sizes that let three Flink JVMs and a build share a small machine. */
  public static Map<String, String> smallMemory() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.memory.process.size", "1024m");
    config.put("taskmanager.memory.process.size", "1024m");
    config.put("taskmanager.memory.managed.size", "64m");
    config.put("taskmanager.memory.network.min", "32m");
    config.put("taskmanager.memory.network.max", "32m");
    return config;
  }

  /** REST answers that are not seconds old, and TaskManagers that register without a long back-off. */
  public static Map<String, String> fastFeedback() {
    Map<String, String> config = new LinkedHashMap<>();
    // REST answers come from caches that otherwise lag by 3-10 s.
    config.put("web.refresh-interval", "100");
    config.put("metrics.fetcher.update-interval", "1000");
    // Without these a TaskManager that came up before the JobManager backs off for 10-30 s.
    config.put("cluster.registration.error-delay", "1000");
    config.put("cluster.registration.max-timeout", "2000");
    return config;
  }

  /** Every address 127.0.0.1; the JobManager's REST and RPC ports fixed, the others left to Flink. */
  public static Map<String, String> localAddresses(int restPort, int rpcPort) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", "127.0.0.1");
    config.put("jobmanager.bind-host", "127.0.0.1");
    config.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    config.put("taskmanager.host", "127.0.0.1");
    config.put("taskmanager.bind-host", "127.0.0.1");
    config.put("rest.address", "127.0.0.1");
    config.put("rest.bind-address", "127.0.0.1");
    config.put("rest.port", Integer.toString(restPort));
    return config;
  }
}
