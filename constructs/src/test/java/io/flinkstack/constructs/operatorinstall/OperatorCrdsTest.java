package io.flinkstack.constructs.operatorinstall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.schemas.SchemaValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's CRDs reach cdk8s exactly as the operator-api jar ships them. */
class OperatorCrdsTest {
  @Test
  void theThreeV1CrdsOfTheOperatorApiJar() {
    assertThat(OperatorCrds.names()).containsExactly("flinkdeployments.flink.apache.org",
        "flinksessionjobs.flink.apache.org", "flinkstatesnapshots.flink.apache.org");
    assertThat(OperatorCrds.trees()).allSatisfy(crd -> {
      assertThat(crd.path("apiVersion").asText()).isEqualTo("apiextensions.k8s.io/v1");
      assertThat(crd.path("kind").asText()).isEqualTo("CustomResourceDefinition");
      assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
      // The status subresource is an empty object: it must survive serialization.
      assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
    });
  }

  @Test
  void theJsonHandedToCdk8sIsTheJarsYamlUnchanged() throws Exception {
    List<JsonNode> trees = OperatorCrds.trees();
    for (int i = 0; i < trees.size(); i++) {
      JsonNode written = ManifestJson.MAPPER.readTree(ManifestJson.write(List.of(OperatorCrds.json().get(i)))).get(0);
      assertThat(written).isEqualTo(trees.get(i));
    }
    // Under the 256 KiB that client-side `kubectl apply` can keep in its last-applied annotation.
    assertThat(OperatorCrds.json().get(0).rawValue().toString().length()).isBetween(100_000, 250_000);
  }

  @Test
  void everyCrdIsValidAgainstTheStrictKubernetesSchema() {
    assertThat(OperatorCrds.trees()).allSatisfy(crd ->
        assertThat(SchemaValidator.forKubernetes().validate(crd)).as(crd.at("/metadata/name").asText()).isEmpty());
  }

  @Test
  void callersGetCopies() {
    ((com.fasterxml.jackson.databind.node.ObjectNode) OperatorCrds.trees().get(0)).remove("spec");
    assertThat(OperatorCrds.trees().get(0).has("spec")).isTrue();
  }
}
