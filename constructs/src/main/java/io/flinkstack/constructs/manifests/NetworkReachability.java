package io.flinkstack.constructs.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.constructs.validation.Warnings;
import io.flinkstack.constructs.validation.reachability.ClusterFlows;
import io.flinkstack.constructs.validation.reachability.Endpoint;
import io.flinkstack.constructs.validation.reachability.Finding;
import io.flinkstack.constructs.validation.reachability.FlinkPods;
import io.flinkstack.constructs.validation.reachability.KnownLabels;
import io.flinkstack.constructs.validation.reachability.Peer;
import io.flinkstack.constructs.validation.reachability.Policy;
import io.flinkstack.constructs.validation.reachability.ReachabilityCheck;
import io.flinkstack.contract.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks a cluster's synthesized objects with the NetworkPolicy model before they join the construct tree: every
 * flow the cluster needs, from the peers its properties name. A blocked flow is a validation problem (all of them at
 * once); one the manifests cannot decide (NodePort clients' addresses, namespace labels) is a warning.
 */
public final class NetworkReachability {
  private NetworkReachability() {}

  /**
   * @return {@code manifests}, unchanged
   * @throws io.flinkstack.constructs.validation.ValidationException listing every blocked flow
   */
  public static List<HasMetadata> checked(ClusterSpec spec, List<HasMetadata> manifests, Supplier<String> path) {
    List<JsonNode> objects = manifests.stream().map(o -> (JsonNode) ManifestJson.MAPPER.valueToTree(o)).toList();
    FlinkPods pods = FlinkPods.find(objects, spec.name()).orElse(null);
    if (pods == null) {
      return manifests;
    }
    ClusterProps props = spec.props();
    List<Finding> findings = ReachabilityCheck.check(Policy.in(objects), ClusterFlows.of(pods, restPeers(props, spec.peers()),
        props.isPrometheus() ? MetricsFeature.PORT : null, metricsPeers(props)));
    Problems problems = new Problems(path);
    for (Finding f : findings) {
      if (f.blocked()) {
        problems.add(f.needed().field(), f.message());
      } else {
        Warnings.warn(path, f.needed().field(), f.message());
      }
    }
    problems.throwIfAny();
    return manifests;
  }

  /** Who must reach the REST API, as the properties name them. */
  static List<Peer> restPeers(ClusterProps props, PeerNamespaces namespaces) {
    List<Peer> peers = new ArrayList<>();
    boolean operator = props.getBackend() == Backend.OPERATOR;
    String controller = namespaces.runtimeController();
    if (controller != null && !operator) {
      peers.add(new Peer(Endpoint.pods(controller, KnownLabels.atLeast(Map.of(Labels.NAME, Labels.NAME_CONTROLLER)),
          Map.of(), "the runtime controller (namespace " + controller + ")"), "runtimeControllerNamespace",
          "the controller takes savepoints, upgrades and rescales through REST: keep NetworkPolicy rules admitting"
              + " its pods (app.kubernetes.io/name: flinkstack-controller) in namespace " + controller
              + " to port 8081, or set runtimeControllerNamespace to where it runs (null if none manages this cluster)"));
    }
    String operatorNs = namespaces.operator();
    if (operatorNs != null && operator) {
      peers.add(new Peer(Endpoint.pods(operatorNs, KnownLabels.atLeast(Map.of(Labels.NAME, SecurityFeature.OPERATOR_NAME)),
          Map.of(), "the Apache operator (namespace " + operatorNs + ")"), "operatorNamespace",
          "the operator observes the job and takes savepoints through REST: set operatorNamespace to the namespace it"
              + " runs in (FlinkOperatorInstall's namespace, or helm install's -n), or null if no operator needs it"));
    }
    String ingressNs = props.getIngressControllerNamespace();
    if (ingressNs != null && props.getRestIngress() != null) {
      peers.add(new Peer(Endpoint.pods(ingressNs, KnownLabels.atLeast(Map.of()), Map.of(),
          "the Ingress controller (namespace " + ingressNs + ")"), "ingressControllerNamespace",
          "set ingressControllerNamespace to the namespace of the controller serving restIngress, or null and admit it"
              + " in restAccess"));
    }
    String type = props.getRestService() == null ? "ClusterIP" : props.getRestService().type();
    if (!type.equals("ClusterIP")) {
      peers.add(new Peer(Endpoint.external(type + " clients"), "restAccess", "a " + type + " Service's clients reach"
          + " the pods from node or load-balancer addresses, which the NetworkPolicy admits only by address: add"
          + " NetworkAccess.cidr(\"<clients' range>\") to restAccess, or turn networkPolicy off"));
    }
    return peers;
  }

  /** Who must scrape the metrics port, as the properties name them. */
  static List<Peer> metricsPeers(ClusterProps props) {
    String ns = props.getPrometheusNamespace();
    if (ns == null) {
      return List.of();
    }
    return List.of(new Peer(Endpoint.pods(ns, KnownLabels.atLeast(Map.of()), Map.of(), "Prometheus (namespace " + ns
        + ")"), "prometheusNamespace", "set prometheusNamespace to where Prometheus runs, or null and admit it in"
        + " metricsAccess"));
  }
}
