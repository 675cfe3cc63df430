package io.flinkstack.examples;

import io.flinkstack.constructs.FlinkOperatorInstall;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;

/**
 * The Apache Flink Kubernetes Operator without Helm: its CRDs, the operator in {@code flink-operator}, and
 * RBAC for two teams' namespaces only (no ClusterRole). FlinkDeployments there run as the {@code flink}
 * ServiceAccount it creates. Run it with {@code main} to get {@code dist/operator-install.k8s.yaml}, then
 * {@code kubectl apply --server-side -f dist/operator-install.k8s.yaml} (the namespaces must exist).
 */
public final class OperatorInstallExample {
  public static final String CHART = "operator-install";

  private OperatorInstallExample() {}

  public static Chart define(App app) {
    // No namespace on the chart: CRDs and cluster-wide objects have none, the others name their own.
    Chart chart = new Chart(app, CHART);
    FlinkOperatorInstall.Builder.create(chart, "flink-operator")
        .namespace("flink-operator")
        .watchedNamespaces(List.of("analytics", "payments"))
        .build();
    return chart;
  }
}
