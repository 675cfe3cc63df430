package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import javax.annotation.Nullable;

/**
 * One Kubernetes object of a synthesized manifest, as parsed from its YAML.
 *
 * @param namespace null for cluster-scoped objects and for objects left to the provider's default namespace
 * @param body the whole object, exactly as synthesized
 */
public record KubernetesObject(
    String apiVersion, String kind, @Nullable String namespace, String name, ObjectNode body) {

  /** The API group; empty for the core group ({@code v1}). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String version() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  /** For messages: {@code StatefulSet analytics/clickstream-taskmanager}. */
  public String describe() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
