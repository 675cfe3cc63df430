package io.flinkstack.constructs.validation.reachability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.RuntimeController;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.contract.FlinkVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.junit.jupiter.api.Test;

/**
 * The model on a folder's worth of manifests, found from the objects alone: an app synthesized through cdk8s with its
 * runtime controller, then the same objects edited as a hand-written or mistaken manifest would be.
 */
class ManifestSetReachabilityTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A controller in {@code platform} watching {@code payments}, and a cluster there, as synthesized. */
  private static List<JsonNode> synthesized(Consumer<FlinkApplication.Builder> change) throws IOException {
    App app = new App();
    RuntimeController.Builder.create(new Chart(app, "controller"), "controller")
        .image("registry.example.com/flinkstack-controller:0.1.0").namespace("platform")
        .watchNamespaces(List.of("payments")).build();
    FlinkApplication.Builder cluster = FlinkApplication.Builder.create(
            new Chart(app, "orders", ChartProps.builder().namespace("payments").build()), "orders")
        .flinkVersion(FlinkVersion.V2_1).image("flink:2.1").jarUri("local:///opt/flink/usrlib/job.jar")
        .taskManagers(2).taskSlots(2);
    change.accept(cluster);
    cluster.build();
    List<JsonNode> objects = new ArrayList<>();
    for (ChartManifest chart : AppSynthesizer.synthesize(app)) {
      YAML.readerFor(JsonNode.class).readValues(chart.yaml()).forEachRemaining(o -> objects.add((JsonNode) o));
    }
    return objects;
  }

  private static List<String> messages(List<JsonNode> objects) {
    return ManifestSetReachability.check(objects).stream()
        .map(f -> f.cluster() + (f.finding().blocked() ? " blocked: " : " depends: ") + f.finding().needed().flow().describe())
        .toList();
  }

  private static ObjectNode restRule(List<JsonNode> objects) {
    for (JsonNode o : objects) {
      if (o.path("kind").asText().equals("NetworkPolicy")) {
        for (JsonNode r : o.path("spec").path("ingress")) {
          if (r.path("ports").path(0).path("port").asInt() == 8081) {
            return (ObjectNode) r;
          }
        }
      }
    }
    throw new AssertionError("no REST rule");
  }

  @Test
  void whatTheConstructsSynthesizeIsReachableAsFoundInTheFiles() throws IOException {
    List<JsonNode> objects = synthesized(b -> {});
    assertThat(messages(objects)).isEmpty();
    // The cluster was found and the controller is a peer: dropping its rule is caught.
    ArrayNode from = (ArrayNode) restRule(objects).path("from");
    for (int i = from.size() - 1; i >= 0; i--) {
      if (from.get(i).path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText()
          .equals("platform")) {
        from.remove(i);
      }
    }
    assertThat(messages(objects)).containsExactly(
        "orders blocked: the runtime controller (namespace platform) → the JobManager: REST (8081)");
  }

  @Test
  void aControllerBoundToOtherNamespacesIsNoPeer() throws IOException {
    List<JsonNode> objects = synthesized(b -> {});
    for (JsonNode o : objects) {
      if (o.path("kind").asText().equals("RoleBinding") && o.path("metadata").path("namespace").asText().equals("payments")) {
        ((ObjectNode) o.path("metadata")).put("namespace", "analytics");
      }
    }
    restRule(objects).removeAll();
    // Without its RoleBinding in payments, the controller does not act there; nothing else needs REST.
    assertThat(messages(objects)).isEmpty();
  }

  @Test
  void anIngressBringsAControllerFromANamespaceTheFilesDoNotTell() throws IOException {
    List<JsonNode> objects = synthesized(b -> b.restIngress(RestIngress.builder().host("flink.example.com")
        .protectedBy(RestProtection.unauthenticated()).build()));
    // ingressControllerNamespace admits ingress-nginx by name: whether that is where the controller runs, the files
    // cannot say.
    assertThat(messages(objects)).containsExactly("orders depends: the Ingress controller → the JobManager: REST (8081)");
  }

  @Test
  void aNodePortServiceBringsClientsThatOnlyAnIpBlockCanAdmit() throws IOException {
    List<JsonNode> objects = synthesized(b -> b.restService(RestService.nodePort().protectedBy(RestProtection.unauthenticated()))
        .restAccess(List.of(NetworkAccess.sameNamespace(), NetworkAccess.cidr("10.0.0.0/8"))));
    assertThat(messages(objects)).containsExactly("orders depends: NodePort clients → the JobManager: REST (8081)");
    ArrayNode from = (ArrayNode) restRule(objects).path("from");
    for (int i = from.size() - 1; i >= 0; i--) {
      if (from.get(i).has("ipBlock")) {
        from.remove(i);
      }
    }
    assertThat(messages(objects)).containsExactly("orders blocked: NodePort clients → the JobManager: REST (8081)");
  }
}
