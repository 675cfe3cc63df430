package io.flinkstack.stacks;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.contract.FlinkVersion;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.JsonPatch;

/** Charts built in tests with plain cdk8s ApiObjects next to flinkstack's construct. */
final class HandMadeCharts {
  private HandMadeCharts() {}

  static Chart chart(org.cdk8s.App app, String id, String namespace) {
    return new Chart(app, id, ChartProps.builder().namespace(namespace).build());
  }

  static FlinkApplication wordCount(Chart chart, String name) {
    return FlinkApplication.Builder.create(chart, name)
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .taskManagers(2)
        .taskSlots(2)
        .build();
  }

  /** An autoscaling/v2 HPA on CPU, scaling the {@code kind} named {@code target}. */
  static ApiObject hpa(Chart chart, String name, String kind, String target) {
    ApiObject hpa = new ApiObject(chart, "hpa-" + name, ApiObjectProps.builder()
        .apiVersion("autoscaling/v2")
        .kind("HorizontalPodAutoscaler")
        .metadata(ApiObjectMetadata.builder().name(name).build())
        .build());
    hpa.addJsonPatch(JsonPatch.add("/spec", Map.of(
        "scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", kind, "name", target),
        "minReplicas", 1,
        "maxReplicas", 6,
        "metrics", List.of(Map.of("type", "Resource", "resource", Map.of("name", "cpu",
            "target", Map.of("type", "Utilization", "averageUtilization", 80)))))));
    return hpa;
  }
}
