package io.flinkstack.controller.transition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import java.io.IOException;
import java.util.List;
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
    Optional<ConfigMapSnapshot> config = kubernetes.configMap(namespace, ClusterNames.config(cluster));
    if (config.isEmpty()) {
      return Optional.empty();
    }
    String text = config.get().data().getOrDefault("config.yaml", config.get().data().get("flink-conf.yaml"));
    if (text == null) {
      return Optional.empty();
    }
    Map<?, ?> keys;
    try {
      keys = YAML.readValue(text, Map.class);
    } catch (IOException e) {
      return Optional.empty();
    }
    Object type = keys.get("high-availability.type");
    if (type == null) {
      type = keys.get("high-availability");
    }
    if (type == null || !String.valueOf(type).toLowerCase().contains("kubernetes")) {
      return Optional.empty();
    }
    Object id = keys.get("kubernetes.cluster-id");
    return Optional.of(id == null ? cluster : String.valueOf(id));
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
