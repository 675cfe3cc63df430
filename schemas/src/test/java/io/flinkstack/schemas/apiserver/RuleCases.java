package io.flinkstack.schemas.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.Violation;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Table rows and assertions shared by the per-kind rule tests. */
final class RuleCases {
  private RuleCases() {}

  /** A manifest that breaks exactly one rule, reported at {@code pointer}, with the API server as the stage. */
  static Arguments reject(String rule, JsonNode object, String pointer, String fragment) {
    return reject(rule, object, pointer, fragment, Stage.API_SERVER);
  }

  static Arguments reject(String rule, JsonNode object, String pointer, String fragment, Stage stage) {
    return Arguments.of(named(rule, object), pointer, fragment, stage);
  }

  /** A manifest at the edge of a rule that Kubernetes accepts. */
  static Arguments accept(String rule, JsonNode object) {
    return Arguments.of(named(rule, object));
  }

  static void assertRejected(JsonNode object, String pointer, String fragment, Stage stage) {
    List<Violation> violations = ApiServerRules.check(object);
    assertThat(violations).as("violations").singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo(pointer);
      assertThat(v.message()).contains(fragment).endsWith("(" + stage.description() + ")");
    });
  }

  static void assertAccepted(JsonNode object) {
    assertThat(ApiServerRules.check(object)).isEmpty();
  }
}
