package io.flinkstack.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API server's documented CEL semantics, as {@link CelValidationRules} emulates them. */
class CelValidationRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final JsonNode SCHEMA = yaml("""
      type: object
      properties:
        spec:
          type: object
          x-kubernetes-validations:
          - rule: "!has(self.min) || !has(self.max) || self.min <= self.max"
            message: min must not be more than max
            fieldPath: .min
          - rule: "self.mode != 'jar' || has(self.uri)"
          properties:
            min: {type: integer}
            max: {type: integer}
            mode: {type: string}
            uri: {type: string}
            cluster:
              type: string
              x-kubernetes-validations:
              - rule: self == oldSelf
                message: cluster cannot change
            ratio: {type: number, x-kubernetes-validations: [{rule: "self < 1.0"}]}
            ports:
              type: array
              items:
                type: object
                x-kubernetes-validations:
                - rule: self.port > 0 && self.port < 65536
                  message: port out of range
                properties:
                  port: {type: integer}
            labels:
              type: object
              additionalProperties:
                type: string
                x-kubernetes-validations: [{rule: "size(self) <= 5", message: too long}]
      """);

  private final CelValidationRules rules = CelValidationRules.of(SCHEMA);

  @Test
  void aFalseRuleFailsWithItsMessageAtItsNodeAndFieldPath() {
    List<Violation> v = rules.validate(yaml("spec: {min: 5, max: 2, mode: stream}"));
    assertThat(v).singleElement().satisfies(x -> {
      assertThat(x.pointer()).isEqualTo("/spec/min");
      assertThat(x.message()).startsWith("min must not be more than max");
    });
  }

  @Test
  void aRuleWithoutMessageFailsWithTheRule() {
    assertThat(rules.validate(yaml("spec: {mode: jar}"))).singleElement()
        .satisfies(x -> assertThat(x.message()).startsWith("failed rule: self.mode != 'jar' || has(self.uri)"));
  }

  @Test
  void absentValuesAreNotEvaluatedAndHasGuardsOptionalFields() {
    assertThat(rules.validate(yaml("spec: {mode: stream}"))).isEmpty();
    assertThat(rules.validate(yaml("metadata: {name: x}"))).isEmpty();
  }

  @Test
  void transitionRulesAreSkippedOnCreateAndEvaluatedOnUpdate() {
    JsonNode old = yaml("spec: {mode: stream, cluster: a}");
    assertThat(rules.validate(yaml("spec: {mode: stream, cluster: b}"))).isEmpty();
    assertThat(rules.validateUpdate(old, yaml("spec: {mode: stream, cluster: a}"))).isEmpty();
    assertThat(rules.validateUpdate(old, yaml("spec: {mode: stream, cluster: b}"))).singleElement()
        .satisfies(x -> assertThat(x.pointer()).isEqualTo("/spec/cluster"))
        .satisfies(x -> assertThat(x.message()).startsWith("cluster cannot change"));
    // No old value at that place: a transition rule is not evaluated (the field is being added).
    assertThat(rules.validateUpdate(yaml("spec: {mode: stream}"), yaml("spec: {mode: stream, cluster: b}"))).isEmpty();
  }

  @Test
  void itemsAndAdditionalPropertiesAreEvaluatedPerElement() {
    List<Violation> v = rules.validate(yaml("""
        spec:
          mode: stream
          ports: [{port: 80}, {port: 70000}]
          labels: {a: ok, b: far-too-long}
        """));
    assertThat(v).extracting(Violation::pointer).containsExactlyInAnyOrder("/spec/ports/1", "/spec/labels/b");
  }

  @Test
  void integersAreInt64AndOtherNumbersDouble() {
    assertThat(rules.validate(yaml("spec: {mode: s, ratio: 0.5}"))).isEmpty();
    assertThat(rules.validate(yaml("spec: {mode: s, ratio: 1.5}"))).hasSize(1);
  }

  @Test
  void aRuleThatDoesNotCompileIsRefusedWithItsPlace() {
    assertThatThrownBy(() -> CelValidationRules.of(yaml("""
        type: object
        properties:
          spec: {type: object, x-kubernetes-validations: [{rule: "self.x ==="}]}
        """))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/spec").hasMessageContaining("self.x ===");
  }

  @Test
  void schemaValidatorEvaluatesTheRulesOnlyOnObjectsThatPassTheSchema() {
    JsonNode crdSchema = yaml("""
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations: [{rule: "self.min <= self.max", message: min above max}]
            properties:
              min: {type: integer}
              max: {type: integer}
        """);
    SchemaValidator validator = SchemaValidator.forKubernetes().withCustomResourceSchema("x.io/v1", "Thing", crdSchema);
    String head = "apiVersion: x.io/v1\nkind: Thing\nmetadata: {name: t}\n";
    assertThat(validator.validate(yaml(head + "spec: {min: 3, max: 2}"))).extracting(Violation::message)
        .singleElement().asString().startsWith("min above max");
    // A schema violation first: the rule is not evaluated on a value of the wrong type.
    assertThat(validator.validate(yaml(head + "spec: {min: three, max: 2}"))).extracting(Violation::pointer)
        .containsExactly("/spec/min");
  }
}
