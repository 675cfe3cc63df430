package io.flinkstack.examples;

import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkSessionCluster;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.SessionJob;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.UpgradeMode;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * A session cluster run by the Apache Flink Kubernetes Operator, with a job attached: a FlinkDeployment without a
 * job of its own and a FlinkSessionJob the operator submits to it (fetching the jar itself, from any file system its
 * plugins read), in {@code analytics}, a namespace {@link OperatorInstallExample}'s operator watches. Synthesize it with
 * {@code ./flinkstack synth operator-session} (the examples' shared entry point, {@link Examples}).
 */
public final class OperatorSessionExample {
  public static final String CHART = "operator-session";

  private OperatorSessionExample() {}

  public static Chart define(App app) {
    Chart chart = new Chart(app, CHART, ChartProps.builder().namespace("analytics").build());
    FlinkSessionCluster reports = FlinkSessionCluster.Builder.create(chart, "reports")
        .backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20)
        .image("registry.example.com/analytics/flink-session:1.20")
        .taskManagers(2)
        .taskSlots(4)
        .jobManager(Resources.of("2g", 1))
        .taskManager(Resources.of("4g", 2))
        .stateStorage(StateStorage.objectStore("s3://analytics-flink/reports"))
        .build();

    SessionJob.Builder.create(chart, "daily-revenue")
        .cluster(reports)
        .jarUri("s3://analytics-artifacts/flink-jobs/daily-revenue-1.4.0.jar")
        .entryClass("com.example.analytics.DailyRevenueJob")
        .args(List.of("--orders", "orders", "--sink", "revenue-by-day"))
        .parallelism(4)
        .job(JobSettings.builder().upgradeMode(UpgradeMode.SAVEPOINT).savepointInterval("1 h").build())
        .build();
    return chart;
  }
}
