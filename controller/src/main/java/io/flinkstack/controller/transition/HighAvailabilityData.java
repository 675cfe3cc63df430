package io.flinkstack.controller.transition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Flink's Kubernetes high-availability ConfigMaps of a cluster. After a stop-with-savepoint they are stale:
 * a JobManager that finds them recovers the job from the checkpoint they point to, not from the savepoint
 * it was told to restore. Savepoint-mode upgrades and suspends delete them before any new JobManager starts.
 */
final class HighAvailabilityData {
  // Labels Flink puts on its HA ConfigMaps (KubernetesUtils / Constants in flink-kubernetes).
  static final String LABEL_APP = "app";
  static final String LABEL_TYPE = "configmap-type";
  static final String TYPE_HIGH_AVAILABILITY = "high-availability";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HighAvailabilityData() {}

  /** The cluster id of Kubernetes HA from the cluster's Flink configuration; empty when HA is off. */
  static Optional<String> clusterId(KubernetesGateway kubernetes, String namespace, String cluster) {
    Optional<Map<?, ?>> keys = flinkConfiguration(kubernetes, namespace, cluster);
    Optional<String> type = keys.flatMap(HighAvailabilityData::type);
    if (type.isEmpty() || !type.get().toLowerCase(Locale.ROOT).contains("kubernetes")) {
      return Optional.empty();
    }
    Object id = keys.get().get("kubernetes.cluster-id");
    return Optional.of(id == null ? cluster : String.valueOf(id));
  }

  /**
   * Whether the cluster's Flink configuration turns high availability on (any type but {@code NONE}: ZooKeeper,
   * Kubernetes or a factory class); empty when its ConfigMap is missing or unreadable.
   */
  static Optional<Boolean> enabled(KubernetesGateway kubernetes, String namespace, String cluster) {
    return flinkConfiguration(kubernetes, namespace, cluster).map(HighAvailabilityData::enabled);
  }

  /**
   * Whether Flink configuration {@code keys} (a configuration file's, or the JobManager's own from its REST API) turn high
   * availability on.
   */
  static boolean enabled(Map<?, ?> keys) {
    return type(keys).filter(type -> !type.isBlank() && !type.equalsIgnoreCase("none")).isPresent();
  }

  /**
   * {@code high-availability.type}, or the key it replaced ({@code high-availability}, which 1.x still reads); in 2.x's
   * {@code config.yaml} also nested ({@code high-availability: {type: …}}), which that file's YAML allows.
   */
  private static Optional<String> type(Map<?, ?> keys) {
    Object type = keys.get("high-availability.type");
    if (type == null) {
      type = keys.get("high-availability");
    }
    if (type instanceof Map<?, ?> nested) {
      type = nested.get("type");
    }
    return Optional.ofNullable(type).map(String::valueOf);
  }

  /** The keys of the configuration file in the cluster's Flink ConfigMap ({@code config.yaml}, or 1.x's {@code flink-conf.yaml}). */
  private static Optional<Map<?, ?>> flinkConfiguration(KubernetesGateway kubernetes, String namespace, String cluster) {
    Optional<ConfigMapSnapshot> config = kubernetes.configMap(namespace, ClusterNames.config(cluster));
    if (config.isEmpty()) {
      return Optional.empty();
    }
    String text = config.get().data().getOrDefault("config.yaml", config.get().data().get("flink-conf.yaml"));
    if (text == null) {
      return Optional.empty();
    }
    try {
      Map<?, ?> keys = YAML.readValue(text, Map.class);
      return Optional.of(keys == null ? Map.of() : keys);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Deletes them; returns the names deleted (none when HA is off). */
  static List<String> delete(KubernetesGateway kubernetes, String namespace, String cluster) {
    Optional<String> id = clusterId(kubernetes, namespace, cluster);
    if (id.isEmpty()) {
      return List.of();
    }
    return kubernetes.deleteConfigMaps(namespace, Map.of(LABEL_APP, id.get(), LABEL_TYPE, TYPE_HIGH_AVAILABILITY));
  }
}
