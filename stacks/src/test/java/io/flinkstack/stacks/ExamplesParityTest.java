package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.examples.Examples;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cdk8s.App;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, deployed through the component, registers exactly the objects `flinkstack synth` writes:
 * same kinds, names, namespaces and every field, compared after Pulumi's own serialization.
 */
class ExamplesParityTest {

  static Stream<Arguments> examples() {
    return Examples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void registeredResourcesAreTheSynthesizedObjects(String chart, Consumer<App> definition) {
    Map<String, Object> expected = new TreeMap<>();
    Map<String, String> expectedTokens = new TreeMap<>();
    for (JsonNode object : Manifests.synthesize(definition)) {
      expected.put(Manifests.key(object), Normalized.of(object));
      expectedTokens.put(Manifests.key(object), Manifests.expectedToken(object));
    }

    AtomicReference<FlinkApplicationComponent> component = new AtomicReference<>();
    MockStack.Run run = MockStack.run(Map.of(),
        ctx -> component.set(new FlinkApplicationComponent(chart, definition, null)));

    assertThat(run.result().errors()).isEmpty();
    assertThat(run.result().exitCode()).isZero();
    Map<String, Object> registered = new TreeMap<>();
    Map<String, String> registeredTokens = new TreeMap<>();
    for (MockStack.Registration r : run.kubernetes()) {
      registered.put(Manifests.key(r), Normalized.of(r.inputs()));
      registeredTokens.put(Manifests.key(r), r.type());
      assertThat(r.parent()).as("parent of %s", r.name()).isEqualTo(chart);
    }
    assertThat(expected).isNotEmpty();
    assertThat(registered.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(registeredTokens).isEqualTo(expectedTokens);
    expected.forEach((key, object) -> assertThat(registered.get(key)).as(key).isEqualTo(object));
    // Every Kubernetes kind the examples use has a typed SDK class and carried the whole object; custom
    // resources (the operator's FlinkDeployment, flinkstack's FlinkJob) go untyped, under their type token, by
    // design. The CRDs (the operator's, and flinkstack's the runtime controller installs) use schema keywords
    // (x-kubernetes-int-or-string, x-kubernetes-validations) the SDK 4.0.0's typed CRD args lack: they go
    // untyped with the field named, never with the field dropped.
    // The SDK 4.0.0 predates admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (GA in Kubernetes 1.30):
    // the runtime controller's policy and binding go untyped, under their type token.
    List<String> newerThanTheSdk = List.of("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
    assertThat(component.get().objects())
        .filteredOn(o -> !customResource(o))
        .filteredOn(o -> !o.object().kind().equals("CustomResourceDefinition"))
        .filteredOn(o -> !newerThanTheSdk.contains(o.object().kind()))
        .allSatisfy(o -> assertThat(o.resource()).as(o.object().kind()).isNotInstanceOf(UntypedKubernetesResource.class));
    assertThat(component.get().objects())
        .filteredOn(o -> newerThanTheSdk.contains(o.object().kind()))
        .allSatisfy(o -> assertThat(KubernetesTypes.typed(o.object().apiVersion(), o.object().kind())).as("the SDK still lacks it").isEmpty());
    assertThat(component.get().objects())
        .filteredOn(o -> o.object().kind().equals("CustomResourceDefinition"))
        .filteredOn(o -> o.resource() instanceof UntypedKubernetesResource)
        .allSatisfy(o -> assertThat(o.untypedReason()).hasValueSatisfying(why -> assertThat(why).contains("x-kubernetes-")));
    assertThat(component.get().objects())
        .filteredOn(ExamplesParityTest::customResource)
        .allSatisfy(o -> assertThat(o.resource()).isInstanceOf(UntypedKubernetesResource.class));
  }

  private static boolean customResource(DeployedObject o) {
    return o.object().apiVersion().startsWith("flink.apache.org/") || o.object().apiVersion().startsWith("flinkstack.io/");
  }
}
