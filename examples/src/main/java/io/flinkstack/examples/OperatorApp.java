package io.flinkstack.examples;

import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.OperatorAutoscaler;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.contract.UpgradeMode;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * The seeds' my-streaming-app for teams that run the Apache Flink Kubernetes Operator: the same props as
 * a standalone app, with backend(OPERATOR), become a FlinkDeployment (plus its RBAC and policies).
 */
public final class OperatorApp {
  public static final String CHART = "operator-app";

  private OperatorApp() {}

  public static Chart define(App app) {
    Chart chart = new Chart(app, CHART, ChartProps.builder().namespace("streaming").build());
    FlinkApplication.Builder.create(chart, "my-streaming-app")
        .backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20)
        .image("registry.example.com/streaming/my-streaming-app:2.4.0")
        .jarUri("local:///opt/flink/usrlib/my-streaming-app.jar")
        .entryClass("com.example.streaming.StreamingJob")
        .args(List.of("--env", "prod"))
        .parallelism(4)
        .taskSlots(2)
        .jobManager(Resources.of("2048m", 1))
        .taskManager(Resources.of("4096m", 2))
        .highAvailability(HighAvailability.builder().build())
        .stateStorage(StateStorage.objectStore("s3://streaming-flink/my-streaming-app"))
        .serviceAccountAnnotations(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/flink-streaming"))
        .job(JobSettings.builder().upgradeMode(UpgradeMode.SAVEPOINT).savepointInterval("6 h")
            .savepointHistoryMaxCount(10).savepointHistoryMaxAge("7 d").build())
        .operatorAutoscaler(OperatorAutoscaler.builder().targetUtilization(0.7).build())
        .flinkConfiguration(Map.of("execution.checkpointing.interval", "1 min", "state.backend.type", "rocksdb"))
        .restIngress(RestIngress.builder().host("flink.example.com").path("/my-streaming-app").ingressClassName("nginx")
            .annotations(Map.of("nginx.ingress.kubernetes.io/auth-url", "https://oauth2.example.com/oauth2/auth"))
            .build())
        .build();
    return chart;
  }
}
