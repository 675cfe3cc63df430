package io.flinkstack.controller.observation;

import io.flinkstack.contract.FlinkPorts;
import java.net.URI;

/**
 * Where a cluster's REST API is, given its REST Service. In a Kubernetes cluster that is the Service's DNS
 * name; a test maps it to a local Flink cluster instead.
 */
@FunctionalInterface
public interface FlinkEndpoints {

  URI restUrl(String namespace, String restService);

  /** {@code http://<service>.<namespace>.svc:8081}: the controller runs in the same Kubernetes cluster. */
  static FlinkEndpoints clusterDns() {
    return (namespace, restService) -> URI.create("http://" + restService + "." + namespace + ".svc:" + FlinkPorts.REST);
  }
}
