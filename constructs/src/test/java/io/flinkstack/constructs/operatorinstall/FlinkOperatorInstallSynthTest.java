package io.flinkstack.constructs.operatorinstall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flinkstack.constructs.FlinkOperatorInstall;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.schemas.SchemaValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;

/** Through cdk8s as a user's app runs it: the big CRDs cross JSII and come out unchanged. */
class FlinkOperatorInstallSynthTest {
  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    }
    return docs;
  }

  @Test
  void synthesizesTheWholeInstallThroughCdk8s() throws IOException {
    long start = System.nanoTime();
    OperatorCrds.names(); // parses the CRDs' YAML, once per JVM
    long crdsParsed = System.nanoTime();
    App app = new App();
    Chart chart = new Chart(app, "operator-install");
    long constructStart = System.nanoTime();
    FlinkOperatorInstall install = FlinkOperatorInstall.Builder.create(chart, "flink-operator")
        .watchedNamespaces(List.of("analytics", "payments"))
        .webhook(true).webhookCertificateSecret("webhook-cert").webhookKeystorePasswordSecret("webhook-password")
        .build();
    long synthStart = System.nanoTime();
    List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
    long end = System.nanoTime();
    System.out.printf("FlinkOperatorInstall through cdk8s: CRD YAML parsed in %d ms, app and chart %d ms, construct"
            + " (CRDs + %d objects, %d JSII constructs) %d ms, synthesis to YAML %d ms (%d KB)%n",
        (crdsParsed - start) / 1_000_000, (constructStart - crdsParsed) / 1_000_000, install.getManifests().size(), 1 + 2,
        (synthStart - constructStart) / 1_000_000, (end - synthStart) / 1_000_000,
        manifests.get(0).yaml().length() / 1024);

    assertThat(manifests).singleElement().satisfies(m -> assertThat(m.file()).isEqualTo("operator-install.k8s.yaml"));
    List<JsonNode> docs = documents(manifests.get(0).yaml());
    assertThat(docs).hasSize(3 + install.getManifests().size());
    // CRDs first, byte-for-byte the same trees as the jar's YAML (cdk8s only sorts keys).
    assertThat(docs.subList(0, 3)).containsExactlyElementsOf(OperatorCrds.trees());
    List<String> namespacedWithout = docs.stream()
        .filter(d -> !List.of("CustomResourceDefinition", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "ClusterRole", "ClusterRoleBinding").contains(d.path("kind").asText()))
        .filter(d -> d.at("/metadata/namespace").asText().isEmpty())
        .map(d -> d.path("kind").asText() + " " + d.at("/metadata/name").asText()).toList();
    assertThat(namespacedWithout).as("namespaced objects without a namespace").isEmpty();
    assertThat(docs.stream().filter(d -> d.path("kind").asText().equals("ServiceAccount"))
        .map(d -> d.at("/metadata/namespace").asText() + "/" + d.at("/metadata/name").asText()))
        .containsExactly("flink-operator/flink-operator", "analytics/flink", "payments/flink");
    assertThat(docs).allSatisfy(d -> assertThat(SchemaValidator.forKubernetes().validate(d))
        .as(d.path("kind").asText() + " " + d.at("/metadata/name").asText()).isEmpty());
  }

  @Test
  void twoInstallsOfDifferentNamespacesShareAChartWithoutClashes() {
    App app = new App();
    Chart chart = new Chart(app, "operators");
    FlinkOperatorInstall.Builder.create(chart, "team-a").namespace("team-a-operator")
        .watchedNamespaces(List.of("team-a")).build();
    FlinkOperatorInstall.Builder.create(chart, "team-b").namespace("team-b-operator")
        .watchedNamespaces(List.of("team-b")).installCrds(false).build();
    String yaml = AppSynthesizer.synthesize(app).get(0).yaml();
    assertThat(yaml.split("\nkind: CustomResourceDefinition\n", -1)).hasSize(1 + 3);
  }

  @Test
  void anInvalidInstallAddsNothingToTheTree() {
    App app = new App();
    Chart chart = new Chart(app, "bad");
    assertThatThrownBy(() -> FlinkOperatorInstall.Builder.create(chart, "op").replicas(3).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("bad/op: replicas: 3 operators without leader election");
    assertThat(chart.getNode().getChildren()).isEmpty();
  }
}
