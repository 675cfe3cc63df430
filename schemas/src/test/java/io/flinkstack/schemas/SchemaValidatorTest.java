package io.flinkstack.schemas;

import static io.flinkstack.schemas.TestManifests.objectAt;
import static io.flinkstack.schemas.TestManifests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaValidatorTest {
  private static final SchemaValidator VALIDATOR = SchemaValidator.forKubernetes();

  @ParameterizedTest(name = "{index}")
  @ValueSource(strings = {
      TestManifests.CONFIG_MAP, TestManifests.SERVICE, TestManifests.DEPLOYMENT, TestManifests.STATEFUL_SET})
  void realisticManifestsHaveNoViolations(String manifest) {
    assertThat(VALIDATOR.validate(parse(manifest))).isEmpty();
  }

  @Test
  void misspeltFieldIsReportedAtTheField() {
    ObjectNode statefulSet = parse(TestManifests.STATEFUL_SET);
    ObjectNode spec = objectAt(statefulSet, "/spec");
    spec.set("replica", spec.remove("replicas"));

    List<Violation> violations = VALIDATOR.validate(statefulSet);

    assertThat(violations).extracting(Violation::pointer).containsExactly("/spec/replica");
    assertThat(violations.get(0).message()).contains("'replica' is not defined in the schema");
  }

  @Test
  void textWhereAnIntegerBelongsIsATypeError() {
    ObjectNode statefulSet = parse(TestManifests.STATEFUL_SET);
    objectAt(statefulSet, "/spec").put("replicas", "two");

    assertThat(VALIDATOR.validate(statefulSet))
        .containsExactly(new Violation("/spec/replicas", "string found, [integer, null] expected"));
  }

  @Test
  void quotedContainerPortIsATypeError() {
    ObjectNode deployment = parse(TestManifests.DEPLOYMENT);
    objectAt(deployment, "/spec/template/spec/containers/0/ports/0").put("containerPort", "6122");

    assertThat(VALIDATOR.validate(deployment)).extracting(Violation::pointer)
        .containsExactly("/spec/template/spec/containers/0/ports/0/containerPort");
  }

  @Test
  void missingRequiredFieldIsReportedAtTheObjectThatLacksIt() {
    ObjectNode statefulSet = parse(TestManifests.STATEFUL_SET);
    objectAt(statefulSet, "/spec/template/spec/containers/0").remove("name");

    assertThat(VALIDATOR.validate(statefulSet)).containsExactly(
        new Violation("/spec/template/spec/containers/0", "required property 'name' not found"));
  }

  @Test
  void everyViolationInAnObjectIsReported() {
    ObjectNode service = parse(TestManifests.SERVICE);
    objectAt(service, "/spec/ports/0").put("port", "6123");
    objectAt(service, "/spec").put("typ", "ClusterIP");

    assertThat(VALIDATOR.validate(service)).extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/spec/ports/0/port", "/spec/typ");
  }

  @Test
  void pointerEscapesSlashesInKeys() {
    ObjectNode configMap = parse(TestManifests.CONFIG_MAP);
    objectAt(configMap, "/metadata/labels").put("app.kubernetes.io/version", 2);

    assertThat(VALIDATOR.validate(configMap)).extracting(Violation::pointer)
        .containsExactly("/metadata/labels/app.kubernetes.io~1version");
  }

  @Test
  void kindWithoutBundledSchemaIsAViolationNotAPass() {
    ObjectNode widget = parse("""
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w
        """);

    List<Violation> violations = VALIDATOR.validate(widget);

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).pointer()).isEmpty();
    assertThat(violations.get(0).message()).startsWith("no strict schema for example.com/v1 Widget; ");
  }

  /** A kind Kubernetes knows under an apiVersion no schema is bundled for: one violation, not a pass. */
  static Stream<Arguments> unbundledApiVersions() {
    return Stream.of(
        Arguments.of(named("known kind in an unbundled version", TestManifests.STATEFUL_SET), "apps/v1beta2",
            "StatefulSet"),
        Arguments.of(named("group sharing the first label of a Kubernetes group is not mistaken for it",
            TestManifests.DEPLOYMENT), "apps.example.com/v1", "Deployment"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unbundledApiVersions")
  void unbundledApiVersionHasNoSchema(String manifest, String apiVersion, String kind) {
    ObjectNode object = parse(manifest);
    object.put("apiVersion", apiVersion);

    assertThat(VALIDATOR.validate(object)).singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("no strict schema for " + apiVersion + " " + kind));
  }

  @Test
  void missingApiVersionAndKindAreBothReported() {
    ObjectNode anonymous = parse("metadata:\n  name: x\n");

    assertThat(VALIDATOR.validate(anonymous)).extracting(Violation::message).containsExactly(
        "required property 'apiVersion' not found; the schema is chosen by apiVersion and kind",
        "required property 'kind' not found; the schema is chosen by apiVersion and kind");
  }

  @Test
  void nonTextKindIsReportedAtTheField() {
    ObjectNode configMap = parse(TestManifests.CONFIG_MAP);
    configMap.put("kind", 7);

    assertThat(VALIDATOR.validate(configMap))
        .containsExactly(new Violation("/kind", "kind must be a non-empty string"));
  }

  @Test
  void documentThatIsNotAnObjectIsAViolation() {
    var list = JsonNodeFactory.instance.arrayNode().add("ConfigMap");

    assertThat(VALIDATOR.validate(list)).singleElement()
        .satisfies(v -> assertThat(v.message()).endsWith("found array"));
  }

  @Test
  void validatesFromManyThreadsAtOnce() {
    ObjectNode broken = parse(TestManifests.STATEFUL_SET);
    objectAt(broken, "/spec").put("replicas", "two");
    ObjectNode valid = parse(TestManifests.DEPLOYMENT);

    List<Integer> violationCounts = IntStream.range(0, 64).parallel()
        .mapToObj(i -> VALIDATOR.validate(i % 2 == 0 ? broken : valid).size())
        .toList();

    assertThat(violationCounts).containsExactlyElementsOf(
        IntStream.range(0, 64).mapToObj(i -> i % 2 == 0 ? 1 : 0).toList());
  }
}
