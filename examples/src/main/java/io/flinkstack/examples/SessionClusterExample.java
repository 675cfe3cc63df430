package io.flinkstack.examples;

import io.flinkstack.constructs.FlinkSessionCluster;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.SessionJob;
import io.flinkstack.constructs.SqlJob;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.contract.UpgradeMode;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * A shared session cluster for a team: two jar jobs (one suspended) and a SQL job — the Kafka → JDBC
 * windowed aggregate — all declared next to the cluster, under an HPA.
 */
public final class SessionClusterExample {
  public static final String CHART = "session-cluster";

  static final String PAGE_VIEWS_PER_MINUTE = String.join("\n",
      "CREATE TABLE page_views (",
      "  user_id STRING,",
      "  page STRING,",
      "  ts TIMESTAMP(3),",
      "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND",
      ") WITH (",
      "  'connector' = 'kafka',",
      "  'topic' = 'page-views',",
      "  'properties.bootstrap.servers' = 'kafka-bootstrap.kafka.svc:9092',",
      "  'properties.group.id' = 'page-views-per-minute',",
      "  'scan.startup.mode' = 'group-offsets',",
      "  'properties.auto.offset.reset' = 'earliest',",
      "  'format' = 'json'",
      ");",
      "",
      "CREATE TABLE page_views_per_minute (",
      "  page STRING,",
      "  window_start TIMESTAMP(3),",
      "  view_count BIGINT,",
      "  PRIMARY KEY (page, window_start) NOT ENFORCED",
      ") WITH (",
      "  'connector' = 'jdbc',",
      "  'url' = 'jdbc:postgresql://analytics-db.analytics.svc:5432/analytics',",
      "  'table-name' = 'page_views_per_minute'",
      ");",
      "",
      "INSERT INTO page_views_per_minute",
      "SELECT page, window_start, COUNT(*) AS view_count",
      "FROM TABLE(TUMBLE(TABLE page_views, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
      "GROUP BY page, window_start, window_end;",
      "");

  private SessionClusterExample() {}

  public static Chart define(App app) {
    Chart chart = new Chart(app, CHART, ChartProps.builder().namespace("analytics").build());
    FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "analytics")
        .flinkVersion(FlinkVersion.V1_20)
        .image("registry.example.com/analytics/flink-session:1.20")
        .taskSlots(4)
        .jobManager(Resources.of("2g", 1))
        .taskManager(Resources.of("4g", 2))
        .stateStorage(StateStorage.objectStore("s3://analytics-flink/session"))
        .autoscaling(HpaAutoscaler.builder().minReplicas(2).maxReplicas(6).build())
        .build();

    SessionJob.Builder.create(chart, "enrichment")
        .cluster(session)
        .jarUri("https://artifacts.example.com/flink-jobs/enrichment-2.3.1.jar")
        .entryClass("com.example.analytics.EnrichmentJob")
        .args(List.of("--source", "clicks", "--sink", "enriched-clicks"))
        .parallelism(8)
        .job(JobSettings.builder().upgradeMode(UpgradeMode.SAVEPOINT).savepointInterval("1 h")
            .savepointHistoryMaxCount(5).build())
        .build();

    SessionJob.Builder.create(chart, "backfill")
        .cluster(session)
        .jarUri("https://artifacts.example.com/flink-jobs/backfill-1.0.0.jar")
        .parallelism(8)
        .job(JobSettings.builder().state(DesiredState.SUSPENDED).build())
        .build();

    SqlJob.Builder.create(chart, "page-views-per-minute")
        .cluster(session)
        .statements(PAGE_VIEWS_PER_MINUTE)
        .parallelism(4)
        .build();
    return chart;
  }
}
