package io.flinkstack.harness.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.harness.LocalClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's Flink configuration on this machine: the cluster's config ConfigMap as the base, then local
 * overrides. Addresses, ports, memory sizes and directories belong to the harness; everything else (job
 * settings, restart strategy, {@code execution.shutdown-on-application-finish} …) passes through.
 */
final class LocalPodConfig {
  // Keys dropped from the ConfigMap: the memory sizes are the harness' small ones (several clusters share one
  // machine), there is no Kubernetes HA (no API server elects leaders here: ZooKeeper instead, set by the
  // caller), the metrics reporters bind every interface on a fixed port (pods here share one network), and
  // the JVM options are the harness'.
  private static final List<String> DROPPED_PREFIXES =
      List.of("jobmanager.memory.", "taskmanager.memory.", "high-availability", "metrics.reporter", "env.java.opts");
  private static final List<String> CHECKPOINT_KEYS = List.of("execution.checkpointing.dir", "state.checkpoints.dir");
  private static final List<String> SAVEPOINT_KEYS = List.of("execution.checkpointing.savepoint-dir", "state.savepoints.dir");
  /**
   * The addresses a process binds: in a pod's network namespace "all interfaces" is the pod's address; pods
   * here share the host's, so "all interfaces" would be every pod's, and two pods' ports would collide.
   */
  private static final List<String> BIND_KEYS = List.of("jobmanager.bind-host", "taskmanager.bind-host", "rest.bind-address");

  private LocalPodConfig() {}

  /**
   * A cluster's Flink configuration from its config ConfigMap: {@code config.yaml}, or {@code flink-conf.yaml}
   * before 1.19; empty when the ConfigMap or its data is missing.
   */
  static java.util.Optional<Map<String, String>> of(io.fabric8.kubernetes.api.model.ConfigMap map) {
    if (map == null || map.getData() == null) {
      return java.util.Optional.empty();
    }
    boolean standardYaml = map.getData().containsKey("config.yaml");
    return java.util.Optional.of(parse(map.getData().get(standardYaml ? "config.yaml" : "flink-conf.yaml"), standardYaml));
  }

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
    return DROPPED_PREFIXES.stream().anyMatch(key::startsWith) || BIND_KEYS.contains(key) || key.equals("taskmanager.host");
  }

  /**
   * @param base the ConfigMap's keys
   * @param callerConfig the harness user's keys: they win over the ConfigMap and the harness' defaults, not
   *     over the pod's addresses
   * @param podIp the pod's address: what it binds, and what a TaskManager announces (on a cluster Flink finds
   *     its pod IP by connecting to the JobManager; from a shared loopback that would be 127.0.0.1)
   */
  static Map<String, String> build(
      Map<String, String> base, Map<String, String> callerConfig, String podIp, URI localCheckpoints, URI localSavepoints) {
    String declaredHa = base.getOrDefault("high-availability.type", base.get("high-availability"));
    boolean standIn = callerConfig.containsKey("high-availability.type") || callerConfig.containsKey("high-availability");
    if (declaredHa != null && !declaredHa.equalsIgnoreCase("none") && !standIn) {
      // Without HA the JobManager would announce $(POD_IP) while TaskManagers look for the configured address:
      // a combination no cluster runs. On a cluster the HA services tell the TaskManagers where the leader is.
      throw new IllegalStateException(
          "the ConfigMap declares high-availability " + declaredHa + ", which needs an API server that elects leaders; "
              + "give the pod harness ZooKeeper HA in its place (PodHarness.Builder.highAvailability)");
    }
    Map<String, String> config = new LinkedHashMap<>();
    base.forEach(
        (key, value) -> {
          if (DROPPED_PREFIXES.stream().noneMatch(key::startsWith)) {
            config.put(key, value);
          }
        });
    LocalClusterConfig.fastFeedback().forEach(config::putIfAbsent);
    config.putAll(LocalClusterConfig.smallMemory());
    // A remote file system (s3://, gs://, …) has no plugin or credentials here: use a local directory.
    CHECKPOINT_KEYS.forEach(key -> config.computeIfPresent(key, (k, value) -> isRemote(value) ? localCheckpoints.toString() : value));
    SAVEPOINT_KEYS.forEach(key -> config.computeIfPresent(key, (k, value) -> isRemote(value) ? localSavepoints.toString() : value));
    config.putAll(callerConfig);
    BIND_KEYS.forEach(key -> config.put(key, podIp));
    config.put("taskmanager.host", podIp);
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

  /** Flink 2.3's result stores, whose locations the constructs give per deployment under the HA storage directory. */
  static final List<String> RESULT_STORE_KEYS = List.of("job-result-store.storage-path", "application-result-store.storage-path");

  /**
   * The container's {@code -D} result store locations (before a {@code --}) that lie under the HA storage directory the
   * ConfigMap declares, moved with it to the harness' one, the rest of the path kept: HA storage is the harness' own
   * (ZooKeeper stands in for Kubernetes HA, and an object store has no plugin or credentials here), so a location in
   * it can only be that location in the harness' directory. Only the prefix changes: two deployments' stores stay two.
   * Anything else is returned as it is.
   *
   * @param declared the ConfigMap's keys
   * @param local the pod's configuration as the harness writes it
   */
  static List<String> relocateResultStores(List<String> args, Map<String, String> declared, Map<String, String> local) {
    String from = declared.get("high-availability.storageDir");
    String to = local.get("high-availability.storageDir");
    if (from == null || to == null || from.equals(to)) {
      return args;
    }
    String fromBase = from.endsWith("/") ? from : from + "/";
    String toBase = to.endsWith("/") ? to : to + "/";
    List<String> out = new java.util.ArrayList<>(args);
    for (ContainerCommand.DynamicProperty property : ContainerCommand.dynamicProperties(args)) {
      if (RESULT_STORE_KEYS.contains(property.key()) && property.value() != null && property.value().startsWith(fromBase)) {
        out.set(property.index(), property.withValue(toBase + property.value().substring(fromBase.length())));
      }
    }
    return out;
  }
}
