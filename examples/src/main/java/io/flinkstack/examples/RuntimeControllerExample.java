package io.flinkstack.examples;

import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RuntimeController;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;

/**
 * flinkstack's runtime controller in {@code flinkstack-system}, managing the Flink clusters of the
 * {@code payments} namespace (where {@link StatefulHa} runs): two replicas with leader election, a Role in
 * {@code payments} and nothing cluster-wide. Run it with {@code main} to get
 * {@code dist/runtime-controller.k8s.yaml}, then {@code kubectl apply -f dist/runtime-controller.k8s.yaml}
 * (the namespaces must exist, and the image must be built and pushed: flinkstack builds none).
 */
public final class RuntimeControllerExample {
  public static final String CHART = "runtime-controller";

  private RuntimeControllerExample() {}

  public static Chart define(App app) {
    // No namespace on the chart: the ClusterRole-free RBAC still spans two namespaces, each object names its own.
    Chart chart = new Chart(app, CHART);
    RuntimeController.Builder.create(chart, "controller")
        .image("registry.example.com/platform/flinkstack-controller:0.1.0")
        .namespace("flinkstack-system")
        .watchNamespaces(List.of("payments"))
        .reconcileInterval("10 s")
        .resources(Resources.of("512Mi", 0.25))
        .labels(Map.of("team", "streaming-platform"))
        .build();
    return chart;
  }
}
