package io.flinkstack.constructs.runtimecontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.constructs.RuntimeController;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;

/** Through cdk8s as a user's app runs it. */
class RuntimeControllerSynthTest {
  @Test
  void everyObjectReachesTheChartOncePerNamespace() {
    App app = new App();
    Chart chart = new Chart(app, "controller");
    RuntimeController controller = RuntimeController.Builder.create(chart, "controller")
        .image("registry.example.com/flinkstack-controller:0.1.0")
        .watchNamespaces(List.of("analytics", "payments"))
        .build();
    List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
    assertThat(manifests).singleElement().satisfies(m -> assertThat(m.objects()).isEqualTo(controller.getManifests().size()));
    String yaml = manifests.get(0).yaml();
    assertThat(yaml).contains("namespace: analytics", "namespace: payments", "kind: Deployment",
        "kind: CustomResourceDefinition\nmetadata:\n  labels:", "name: flinkjobs.flinkstack.io\n")
        .doesNotContain("kind: ClusterRole");
    assertThat(controller.getName()).isEqualTo("flinkstack-controller");
    assertThat(controller.getMetricsServiceName()).isEqualTo("flinkstack-controller-metrics");
    assertThat(controller.getServiceAccountName()).isEqualTo("flinkstack-controller");
  }

  @Test
  void nothingJoinsTheTreeOnError() {
    App app = new App();
    Chart chart = new Chart(app, "controller");
    assertThatThrownBy(() -> RuntimeController.Builder.create(chart, "controller").replicas(0).build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("controller/controller: image: is required (flinkstack builds no controller image); e.g."
            + " image(\"registry.example.com/flinkstack-controller:0.1.0\")\n"
            + "controller/controller: replicas: 0 is less than 1; the controller needs one pod (2 for a standby)");
    assertThat(chart.getNode().getChildren()).isEmpty();
  }
}
