package io.flinkstack.harness.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.harness.LocalClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's Flink configuration on this machine: the cluster's config ConfigMap as the base, then local
 * overrides. Addresses, ports, memory sizes and directories belong to the harness; everything else (job
 * settings, restart strategy, {@code execution.shutdown-on-application-finish} …) passes through.
 */
final class LocalPodConfig {
  // Keys dropped from the ConfigMap: fixed container ports would collide on one host, the memory sizes are
  // the harness' small ones, there is no Kubernetes HA (no leader election here) and no metrics endpoint.
  private static final List<String> DROPPED_PREFIXES =
      List.of("jobmanager.memory.", "taskmanager.memory.", "high-availability", "metrics.reporter", "env.java.opts");
  private static final List<String> DROPPED_KEYS =
      List.of("blob.server.port", "taskmanager.rpc.port", "taskmanager.data.port", "rest.bind-port", "queryable-state.proxy.ports",
          "queryable-state.server.ports", "metrics.internal.query-service.port");
  private static final List<String> CHECKPOINT_KEYS = List.of("execution.checkpointing.dir", "state.checkpoints.dir");
  private static final List<String> SAVEPOINT_KEYS = List.of("execution.checkpointing.savepoint-dir", "state.savepoints.dir");
  private static final List<String> WORKING_DIR_KEYS =
      List.of("process.working-dir", "process.jobmanager.working-dir", "process.taskmanager.working-dir");

  private LocalPodConfig() {}

  /** Flink's config.yaml (standard YAML, nested keys joined by dots) or legacy flink-conf.yaml ("key: value" lines). */
  static Map<String, String> parse(String text, boolean standardYaml) {
    Map<String, String> config = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return config;
    }
    if (!standardYaml) {
      for (String line : text.split("\n")) {
        String trimmed = line.strip();
        int colon = trimmed.indexOf(": ");
        if (!trimmed.startsWith("#") && colon > 0) {
          config.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 2).strip());
        }
      }
      return config;
    }
    try {
      Object tree = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
      if (tree instanceof Map<?, ?> map) {
        flatten("", map, config);
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("config.yaml is not YAML", e);
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out);
      } else if (entry.getValue() instanceof List<?> list) {
        // Flink's list syntax in config.yaml is a YAML list; its string form joins with ';'.
        out.put(key, String.join(";", list.stream().map(String::valueOf).toList()));
      } else if (entry.getValue() != null) {
        out.put(key, String.valueOf(entry.getValue()));
      }
    }
  }

  /** Whether a {@code -D key=…} in a container's arguments must give way to the harness' value. */
  static boolean ownedByHarness(String key) {
    return DROPPED_KEYS.contains(key)
        || DROPPED_PREFIXES.stream().anyMatch(key::startsWith)
        || LocalClusterConfig.localAddresses(1, 1).containsKey(key)
        || key.equals("io.tmp.dirs")
        || WORKING_DIR_KEYS.contains(key);
  }

  /**
   * @param base the ConfigMap's keys
   * @param callerConfig the harness user's keys: they win over the ConfigMap and the harness' defaults, not
   *     over addresses and ports
   * @param startDirectory this start of the pod's container: temp and artifact directories
   * @param podDirectory the pod (outlives container restarts, like an emptyDir): working directory
   */
  static Map<String, String> build(
      Map<String, String> base,
      Map<String, String> callerConfig,
      int restPort,
      int rpcPort,
      Path startDirectory,
      Path podDirectory,
      URI localCheckpoints,
      URI localSavepoints) {
    Map<String, String> config = new LinkedHashMap<>();
    base.forEach(
        (key, value) -> {
          if (!DROPPED_KEYS.contains(key) && DROPPED_PREFIXES.stream().noneMatch(key::startsWith)) {
            config.put(key, value);
          }
        });
    LocalClusterConfig.fastFeedback().forEach(config::putIfAbsent);
    config.putAll(LocalClusterConfig.smallMemory());
    // A remote file system (s3://, gs://, …) has no plugin or credentials here: use a local directory.
    CHECKPOINT_KEYS.forEach(key -> config.computeIfPresent(key, (k, value) -> isRemote(value) ? localCheckpoints.toString() : value));
    SAVEPOINT_KEYS.forEach(key -> config.computeIfPresent(key, (k, value) -> isRemote(value) ? localSavepoints.toString() : value));
    config.putAll(callerConfig);
    config.put("io.tmp.dirs", startDirectory.resolve("tmp").toString());
    config.put("user.artifacts.base-dir", startDirectory.resolve("artifacts").toString());
    WORKING_DIR_KEYS.forEach(key -> config.computeIfPresent(key, (k, value) -> podDirectory.resolve("working-dir").toString()));
    config.putAll(LocalClusterConfig.localAddresses(restPort, rpcPort));
    return config;
  }

  /** True for a URI with a scheme other than {@code file:}; plain paths and file URIs are local. */
  static boolean isRemote(String location) {
    int colon = location.indexOf(':');
    if (colon <= 1 || location.startsWith("/")) {
      return false;
    }
    String scheme = location.substring(0, colon);
    return !scheme.equalsIgnoreCase("file") && scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
  }
}
