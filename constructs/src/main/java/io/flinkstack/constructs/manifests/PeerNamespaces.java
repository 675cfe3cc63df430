package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.ClusterProps;

/**
 * The namespaces whose controllers a cluster's NetworkPolicy admits to REST, after defaulting: what the properties
 * set explicitly, else the namespace of the {@code RuntimeController} or {@code FlinkOperatorInstall} in the same app
 * that watches the cluster's namespace, else the documented defaults.
 *
 * @param runtimeController the runtime controller's namespace; null admits none
 * @param operator the Apache operator's namespace; null admits none
 */
public record PeerNamespaces(String runtimeController, String operator) {
  /** The properties' own values (explicit or their defaults): no peer in the app is known. */
  public static PeerNamespaces of(ClusterProps props) {
    return new PeerNamespaces(props.getRuntimeControllerNamespace(), props.getOperatorNamespace());
  }
}
