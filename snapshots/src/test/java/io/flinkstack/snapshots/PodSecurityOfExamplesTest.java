package io.flinkstack.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.examples.Examples;
import io.flinkstack.schemas.PodSecurity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every workload of every example meets the restricted Pod Security Standard, so the examples run in a
 * namespace labelled {@code pod-security.kubernetes.io/enforce: restricted}. Pods the Apache operator creates
 * from a FlinkDeployment are checked through the deployment's pod templates, which carry everything
 * flinkstack sets on them.
 */
class PodSecurityOfExamplesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final List<String> FLINK_COMPONENTS = List.of("jobManager", "taskManager");
  private static List<ChartManifest> manifests;

  /** A pod-bearing object to check, and how violations name it. */
  private record Workload(String id, JsonNode object) {}

  @BeforeAll
  static void synthesizeOnce() {
    manifests = AppSynthesizer.synthesize(Examples.all().values());
  }

  @TestFactory
  Stream<DynamicTest> everyWorkloadMeetsTheRestrictedStandard() {
    assertThat(manifests).hasSameSizeAs(Examples.all().keySet());
    return manifests.stream().map(m -> DynamicTest.dynamicTest(m.file(), () -> {
      List<String> violations = new ArrayList<>();
      int workloads = 0;
      for (JsonNode object : documents(m.yaml())) {
        for (Workload workload : workloads(object)) {
          workloads++;
          PodSecurity.check(workload.object()).forEach(v -> violations.add(workload.id() + " " + v));
        }
      }
      // A chart whose workloads were all missed (a new kind, a parsing slip) must not pass for want of pods.
      assertThat(workloads).as("workloads inspected in %s", m.file()).isPositive();
      assertThat(violations).as("restricted Pod Security violations in %s", m.file()).isEmpty();
    }));
  }

  private static List<Workload> workloads(JsonNode object) {
    String id = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
    if (PodSecurity.podSpecPointer(object).isPresent()) {
      return List.of(new Workload(id, object));
    }
    if (!object.path("apiVersion").asText().startsWith("flink.apache.org/")
        || !object.path("kind").asText().equals("FlinkDeployment")) {
      return List.of();
    }
    // The operator lays a component's template over the common one (objects merged, lists replaced by default).
    JsonNode common = object.path("spec").path("podTemplate");
    List<Workload> pods = new ArrayList<>();
    for (String component : FLINK_COMPONENTS) {
      JsonNode own = object.path("spec").path(component).path("podTemplate");
      JsonNode template = merge(common, own);
      if (template.isObject()) {
        ObjectNode pod = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.set("metadata", template.path("metadata").deepCopy());
        pod.set("spec", template.path("spec").deepCopy());
        pods.add(new Workload(id + " " + component + " pod template", pod));
      }
    }
    return pods;
  }

  private static JsonNode merge(JsonNode base, JsonNode overlay) {
    if (overlay.isMissingNode() || overlay.isNull()) {
      return base;
    }
    if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
      return overlay;
    }
    ObjectNode merged = baseObject.deepCopy();
    overlay.fields().forEachRemaining(e -> merged.set(e.getKey(), merge(merged.path(e.getKey()), e.getValue())));
    return merged;
  }

  private static List<JsonNode> documents(String yamlText) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(yamlText)) {
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }
}
