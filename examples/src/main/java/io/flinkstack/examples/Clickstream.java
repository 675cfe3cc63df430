package io.flinkstack.examples;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/**
 * A team's own job with the knobs a platform engineer turns: a private image and registry secret,
 * bigger processes, Flink configuration, environment, and the web UI on node port 30081.
 */
public final class Clickstream {
  public static final String CHART = "clickstream";

  private Clickstream() {}

  public static Chart define(App app) {
    Chart chart = new Chart(app, CHART, ChartProps.builder().namespace("analytics").build());

    Map<String, String> flinkConfiguration = new TreeMap<>();
    flinkConfiguration.put("state.backend.type", "rocksdb");
    flinkConfiguration.put("state.backend.incremental", "true");
    flinkConfiguration.put("execution.checkpointing.interval", "30s");
    flinkConfiguration.put("execution.checkpointing.mode", "EXACTLY_ONCE");
    flinkConfiguration.put("restart-strategy.type", "exponential-delay");
    flinkConfiguration.put("pipeline.name", "clickstream-sessionizer");

    Map<String, String> env = new TreeMap<>();
    env.put("TZ", "UTC");
    env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap.kafka.svc:9092");

    FlinkApplication.Builder.create(chart, "clickstream")
        .flinkVersion(FlinkVersion.V1_20)
        .image("registry.example.com/analytics/clickstream:1.4.2")
        .imagePullPolicy(ImagePullPolicy.ALWAYS)
        .imagePullSecrets(List.of("registry-credentials"))
        .jarUri("local:///opt/flink/usrlib/clickstream.jar")
        .entryClass("com.example.clickstream.SessionizerJob")
        .args(List.of("--input-topic", "clicks", "--output-topic", "sessions"))
        .taskManagers(3)
        .taskSlots(4)
        .parallelism(12)
        .jobManager(Resources.of("2g", 1))
        .taskManager(Resources.of("4096m", 2))
        .flinkConfiguration(flinkConfiguration)
        .env(env)
        // The web UI for the office network only: the NetworkPolicy admits that range (NodePort clients arrive from
        // addresses the CNI decides) and nothing authenticates, which is written down.
        .restService(RestService.nodePort(30081).protectedBy(RestProtection.unauthenticated()))
        .restAccess(List.of(NetworkAccess.sameNamespace(), NetworkAccess.cidr("10.20.0.0/16")))
        .build();
    return chart;
  }
}
