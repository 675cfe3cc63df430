package io.flinkstack.constructs.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.manifests.ClusterSpec;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.schemas.PodSecurity;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import io.flinkstack.schemas.SchemaValidator;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Valid props always make a cluster Kubernetes and Flink accept: they resolve, every object passes the strict
 * Kubernetes schemas and the API server's other rules, every workload meets the restricted Pod Security
 * Standard, every object store in the configuration is reachable, and the same props give the same objects.
 */
class ValidPropsTest {
  // With the CRDs: the FlinkJob each application declares to the runtime controller passes its schema and CEL rules.
  private static final SchemaValidator SCHEMAS = CustomResourceSchemas.validator();

  @Provide
  Arbitrary<ValidApplication> validApplications() {
    return ValidApplications.all();
  }

  // Edge cases are off: mixed into this deep combination, jqwik's edge cases repeat one minimal sample hundreds
  // of times; the generators produce the boundaries (smallest memory, all slots used, …) themselves.
  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void validPropsSynthesizeObjectsKubernetesAccepts(@ForAll("validApplications") ValidApplication app) {
    ClusterSpec spec = ClusterValidator.validate(app.props(), "app", () -> "chart/app");
    List<JsonNode> objects = toJson(ApplicationManifests.build(spec));

    List<String> problems = new ArrayList<>();
    int workloads = 0;
    for (JsonNode object : objects) {
      String id = object.path("kind").asText() + " " + object.path("metadata").path("name").asText() + ": ";
      SCHEMAS.validate(object).forEach(v -> problems.add(id + "schema: " + v));
      PodSecurity.check(object).forEach(v -> problems.add(id + "pod security: " + v));
      problems.addAll(ApiServerRules.problems(object));
      workloads += PodSecurity.podSpecPointer(object).isPresent() ? 1 : 0;
    }
    problems.addAll(ObjectStorePlugins.problems(FlinkReads.configuration(configMap(objects)), objects));

    assertThat(problems).isEmpty();
    assertThat(workloads).as("JobManager and TaskManager workloads").isEqualTo(2);
    Statistics.label("Flink").collect(spec.flinkVersion());
    Statistics.label("features").collect(spec.highlyAvailable() ? "HA" : "no HA",
        spec.autoscaled() ? "autoscaled" : "fixed", spec.props().getStateStorage() == null ? "no storage"
            : spec.props().getStateStorage().isVolume() ? "shared volume" : "object store",
        spec.props().getLocalRecovery() == null ? "-" : "local recovery");
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void samePropsGiveTheSameObjects(@ForAll("validApplications") ValidApplication app) {
    List<JsonNode> first = toJson(ApplicationManifests.build(ClusterValidator.validate(app.props(), "app", () -> "a")));
    List<JsonNode> second = toJson(ApplicationManifests.build(ClusterValidator.validate(app.props(), "app", () -> "a")));

    assertThat(second).isEqualTo(first);
    assertThat(ManifestJson.write(second)).isEqualTo(ManifestJson.write(first));
  }

  private static List<JsonNode> toJson(List<HasMetadata> objects) {
    return objects.stream().map(o -> (JsonNode) ManifestJson.MAPPER.valueToTree(o)).toList();
  }

  private static JsonNode configMap(List<JsonNode> objects) {
    return objects.stream().filter(o -> o.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
  }
}
