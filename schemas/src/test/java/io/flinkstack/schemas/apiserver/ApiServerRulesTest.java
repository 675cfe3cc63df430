package io.flinkstack.schemas.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flinkstack.schemas.SchemaValidator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The entry point: which objects it checks, and that the fixtures the rule tests break are valid to start with. */
class ApiServerRulesTest {
  static Stream<JsonNode> fixtures() {
    return Manifests.ALL.stream().map(Manifests::parse);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFixtureIsValid(JsonNode object) {
    assertThat(ApiServerRules.check(object)).as("API server rules").isEmpty();
    if (!object.get("apiVersion").asText().startsWith("flink.apache.org/")) {
      assertThat(SchemaValidator.forKubernetes().validate(object)).as("strict schema").isEmpty();
    }
  }

  @Test
  void nothingToCheckWithoutApiVersionAndKind() {
    assertThat(ApiServerRules.check(null)).isEmpty();
    assertThat(ApiServerRules.check(JsonNodeFactory.instance.textNode("kind: Service"))).isEmpty();
    assertThat(ApiServerRules.check(Manifests.without(Manifests.SERVICE, "/kind"))).isEmpty();
  }

  @Test
  void otherKindsGetTheMetadataRules() {
    JsonNode job = Manifests.node("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: savepoint/trigger
          labels: {app: -x}
        spec: {template: {spec: {containers: []}}}
        """);

    assertThat(ApiServerRules.check(job)).extracting(v -> v.pointer())
        .containsExactly("/metadata/name", "/metadata/labels/app");
  }

  @Test
  void kindSpecificRulesNeedTheirApiVersion() {
    var oldDeployment = Manifests.with(Manifests.DEPLOYMENT, "/apiVersion", "extensions/v1beta1");

    assertThat(ApiServerRules.check(Manifests.with(oldDeployment, "/spec/replicas", "-1"))).isEmpty();
  }

  @Test
  void valuesOfTheWrongTypeAreLeftToTheSchema() {
    JsonNode deployment = Manifests.with(Manifests.with(Manifests.DEPLOYMENT, "/spec/replicas", "'-1'"),
        "/spec/template/spec/containers/0/ports/0/containerPort", "[1]");

    assertThat(ApiServerRules.check(deployment)).isEmpty();
  }

  @Test
  void messagesSayWhatIsWrongHowToFixItAndWhenKubernetesActs() {
    JsonNode statefulSet = Manifests.with(Manifests.STATEFUL_SET,
        "/spec/template/spec/containers/0/resources/requests/memory", "5Gi");

    assertThat(ApiServerRules.check(statefulSet)).singleElement().hasToString(
        "/spec/template/spec/containers/0/resources/requests/memory: memory request '5Gi' is more than its limit"
            + " '4Gi'; lower the request or raise the limit (rejected when the StatefulSet controller creates the"
            + " pods)");
  }
}
