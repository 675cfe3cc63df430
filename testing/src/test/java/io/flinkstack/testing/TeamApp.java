package io.flinkstack.testing;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.Resources;
import io.flinkstack.contract.FlinkVersion;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.JsonPatch;
import software.constructs.IConstruct;

/** A platform team's app as the tests see it: one FlinkApplication in its own namespace, and ways to break it. */
final class TeamApp {
  private TeamApp() {}

  /** Chart {@code orders} (namespace {@code orders}): one application cluster; passes every check. */
  static Chart define(App app) {
    Chart chart = new Chart(app, "orders", ChartProps.builder().namespace("orders").build());
    FlinkApplication.Builder.create(chart, "orders")
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .parallelism(2)
        .taskManagers(1)
        .taskSlots(2)
        .jobManager(Resources.of("1024m", 1))
        .taskManager(Resources.of("2048m", 1))
        .build();
    return chart;
  }

  /** A new app holding {@link #define}'s chart. */
  static App app() {
    App app = new App();
    define(app);
    return app;
  }

  /**
   * The chart with a hand-patched NetworkPolicy that no longer admits the cluster's own pods to each other, and a
   * hand-written Service and Pod beside it: an unknown field, a name the API server refuses, a privileged container.
   */
  static App broken() {
    App app = new App();
    Chart chart = define(app);
    for (IConstruct c : chart.getNode().findAll()) {
      if (c instanceof ApiObject o && o.getKind().equals("NetworkPolicy")) {
        o.addJsonPatch(JsonPatch.remove("/spec/ingress/0"));
      }
    }
    ApiObject service = new ApiObject(chart, "rest", ApiObjectProps.builder().apiVersion("v1").kind("Service")
        .metadata(ApiObjectMetadata.builder().name("orders_rest").build()).build());
    service.addJsonPatch(JsonPatch.add("/spec", Map.of("ports", List.of(Map.of("port", 80)), "replica", 1)));
    ApiObject pod = new ApiObject(chart, "debug", ApiObjectProps.builder().apiVersion("v1").kind("Pod")
        .metadata(ApiObjectMetadata.builder().name("debug").build()).build());
    pod.addJsonPatch(JsonPatch.add("/spec", Map.of("containers", List.of(Map.of("name", "shell", "image", "busybox:1.36",
        "securityContext", Map.of("privileged", true))))));
    return app;
  }
}
