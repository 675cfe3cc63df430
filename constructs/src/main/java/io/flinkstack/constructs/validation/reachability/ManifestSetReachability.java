package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.constructs.manifests.FlinkJobs;
import io.flinkstack.contract.resource.FlinkJob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The model run on any set of manifests, whoever wrote them (what {@code flinkstack validate DIR} reads): the Flink
 * clusters and the peers that must reach them are found in the objects themselves, not in construct properties.
 *
 * <ul>
 *   <li>clusters: a {@code <name>-jobmanager} and {@code <name>-taskmanager} StatefulSet pair in one namespace, or a
 *       FlinkDeployment;</li>
 *   <li>the runtime controller (pods labelled {@code app.kubernetes.io/name: flinkstack-controller}) must reach the
 *       REST API of every standalone cluster that has a {@code FlinkJob} ({@code flinkstack.io}) whose
 *       {@code spec.cluster} names it, in a namespace it is bound to;</li>
 *   <li>the Apache operator (pods labelled {@code app.kubernetes.io/name: flink-kubernetes-operator}) must reach
 *       every FlinkDeployment in a namespace it is bound to;</li>
 *   <li>an Ingress whose backend is a cluster's REST Service brings its controller, whose namespace the manifests do
 *       not tell (so at best "depends");</li>
 *   <li>a NodePort or LoadBalancer Service in front of the JobManager brings clients from outside.</li>
 * </ul>
 * Who a controller acts for follows its RBAC: the namespaces of the RoleBindings naming its ServiceAccount, or every
 * namespace with a ClusterRoleBinding (or when the manifests hold no binding for it). Prometheus is not inferred: the
 * manifests do not say where it runs.
 */
public final class ManifestSetReachability {
  private static final String OPERATOR_NAME = "flink-kubernetes-operator";

  private ManifestSetReachability() {}

  /**
   * A finding about one cluster.
   *
   * @param anchor the object the finding is reported on: the JobManager StatefulSet or the FlinkDeployment
   */
  public record ClusterFinding(String cluster, JsonNode anchor, Finding finding) {}

  /** A workload running a controller, and the namespaces it acts in (empty: all). */
  private record Controller(Endpoint pods, Set<String> namespaces) {
    boolean actsIn(String namespace) {
      return namespaces.isEmpty() || namespaces.contains(namespace);
    }
  }

  public static List<ClusterFinding> check(List<JsonNode> objects) {
    List<Policy> policies = Policy.in(objects);
    List<Controller> runtimeControllers = controllers(objects, Labels.NAME_CONTROLLER, "the runtime controller");
    List<Controller> operators = controllers(objects, OPERATOR_NAME, "the Apache operator");
    List<ClusterFinding> findings = new ArrayList<>();
    for (JsonNode anchor : clusterAnchors(objects)) {
      String ns = ManifestNodes.namespace(anchor);
      List<JsonNode> sameNamespace = objects.stream().filter(o -> Objects.equals(ManifestNodes.namespace(o), ns)).toList();
      String name = anchor.path("kind").asText().equals("FlinkDeployment")
          ? anchor.path("metadata").path("name").asText()
          : stripSuffix(anchor.path("metadata").path("name").asText(), "-jobmanager");
      Optional<FlinkPods> found = FlinkPods.find(sameNamespace, name);
      if (found.isEmpty()) {
        continue;
      }
      FlinkPods pods = found.get();
      List<Peer> peers = new ArrayList<>();
      if (pods.operator()) {
        operators.stream().filter(c -> c.actsIn(ns)).forEach(c -> peers.add(restPeer(c.pods(), pods)));
      } else if (hasFlinkJob(sameNamespace, name)) {
        runtimeControllers.stream().filter(c -> c.actsIn(ns)).forEach(c -> peers.add(restPeer(c.pods(), pods)));
      }
      if (hasIngressTo(sameNamespace, ClusterNames.restService(name))) {
        peers.add(restPeer(Endpoint.podsElsewhere("the Ingress controller"), pods));
      }
      for (String type : externalServiceTypes(sameNamespace, pods.jobManager())) {
        peers.add(new Peer(Endpoint.external(type + " clients"), "NetworkPolicy", "a " + type + " Service's clients"
            + " reach the pods from node or load-balancer addresses: admit their range with an ipBlock on port 8081"));
      }
      for (Finding f : ReachabilityCheck.check(policies, ClusterFlows.of(pods, peers, null, List.of()))) {
        findings.add(new ClusterFinding(name, anchor, f));
      }
    }
    return findings;
  }

