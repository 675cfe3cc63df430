package io.flinkstack.controller.declaration;

import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.RuntimeStatuses;
import io.flinkstack.controller.kubernetes.ObjectRef;

/**
 * Which job a declaration ConfigMap is about, from its name and labels alone: enough to find the status and
 * to report a declaration whose YAML cannot be read.
 *
 * @param source the declaration ConfigMap
 * @param jobName the session job's name; the cluster's name for an application cluster
 */
public record DeclarationIdentity(ObjectRef source, DeclarationKind kind, String cluster, String jobName) {

  public String namespace() {
    return source.namespace();
  }

  /** The controller-owned ConfigMap holding this job's {@link io.flinkstack.contract.RuntimeStatus}. */
  public String statusConfigMap() {
    return kind == DeclarationKind.APPLICATION
        ? RuntimeStatuses.applicationConfigMap(cluster)
        : RuntimeStatuses.sessionJobConfigMap(cluster, jobName);
  }

  /** The cluster's REST Service, in the declaration's namespace. */
  public String restService() {
    return ClusterNames.restService(cluster);
  }

  @Override
  public String toString() {
    return source.namespace() + "/" + source.name();
  }
}
