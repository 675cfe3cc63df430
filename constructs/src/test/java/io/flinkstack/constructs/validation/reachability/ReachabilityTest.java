package io.flinkstack.constructs.validation.reachability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.FlinkVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model on synthesized manifests, and on the same manifests changed the way a user (or a mistake) would change
 * them: each change must make the model name the flow it breaks, and only that flow.
 */
class ReachabilityTest {
  private static final Map<String, String> CONTROLLER = Map.of("app.kubernetes.io/name", "flinkstack-controller");

  private static FlinkApplicationProps.Builder app() {
    return FlinkApplicationProps.builder().flinkVersion(FlinkVersion.V2_1).image("flink:2.1")
        .jarUri("local:///opt/flink/usrlib/job.jar").taskManagers(2).taskSlots(2);
  }

  /** The synthesized objects as JSON, in namespace {@code payments} as a chart with a namespace writes them. */
  private static List<JsonNode> objects(FlinkApplicationProps.Builder b) {
    List<JsonNode> objects = new ArrayList<>();
    for (var o : ApplicationManifests.build(ClusterValidator.validate(b.build(), "app", () -> "chart/app"))) {
      ObjectNode json = ManifestJson.MAPPER.valueToTree(o);
      ((ObjectNode) json.path("metadata")).put("namespace", "payments");
      objects.add(json);
    }
    return objects;
  }

