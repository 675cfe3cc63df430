package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.ALL;
import static io.flinkstack.schemas.TestManifests.DEPLOYMENT;
import static io.flinkstack.schemas.TestManifests.SERVICE;
import static io.flinkstack.schemas.TestManifests.STATEFUL_SET;
import static io.flinkstack.schemas.TestManifests.node;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flinkstack.schemas.SchemaValidator;
import io.flinkstack.schemas.TestManifests;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The entry point: which objects it checks, and that the fixtures the rule tests break are valid to start with. */
class ApiServerRulesTest {
  static Stream<JsonNode> fixtures() {
    return ALL.stream().map(TestManifests::parse);
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
    assertThat(ApiServerRules.check(without(SERVICE, "/kind"))).isEmpty();
  }

  @Test
  void otherKindsGetTheMetadataRules() {
    JsonNode job = node("""
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
    var oldDeployment = with(DEPLOYMENT, "/apiVersion", "extensions/v1beta1");

    assertThat(ApiServerRules.check(with(oldDeployment, "/spec/replicas", "-1"))).isEmpty();
  }

  @Test
  void valuesOfTheWrongTypeAreLeftToTheSchema() {
    JsonNode deployment = with(with(DEPLOYMENT, "/spec/replicas", "'-1'"),
        "/spec/template/spec/containers/0/ports/0/containerPort", "[1]");

    assertThat(ApiServerRules.check(deployment)).isEmpty();
  }

  @Test
  void messagesSayWhatIsWrongHowToFixItAndWhenKubernetesActs() {
    JsonNode statefulSet = with(STATEFUL_SET,
        "/spec/template/spec/containers/0/resources/requests/memory", "5Gi");

    assertThat(ApiServerRules.check(statefulSet)).singleElement().hasToString(
        "/spec/template/spec/containers/0/resources/requests/memory: memory request '5Gi' is more than its limit"
            + " '4Gi'; lower the request or raise the limit (rejected when the StatefulSet controller creates the"
            + " pods)");
  }
}
