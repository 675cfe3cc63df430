package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.synth.DeploymentTier;
import io.flinkstack.constructs.synth.SynthesizedChart;
import io.flinkstack.constructs.synth.SynthesizedObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;

/**
 * A workload whose replicas an autoscaler owns keeps its live replica count on updates ({@code ignoreChanges:
 * spec.replicas}); nothing else does. Who owns what, and the tier of each object, are what synthesis says: the
 * component never looks at an HPA itself.
 */
class ReplicaOwnershipTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void anAutoscaledApplicationsTaskManagersKeepTheirReplicas() {
    MockStack.Run run = MockStack.run(Map.of(), ctx -> new FlinkApplicationComponent("scaled",
        FlinkApplicationArgs.builder().namespace("team-a").props(FlinkApplicationProps.builder()
            .image("flink:2.1").jarUri("local:///opt/flink/usrlib/job.jar").taskSlots(2)
            .autoscaling(HpaAutoscaler.builder().minReplicas(1).maxReplicas(4).cpuUtilization(70).build())
            .build()).build(), null));

    assertOnlyReplicasIgnoredOf(run, "scaled/team-a/scaled-taskmanager");
    assertThat(specOf(run, "scaled/team-a/scaled-taskmanager")).doesNotContainKey("replicas"); // left to the HPA
  }

  @Test
  void ownershipAndTiersAreTheFactsOfSynthesisNotReadFromTheObjects() throws Exception {
    // Facts that the objects alone would contradict: a workload owned with no HPA in sight, an HPA's target
    // that synthesis says nobody owns, and a ConfigMap synthesis puts among the workloads.
    SynthesizedChart chart = new SynthesizedChart("facts.k8s.yaml", List.of(
        fact(object("v1", "ServiceAccount", "sa", ""), DeploymentTier.FOUNDATION, false),
        fact(object("v1", "ConfigMap", "settings", ""), DeploymentTier.WORKLOADS, false),
        fact(object("apps/v1", "StatefulSet", "owned", "spec: {replicas: 3}"), DeploymentTier.WORKLOADS, true),
        fact(object("apps/v1", "Deployment", "web", "spec: {replicas: 2}"), DeploymentTier.WORKLOADS, false),
        fact(object("autoscaling/v2", "HorizontalPodAutoscaler", "web", "spec: {maxReplicas: 4, scaleTargetRef:"
            + " {apiVersion: apps/v1, kind: Deployment, name: web}}"), DeploymentTier.SCALERS, false)));

    MockStack.Run run = MockStack.run(Map.of(), ctx -> new FlinkApplicationComponent("facts", List.of(chart), null));

    assertOnlyReplicasIgnoredOf(run, "facts/ns/owned");
    assertThat(run.find("ConfigMap", "facts/ns/settings").dependsOn()).containsExactly("facts/ns/sa");
    assertThat(run.find("HorizontalPodAutoscaler", "facts/ns/web").dependsOn())
        .containsExactlyInAnyOrder("facts/ns/settings", "facts/ns/owned", "facts/ns/web");
  }

  @Test
  void theHpaTargetOfTheSameChartIgnoresReplicasAndNothingElseDoes() {
    MockStack.Run run = MockStack.run(Map.of(), ctx -> new FlinkApplicationComponent("scaling", app -> {
      // scaled: its own HPA targets its TaskManagers
      Chart scaled = HandMadeCharts.chart(app, "scaled", "team-a");
      HandMadeCharts.wordCount(scaled, "scaled");
      HandMadeCharts.hpa(scaled, "scaled-taskmanager", "StatefulSet", "scaled-taskmanager");
      // fixed: the HPAs that name its StatefulSets live in another chart, or want another kind
      Chart fixed = HandMadeCharts.chart(app, "fixed", "team-a");
      HandMadeCharts.wordCount(fixed, "fixed");
      HandMadeCharts.hpa(fixed, "fixed-jobmanager", "Deployment", "fixed-jobmanager");
      Chart stranger = HandMadeCharts.chart(app, "stranger", "team-a");
      HandMadeCharts.hpa(stranger, "stranger", "StatefulSet", "fixed-taskmanager");
    }, null));

    assertOnlyReplicasIgnoredOf(run, "scaling/team-a/scaled-taskmanager");
    // The replica count is still sent on creation: ignoreChanges only spares it on updates.
    assertThat(((Number) specOf(run, "scaling/team-a/scaled-taskmanager").get("replicas")).intValue()).isEqualTo(2);
    // The HPAs come last, after the workloads they scale.
    assertThat(run.find("HorizontalPodAutoscaler", "scaling/team-a/scaled-taskmanager").dependsOn())
        .contains("scaling/team-a/scaled-taskmanager", "scaling/team-a/scaled-jobmanager");
  }

  /** The run succeeded, and only the StatefulSet of that Pulumi name ignores changes: those of its replicas. */
  private static void assertOnlyReplicasIgnoredOf(MockStack.Run run, String statefulSet) {
    assertThat(run.result().errors()).isEmpty();
    Map<String, List<String>> ignored = run.kubernetes().stream()
        .filter(r -> !r.ignoreChanges().isEmpty())
        .collect(Collectors.toMap(r -> r.type() + " " + r.name(), MockStack.Registration::ignoreChanges));
    assertThat(ignored).containsExactly(Map.entry("kubernetes:apps/v1:StatefulSet " + statefulSet, List.of("spec.replicas")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> specOf(MockStack.Run run, String statefulSet) {
    return (Map<String, Object>) run.find("StatefulSet", statefulSet).inputs().get("spec");
  }

  private static SynthesizedObject fact(ObjectNode body, DeploymentTier tier, boolean replicasOwnedByAutoscaler) {
    return new SynthesizedObject(body, Optional.empty(), tier, replicasOwnedByAutoscaler);
  }

  private static ObjectNode object(String apiVersion, String kind, String name, String rest) throws Exception {
    return (ObjectNode) YAML.readTree(
        "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: ns}\n" + rest);
  }
}
