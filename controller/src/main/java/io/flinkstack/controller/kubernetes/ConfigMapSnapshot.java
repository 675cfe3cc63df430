package io.flinkstack.controller.kubernetes;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ConfigMap as the controller uses it: identity, version and contents, without the client library's types.
 *
 * @param uid set by the API server; null for one not created yet
 * @param resourceVersion the version read (what an update must still find), or null to create
 */
public record ConfigMapSnapshot(
    String namespace,
    String name,
    String uid,
    String resourceVersion,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> data) {

  public ConfigMapSnapshot {
    labels = labels == null ? Map.of() : sorted(labels);
    annotations = annotations == null ? Map.of() : sorted(annotations);
    data = data == null ? Map.of() : sorted(data);
  }

  /** This object as the subject of an Event. */
  public ObjectRef ref() {
    return new ObjectRef("v1", "ConfigMap", namespace, name, uid);
  }

  public ConfigMapSnapshot withData(Map<String, String> value) {
    return new ConfigMapSnapshot(namespace, name, uid, resourceVersion, labels, annotations, value);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
