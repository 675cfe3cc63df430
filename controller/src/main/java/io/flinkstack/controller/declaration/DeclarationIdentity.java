package io.flinkstack.controller.declaration;

import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.kubernetes.ObjectRef;

/**
 * Which job a FlinkJob is about, from its name, kind and cluster alone: enough to report a spec that cannot be
 * read, and to key what the controller keeps about it.
 *
 * @param source the FlinkJob (where Events go)
 * @param jobName the session job's name (the FlinkJob's name); the cluster's name for an application cluster
 */
public record DeclarationIdentity(ObjectRef source, DeclarationKind kind, String cluster, String jobName) {

  public String namespace() {
    return source.namespace();
  }

  /** The cluster's REST Service, in the FlinkJob's namespace. */
  public String restService() {
    return ClusterNames.restService(cluster);
  }

  @Override
  public String toString() {
    return source.namespace() + "/" + source.name();
  }
}
