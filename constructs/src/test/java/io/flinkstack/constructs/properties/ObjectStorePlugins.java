package io.flinkstack.constructs.properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.PodSecurity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flink reaches an object store only through its file-system plugin, which the official image ships in
 * {@code /opt/flink/opt} but does not enable. Every store the configuration writes to (HA metadata,
 * checkpoints, savepoints) needs its plugin enabled in every Flink pod, or the cluster fails at start-up.
 */
final class ObjectStorePlugins {
  /** Scheme → the plugin the official image ships for it. */
  private static final Map<String, String> PLUGIN_OF_SCHEME = Map.of(
      "s3", "flink-s3-fs-hadoop", "s3a", "flink-s3-fs-hadoop", "s3p", "flink-s3-fs-presto",
      "gs", "flink-gs-fs-hadoop", "oss", "flink-oss-fs-hadoop",
      "abfs", "flink-azure-fs-hadoop", "abfss", "flink-azure-fs-hadoop",
      "wasb", "flink-azure-fs-hadoop", "wasbs", "flink-azure-fs-hadoop");
  private static final List<String> STORAGE_KEYS = List.of("high-availability.storageDir", "state.checkpoints.dir",
      "state.savepoints.dir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");

  private ObjectStorePlugins() {}

  /** One line per store in {@code config} that a workload among {@code objects} cannot reach. */
  static List<String> problems(Map<String, String> config, List<JsonNode> objects) {
    List<String> problems = new ArrayList<>();
    for (String key : STORAGE_KEYS) {
      String plugin = config.containsKey(key) ? PLUGIN_OF_SCHEME.get(scheme(config.get(key))) : null;
      if (plugin == null) {
        continue;
      }
      for (JsonNode object : objects) {
        PodSecurity.podSpecPointer(object).filter(pointer -> !enables(object.at(pointer), plugin)).ifPresent(
            pointer -> problems.add(object.path("kind").asText() + " " + object.path("metadata").path("name").asText()
                + ": " + key + " is " + config.get(key) + ", but the pod does not enable " + plugin));
      }
    }
    return problems;
  }

  /** A volume on the plugin's folder, or the image's ENABLE_BUILT_IN_PLUGINS switch, in a Flink container. */
  private static boolean enables(JsonNode pod, String plugin) {
    for (JsonNode container : pod.path("containers")) {
      for (JsonNode mount : container.path("volumeMounts")) {
        if (mount.path("mountPath").asText().equals("/opt/flink/plugins/" + plugin)) {
          return true;
        }
      }
      for (JsonNode env : container.path("env")) {
        if (env.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS") && env.path("value").asText().contains(plugin)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String scheme(String uri) {
    try {
      String scheme = new URI(uri).getScheme();
      return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return "";
    }
  }
}
