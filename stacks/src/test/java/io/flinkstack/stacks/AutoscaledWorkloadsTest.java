package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;

/**
 * A TaskManager StatefulSet under an HPA of its own chart keeps its live replica count on updates
 * ({@code ignoreChanges: spec.replicas}); nothing else does. The charts are made by hand with cdk8s.
 */
class AutoscaledWorkloadsTest {

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

    assertThat(run.result().errors()).isEmpty();
    Map<String, List<String>> ignored = run.kubernetes().stream()
        .filter(r -> !r.ignoreChanges().isEmpty())
        .collect(Collectors.toMap(r -> r.type() + " " + r.name(), MockStack.Registration::ignoreChanges));
    assertThat(ignored).containsExactly(
        Map.entry("kubernetes:apps/v1:StatefulSet scaling/team-a/scaled-taskmanager", List.of("spec.replicas")));
    // The replica count is still sent on creation: ignoreChanges only spares it on updates.
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>)
        run.find("StatefulSet", "scaling/team-a/scaled-taskmanager").inputs().get("spec");
    assertThat(((Number) spec.get("replicas")).intValue()).isEqualTo(2);
    // The HPAs come last, after the workloads they scale.
    assertThat(run.find("HorizontalPodAutoscaler", "scaling/team-a/scaled-taskmanager").dependsOn())
        .contains("scaling/team-a/scaled-taskmanager", "scaling/team-a/scaled-jobmanager");
  }

  @Test
  void matchesKindNameGroupAndNamespace() {
    KubernetesObject statefulSet = object("apps/v1", "StatefulSet", "ns", "tm", "{}");
    KubernetesObject deployment = object("apps/v1", "Deployment", "ns", "web", "{}");
    KubernetesObject service = object("v1", "Service", "ns", "tm", "{}");
    KubernetesObject otherNamespace = object("apps/v1", "StatefulSet", "other", "db", "{}");
    KubernetesObject hpaTm = hpa("ns", "apps/v1", "StatefulSet", "tm");
    KubernetesObject hpaWeb = hpa("ns", "apps/v1", "Deployment", "web");
    KubernetesObject hpaWrongGroup = hpa("ns", "example.com/v1", "Deployment", "web");
    KubernetesObject hpaDb = hpa("ns", "apps/v1", "StatefulSet", "db");

    assertThat(names(AutoscaledWorkloads.in(List.of(statefulSet, deployment, service, otherNamespace,
        hpaTm, hpaWeb, hpaDb)))).containsExactlyInAnyOrder("StatefulSet tm", "Deployment web");
    assertThat(AutoscaledWorkloads.in(List.of(deployment, hpaWrongGroup))).isEmpty();
    assertThat(AutoscaledWorkloads.in(List.of(statefulSet, deployment))).isEmpty();
  }

  private static Set<String> names(Set<KubernetesObject> objects) {
    return objects.stream().map(o -> o.kind() + " " + o.name()).collect(Collectors.toSet());
  }

  private static KubernetesObject hpa(String namespace, String apiVersion, String kind, String name) {
    return object("autoscaling/v2", "HorizontalPodAutoscaler", namespace, "hpa-" + name,
        "{scaleTargetRef: {apiVersion: '" + apiVersion + "', kind: " + kind + ", name: " + name + "}}");
  }

  private static KubernetesObject object(String apiVersion, String kind, String namespace, String name, String spec) {
    String yaml = "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: "
        + namespace + "}\nspec: " + spec + "\n";
    return ManifestParser.parse(yaml).get(0);
  }
}
