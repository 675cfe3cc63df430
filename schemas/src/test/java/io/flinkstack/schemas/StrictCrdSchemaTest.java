package io.flinkstack.schemas;

import static io.flinkstack.schemas.TestManifests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StrictCrdSchemaTest {
  /** Shaped like a Flink operator CRD schema, with the x-kubernetes-* keywords such schemas use. */
  static final String WIDGET_CRD_SCHEMA = """
      type: object
      properties:
        spec:
          type: object
          required: [image]
          properties:
            image:
              type: string
            parallelism:
              type: integer
              format: int32
              minimum: 1
            flinkConfiguration:
              type: object
              additionalProperties:
                type: string
            podTemplate:
              type: object
              x-kubernetes-preserve-unknown-fields: true
              properties:
                apiVersion:
                  type: string
            restPort:
              anyOf:
                - type: integer
                - type: string
              x-kubernetes-int-or-string: true
            memory:
              type: string
              format: quantity
            comment:
              type: string
              nullable: true
            job:
              type: object
              properties:
                jarURI:
                  type: string
                entryClass:
                  type: string
              allOf:
                - properties:
                    jarURI:
                      pattern: "^local://"
            savepoints:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items:
                type: object
                required: [name]
                properties:
                  name:
                    type: string
                  upgradeMode:
                    type: string
                    enum: [stateless, savepoint, last-state]
        status:
          type: object
          x-kubernetes-preserve-unknown-fields: true
      """;

  static final String VALID_WIDGET = """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: wordcount
        labels:
          app.kubernetes.io/name: wordcount
      spec:
        image: flink:1.20.1-java17
        parallelism: 2
        flinkConfiguration:
          taskmanager.numberOfTaskSlots: "2"
        podTemplate:
          apiVersion: v1
          spec:
            anything: goes
        restPort: rest
        memory: 2Gi
        comment: null
        job:
          jarURI: local:///opt/flink/usrlib/wordcount.jar
          entryClass: org.example.WordCount
        savepoints:
          - name: first
            upgradeMode: savepoint
      """;

  private static final SchemaValidator WIDGETS = SchemaValidator.forKubernetes()
      .withCustomResourceSchema("example.com/v1", "Widget", parse(WIDGET_CRD_SCHEMA));

  @Test
  void closesEveryObjectThatListsProperties() {
    ObjectNode strict = StrictCrdSchema.of(parse(WIDGET_CRD_SCHEMA));

    assertThat(strict.at("/additionalProperties").asBoolean(true)).isFalse();
    assertThat(strict.at("/properties/spec/additionalProperties").asBoolean(true)).isFalse();
    assertThat(strict.at("/properties/spec/properties/job/additionalProperties").asBoolean(true)).isFalse();
    assertThat(strict.at("/properties/spec/properties/savepoints/items/additionalProperties").asBoolean(true))
        .isFalse();
  }

  @Test
  void leavesOpenWhatTheSchemaLeavesOpenOnPurpose() {
    ObjectNode strict = StrictCrdSchema.of(parse(WIDGET_CRD_SCHEMA));

    assertThat(strict.at("/properties/spec/properties/podTemplate").has("additionalProperties")).isFalse();
    assertThat(strict.at("/properties/status").has("additionalProperties")).isFalse();
    assertThat(strict.at("/properties/spec/properties/flinkConfiguration/additionalProperties/type").asText())
        .isEqualTo("string");
    // allOf branches list a subset of the properties beside them; closing one would reject entryClass.
    assertThat(strict.at("/properties/spec/properties/job/allOf/0").has("additionalProperties")).isFalse();
  }

  @Test
  void nullableBecomesADraft4TypeList() {
    ObjectNode strict = StrictCrdSchema.of(parse(WIDGET_CRD_SCHEMA));

    assertThat(strict.at("/properties/spec/properties/comment/type").toString()).isEqualTo("[\"string\",\"null\"]");
  }

  @Test
  void leavesItsArgumentUntouched() {
    ObjectNode original = parse(WIDGET_CRD_SCHEMA);
    JsonNode before = original.deepCopy();

    StrictCrdSchema.of(original);

    assertThat(original).isEqualTo(before);
  }

  @Test
  void rejectsASchemaThatIsNotAnObject() {
    assertThatThrownBy(() -> StrictCrdSchema.of(parse("type: object").get("type")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validCustomResourcePasses() {
    assertThat(WIDGETS.validate(parse(VALID_WIDGET))).isEmpty();
  }

  @Test
  void unknownFieldInCustomResourceIsReported() {
    ObjectNode widget = parse(VALID_WIDGET);
    ((ObjectNode) widget.at("/spec")).put("paralelism", 2);
    ((ObjectNode) widget.at("/spec/savepoints/0")).put("upgradMode", "stateless");

    assertThat(WIDGETS.validate(widget)).extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/spec/paralelism", "/spec/savepoints/0/upgradMode");
  }

  @Test
  void customResourceValuesAreStillCheckedByType() {
    ObjectNode widget = parse(VALID_WIDGET);
    ((ObjectNode) widget.at("/spec")).put("parallelism", "2");

    assertThat(WIDGETS.validate(widget)).extracting(Violation::pointer).containsExactly("/spec/parallelism");
  }

  @Test
  void customResourceMetadataIsCheckedAsKubernetesObjectMeta() {
    ObjectNode widget = parse(VALID_WIDGET);
    ((ObjectNode) widget.at("/metadata")).putObject("lables").put("a", "b");

    assertThat(WIDGETS.validate(widget)).extracting(Violation::pointer).containsExactly("/metadata/lables");
  }

  @Test
  void registeringReturnsANewValidatorAndLeavesTheOriginalAlone() {
    assertThat(SchemaValidator.forKubernetes().validate(parse(VALID_WIDGET))).singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("no strict schema for example.com/v1 Widget"));
    assertThat(WIDGETS.validate(parse(TestManifests.CONFIG_MAP))).isEmpty();
  }
}
