package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Flink cluster's JobManager and TaskManager pods as its manifests create them: the pod templates of its two
 * StatefulSets (standalone), or those of its FlinkDeployment with the labels the operator's native mode adds.
 */
public record FlinkPods(String cluster, String namespace, Endpoint jobManager, Endpoint taskManager, boolean operator) {
  // Flink's native Kubernetes mode labels its pods app=<cluster-id>, type=flink-native-kubernetes and
  // component=jobmanager|taskmanager (flink-kubernetes' Constants), on top of the pod template's own labels.
  private static final String NATIVE_TYPE = "flink-native-kubernetes";

  /** The cluster named {@code cluster} among {@code objects}; empty when its workloads are not there. */
  public static Optional<FlinkPods> find(List<JsonNode> objects, String cluster) {
    Optional<JsonNode> deployment = ManifestNodes.find(objects, "FlinkDeployment", cluster);
    if (deployment.isPresent()) {
      JsonNode spec = deployment.get().path("spec");
      String ns = ManifestNodes.namespace(deployment.get());
      return Optional.of(new FlinkPods(cluster, ns,
          nativePods(spec, "jobManager", "jobmanager", cluster, ns, "the JobManager"),
          nativePods(spec, "taskManager", "taskmanager", cluster, ns, "the TaskManagers"), true));
    }
    Optional<JsonNode> jm = ManifestNodes.find(objects, "StatefulSet", cluster + "-jobmanager");
    Optional<JsonNode> tm = ManifestNodes.find(objects, "StatefulSet", cluster + "-taskmanager");
    if (jm.isEmpty() || tm.isEmpty()) {
      return Optional.empty();
    }
    String ns = ManifestNodes.namespace(jm.get());
    return Optional.of(new FlinkPods(cluster, ns, pods(jm.get(), ns, "the JobManager"),
        pods(tm.get(), ns, "the TaskManagers"), false));
  }

  private static Endpoint pods(JsonNode workload, String ns, String description) {
    JsonNode template = workload.path("spec").path("template");
    return Endpoint.pods(ns, KnownLabels.exactly(ManifestNodes.labels(template)), ManifestNodes.ports(template),
        description);
  }

  private static Endpoint nativePods(JsonNode spec, String role, String component, String cluster, String ns,
      String description) {
    // The operator merges the role's pod template over the common one.
    JsonNode common = spec.path("podTemplate");
    JsonNode own = spec.path(role).path("podTemplate");
    Map<String, String> labels = new TreeMap<>(ManifestNodes.labels(common));
    labels.putAll(ManifestNodes.labels(own));
    labels.put("app", cluster);
    labels.put("type", NATIVE_TYPE);
    labels.put("component", component);
    Map<String, Integer> ports = new TreeMap<>(ManifestNodes.ports(common));
    ports.putAll(ManifestNodes.ports(own));
    return Endpoint.pods(ns, KnownLabels.exactly(labels), ports, description);
  }
}