  private static ObjectNode policy(List<JsonNode> objects) {
    return (ObjectNode) objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).findFirst()
        .orElseThrow();
  }

  private static ArrayNode rules(List<JsonNode> objects) {
    return (ArrayNode) policy(objects).path("spec").path("ingress");
  }

  /** The REST rule (the one on 8081). */
  private static ObjectNode restRule(List<JsonNode> objects) {
    for (JsonNode r : rules(objects)) {
      if (r.path("ports").path(0).path("port").asInt() == 8081) {
        return (ObjectNode) r;
      }
    }
    throw new AssertionError("no REST rule");
  }

  private static Endpoint controller(String namespace) {
    return Endpoint.pods(namespace, KnownLabels.atLeast(CONTROLLER), Map.of(), "the runtime controller");
  }

  private static List<NeededFlow> flows(List<JsonNode> objects, List<Peer> rest, List<Peer> metrics) {
    FlinkPods pods = FlinkPods.find(objects, "app").orElseThrow();
    return ClusterFlows.of(pods, rest, 9249, metrics);
  }

  private static List<Finding> check(List<JsonNode> objects, List<Peer> rest, List<Peer> metrics) {
    return ReachabilityCheck.check(Policy.in(objects), flows(objects, rest, metrics));
  }

  private static List<Finding> check(List<JsonNode> objects, Endpoint restPeer) {
    return check(objects, List.of(new Peer(restPeer, "field", "fix")), List.of());
  }

  private static List<String> blocked(List<Finding> findings) {
    return findings.stream().filter(Finding::blocked).map(f -> f.needed().flow().describe()).toList();
  }

  @Test
  void everyFlowOfTheDefaultsIsAllowed() {
    List<JsonNode> objects = objects(app());
    Peer prometheus = new Peer(Endpoint.pods("monitoring", KnownLabels.atLeast(Map.of()), Map.of(), "Prometheus"),
        "prometheusNamespace", "fix");
    assertThat(check(objects, List.of(new Peer(controller("flinkstack-system"), "f", "x")), List.of(prometheus)))
        .isEmpty();
  }

  @Test
  void aControllerInAnotherNamespaceIsBlockedUntilItIsNamed() {
    assertThat(blocked(check(objects(app()), controller("platform"))))
        .containsExactly("the runtime controller → the JobManager: REST (8081)");
    assertThat(check(objects(app().runtimeControllerNamespace("platform")), controller("platform"))).isEmpty();
  }

  @Test
  void aNamespaceSelectorOnTheWrongNameBlocksTheController() {
    List<JsonNode> objects = objects(app());
    for (JsonNode peer : restRule(objects).path("from")) {
      if (peer.has("namespaceSelector")) {
        ((ObjectNode) peer.path("namespaceSelector").path("matchLabels")).put("kubernetes.io/metadata.name", "flinkstack-sytem");
      }
    }
    List<Finding> findings = check(objects, controller("flinkstack-system"));
    assertThat(blocked(findings)).containsExactly("the runtime controller → the JobManager: REST (8081)");
    assertThat(findings.get(0).message()).contains("NetworkPolicy app isolates the JobManager for ingress").endsWith("fix");
  }

  @Test
  void aRuleOnTheWrongPortBlocksTheController() {
    List<JsonNode> objects = objects(app());
    ((ObjectNode) restRule(objects).path("ports").path(0)).put("port", 8080);
    assertThat(blocked(check(objects, controller("flinkstack-system"))))
        .containsExactly("the runtime controller → the JobManager: REST (8081)");
  }

  @Test
  void theControllersPodSelectorMustMatchItsPods() {
    List<JsonNode> objects = objects(app());
    for (JsonNode peer : restRule(objects).path("from")) {
      if (peer.has("namespaceSelector")) {
        ((ObjectNode) peer.path("podSelector").path("matchLabels")).put("app.kubernetes.io/name", "flink-controller");
      }
    }
    assertThat(blocked(check(objects, controller("flinkstack-system")))).hasSize(1);
  }

  @Test
  void withoutTheInternalRuleTheClusterCannotTalkToItself() {
    List<JsonNode> objects = objects(app());
    rules(objects).remove(0);
    assertThat(blocked(check(objects, List.of(), List.of()))).containsExactly(
        "the TaskManagers → the TaskManagers: data exchange (ports picked at run time)",
        "the TaskManagers → the JobManager: rpc (6123)",
        "the TaskManagers → the JobManager: blob server (6124)",
        "the JobManager → the TaskManagers: rpc (6122)");
  }

  @Test
  void anInternalRuleOnFixedPortsBlocksOnlyTheDataExchange() {
    List<JsonNode> objects = objects(app());
    ArrayNode ports = ((ObjectNode) rules(objects).path(0)).putArray("ports");
    for (int port : new int[] {6122, 6123}) {
      ports.addObject().put("port", port);
    }
    ports.addObject().put("port", 6124).put("protocol", "UDP");
    assertThat(blocked(check(objects, List.of(), List.of()))).containsExactly(
        "the TaskManagers → the TaskManagers: data exchange (ports picked at run time)",
        "the TaskManagers → the JobManager: blob server (6124)");
  }

  @Test
  void aPortRangeAndANamedPortAdmitWhatTheyCover() {
    List<JsonNode> objects = objects(app());
    ObjectNode port = (ObjectNode) restRule(objects).path("ports").path(0);
    port.put("port", 8000).put("endPort", 8100);
    assertThat(check(objects, controller("flinkstack-system"))).isEmpty();
    port.remove("endPort");
    port.put("port", "rest");
    assertThat(check(objects, controller("flinkstack-system"))).isEmpty();
    port.put("port", "metrics");
    assertThat(blocked(check(objects, controller("flinkstack-system")))).hasSize(1);
  }

  @Test
  void aRuleWithoutPeersAdmitsEveryoneAndAnEmptyRuleListNobody() {
    List<JsonNode> objects = objects(app());
    restRule(objects).remove("from");
    assertThat(check(objects, Endpoint.external("NodePort clients"))).isEmpty();
    rules(objects).removeAll();
    assertThat(blocked(check(objects, List.of(), List.of()))).hasSize(4);
  }

  @Test
  void nodePortClientsNeedAnAddressRangeAndThenDependOnTheCni() {
    Endpoint clients = Endpoint.external("NodePort clients");
    assertThat(blocked(check(objects(app()), clients)))
        .containsExactly("NodePort clients → the JobManager: REST (8081)");
    List<Finding> withCidr = check(objects(app().restService(RestService.nodePort(30081)
        .protectedBy(RestProtection.unauthenticated())).restAccess(List.of(NetworkAccess.cidr("10.20.0.0/16")))), clients);
    assertThat(withCidr).singleElement().satisfies(f -> {
      assertThat(f.blocked()).isFalse();
      assertThat(f.message()).contains("depends on the CNI").contains("source NAT");
    });
  }

  @Test
  void namespaceLabelsOtherThanTheNameAreNotGuessed() {
    List<JsonNode> objects = objects(app().restAccess(List.of(NetworkAccess.namespaces(Map.of("team", "ops")))));
    Endpoint ops = Endpoint.pods("ops", KnownLabels.atLeast(Map.of()), Map.of(), "the ops tools");
    assertThat(check(objects, ops)).singleElement().satisfies(f -> assertThat(f.verdict().outcome())
        .isEqualTo(Verdict.Outcome.DEPENDS));
  }

  @Test
  void aPolicyInAnotherNamespaceIsolatesNothingHere() {
    List<JsonNode> objects = objects(app());
    rules(objects).removeAll();
    ((ObjectNode) policy(objects).path("metadata")).put("namespace", "elsewhere");
    assertThat(check(objects, List.of(), List.of())).isEmpty();
  }

  @Test
  void egressIsolationCountsToo() {
    List<JsonNode> objects = objects(app());
    ObjectNode spec = (ObjectNode) policy(objects).path("spec");
    spec.putArray("policyTypes").add("Ingress").add("Egress");
    // Egress only to the JobManager's rpc port: the TaskManagers can no longer reach blob or each other.
    ObjectNode to = spec.putArray("egress").addObject();
    to.putArray("ports").addObject().put("port", 6123);
    assertThat(blocked(check(objects, List.of(), List.of()))).containsExactly(
        "the TaskManagers → the TaskManagers: data exchange (ports picked at run time)",
        "the TaskManagers → the JobManager: blob server (6124)",
        "the JobManager → the TaskManagers: rpc (6122)");
    // Left out, policyTypes follows the sections: an egress section makes it an egress policy too.
    spec.remove("policyTypes");
    assertThat(blocked(check(objects, List.of(), List.of()))).hasSize(3);
  }

  @Test
  void operatorBackendPodsCarryTheirTemplatesAndNativeLabels() {
    List<JsonNode> objects = objects(app().flinkVersion(FlinkVersion.V1_20).backend(Backend.OPERATOR)
        .restIngress(RestIngress.builder().host("flink.example.com").protectedBy(RestProtection.unauthenticated()).build()));
    FlinkPods pods = FlinkPods.find(objects, "app").orElseThrow();
    assertThat(pods.operator()).isTrue();
    assertThat(pods.taskManager().labels().labels()).containsEntry("component", "taskmanager")
        .containsEntry("app.kubernetes.io/instance", "app");
    Endpoint operator = Endpoint.pods("flink-operator",
        KnownLabels.atLeast(Map.of("app.kubernetes.io/name", "flink-kubernetes-operator")), Map.of(), "the operator");
    Endpoint ingress = Endpoint.pods("ingress-nginx", KnownLabels.atLeast(Map.of()), Map.of(), "the Ingress controller");
    assertThat(check(objects, List.of(new Peer(operator, "operatorNamespace", "x"), new Peer(ingress, "i", "y")),
        List.of())).isEmpty();
    List<JsonNode> elsewhere = objects(app().flinkVersion(FlinkVersion.V1_20).backend(Backend.OPERATOR).operatorNamespace("operators"));
    assertThat(blocked(check(elsewhere, operator))).containsExactly("the operator → the JobManager: REST (8081)");
  }

  @Test
  void selectorExpressionsFollowLabelSelectorSemantics() {
    KnownLabels pod = KnownLabels.exactly(Map.of("tier", "flink"));
    assertThat(selector("In", "tier", "flink", "other").matches(pod)).isEqualTo(Tri.YES);
    assertThat(selector("NotIn", "tier", "flink").matches(pod)).isEqualTo(Tri.NO);
    assertThat(selector("NotIn", "zone", "a").matches(pod)).isEqualTo(Tri.YES);
    assertThat(selector("Exists", "zone").matches(pod)).isEqualTo(Tri.NO);
    assertThat(selector("DoesNotExist", "zone").matches(pod)).isEqualTo(Tri.YES);
    assertThat(selector("Exists", "team").matches(KnownLabels.namespace("ops"))).isEqualTo(Tri.UNKNOWN);
    assertThat(selector("In", KnownLabels.NAMESPACE_NAME, "ops").matches(KnownLabels.namespace("ops"))).isEqualTo(Tri.YES);
  }

  private static Selector selector(String operator, String key, String... values) {
    return new Selector(Map.of(), List.of(new Selector.Requirement(key, operator, List.of(values))));
  }
}