  private static Peer restPeer(Endpoint peer, FlinkPods cluster) {
    return new Peer(peer, "NetworkPolicy", String.format("admit %s to port 8081 of %s's JobManager in a NetworkPolicy"
        + " rule (a namespaceSelector on kubernetes.io/metadata.name and a podSelector on its pods' labels)",
        peer.description(), cluster.cluster()));
  }

  /** The JobManager StatefulSets and FlinkDeployments, in order. */
  private static List<JsonNode> clusterAnchors(List<JsonNode> objects) {
    List<JsonNode> anchors = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      String name = o.path("metadata").path("name").asText();
      if (kind.equals("FlinkDeployment") || kind.equals("StatefulSet") && name.endsWith("-jobmanager")) {
        anchors.add(o);
      }
    }
    return anchors;
  }

  private static boolean hasFlinkJob(List<JsonNode> sameNamespace, String cluster) {
    // A FlinkJob of flinkstack's API group whose spec.cluster is the cluster: the runtime controller manages it.
    return sameNamespace.stream().anyMatch(o -> o.path("kind").asText().equals(FlinkJobs.KIND)
        && o.path("apiVersion").asText().startsWith(FlinkJob.GROUP + "/")
        && cluster.equals(o.path("spec").path("cluster").asText()));
  }

  private static boolean hasIngressTo(List<JsonNode> sameNamespace, String service) {
    for (JsonNode o : sameNamespace) {
      if (!o.path("kind").asText().equals("Ingress")) {
        continue;
      }
      if (service.equals(o.path("spec").path("defaultBackend").path("service").path("name").asText())) {
        return true;
      }
      for (JsonNode rule : o.path("spec").path("rules")) {
        for (JsonNode path : rule.path("http").path("paths")) {
          if (service.equals(path.path("backend").path("service").path("name").asText())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Types of the NodePort and LoadBalancer Services whose selector picks the JobManager's pods. */
  private static Set<String> externalServiceTypes(List<JsonNode> sameNamespace, Endpoint jobManager) {
    Set<String> types = new LinkedHashSet<>();
    for (JsonNode o : sameNamespace) {
      String type = o.path("spec").path("type").asText("ClusterIP");
      if (!o.path("kind").asText().equals("Service") || !(type.equals("NodePort") || type.equals("LoadBalancer"))) {
        continue;
      }
      Map<String, String> selector = ManifestNodes.stringMap(o.path("spec").path("selector"));
      if (!selector.isEmpty() && selector.entrySet().stream()
          .allMatch(e -> e.getValue().equals(jobManager.labels().get(e.getKey())))) {
        types.add(type);
      }
    }
    return types;
  }

  /** Deployments and StatefulSets whose pods carry {@code app.kubernetes.io/name: <name>}, with their scope. */
  private static List<Controller> controllers(List<JsonNode> objects, String name, String description) {
    List<Controller> found = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      JsonNode template = o.path("spec").path("template");
      if (!(kind.equals("Deployment") || kind.equals("StatefulSet"))
          || !name.equals(ManifestNodes.labels(template).get(Labels.NAME))) {
        continue;
      }
      String ns = ManifestNodes.namespace(o);
      String account = template.path("spec").path("serviceAccountName").asText("default");
      Endpoint pods = Endpoint.pods(ns, KnownLabels.exactly(ManifestNodes.labels(template)),
          ManifestNodes.ports(template), description + " (namespace " + (ns == null ? "of its manifest" : ns) + ")");
      found.add(new Controller(pods, boundNamespaces(objects, account, ns)));
    }
    return found;
  }

  /** Namespaces of the RoleBindings naming the ServiceAccount; empty (all) with a ClusterRoleBinding or none. */
  private static Set<String> boundNamespaces(List<JsonNode> objects, String account, String accountNamespace) {
    Set<String> namespaces = new LinkedHashSet<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!kind.equals("RoleBinding") && !kind.equals("ClusterRoleBinding")) {
        continue;
      }
      boolean names = false;
      for (JsonNode s : o.path("subjects")) {
        names |= s.path("kind").asText().equals("ServiceAccount") && s.path("name").asText().equals(account)
            && Objects.equals(s.path("namespace").asText(null), accountNamespace);
      }
      if (names && kind.equals("ClusterRoleBinding")) {
        return Set.of();
      }
      if (names && !Objects.equals(ManifestNodes.namespace(o), accountNamespace)) {
        // Its own namespace is bound for leader election, which says nothing about the clusters it manages.
        namespaces.add(ManifestNodes.namespace(o));
      }
    }
    return namespaces;
  }

  private static String stripSuffix(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }
}
