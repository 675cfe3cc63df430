package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.Violation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-kind rule tests: each subclass lists, in static {@code rejected()} and {@code accepted()} methods, the
 * manifests that break one rule and those at the edge of a rule that Kubernetes accepts; the two tests here run
 * every row of those tables against {@link ApiServerRules#check}.
 */
abstract class RuleCases {
  /** A manifest that breaks exactly one rule, reported at {@code pointer}, with the API server as the stage. */
  static Arguments reject(String rule, JsonNode object, String pointer, String fragment) {
    return reject(rule, object, pointer, fragment, Stage.API_SERVER);
  }

  static Arguments reject(String rule, JsonNode object, String pointer, String fragment, Stage stage) {
    return Arguments.of(named(rule, object), pointer, fragment, stage);
  }

  /**
   * {@code manifest} with {@code valueYaml} at {@code pointer}, which breaks exactly one rule and is reported at that
   * same pointer, with the API server as the stage.
   */
  static Arguments rejectValue(String rule, String manifest, String pointer, String valueYaml, String fragment) {
    return rejectValue(rule, manifest, pointer, valueYaml, fragment, Stage.API_SERVER);
  }

  static Arguments rejectValue(String rule, String manifest, String pointer, String valueYaml, String fragment,
      Stage stage) {
    return reject(rule, with(manifest, pointer, valueYaml), pointer, fragment, stage);
  }

  /** A manifest at the edge of a rule that Kubernetes accepts. */
  static Arguments accept(String rule, JsonNode object) {
    return Arguments.of(named(rule, object));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(JsonNode object, String pointer, String fragment, Stage stage) {
    List<Violation> violations = ApiServerRules.check(object);
    assertThat(violations).as("violations").singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo(pointer);
      assertThat(v.message()).contains(fragment).endsWith("(" + stage.description() + ")");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepts(JsonNode object) {
    assertThat(ApiServerRules.check(object)).isEmpty();
  }
}
