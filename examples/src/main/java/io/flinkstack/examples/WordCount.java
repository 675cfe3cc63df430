package io.flinkstack.examples;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.Resources;
import org.cdk8s.App;
import org.cdk8s.Chart;

/**
 * The smallest useful cluster: Flink's WordCount example (it ships in the official image) on two
 * TaskManagers with two slots each. Run it with {@code main} to get {@code dist/wordcount.k8s.yaml}.
 */
public final class WordCount {
  public static final String CHART = "wordcount";

  private WordCount() {}

  public static Chart define(App app) {
    Chart chart = new Chart(app, CHART);
    FlinkApplication.Builder.create(chart, "wordcount")
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .parallelism(4)
        .taskManagers(2)
        .taskSlots(2)
        .jobManager(Resources.of("1024m", 1))
        .taskManager(Resources.of("2048m", 1))
        .build();
    return chart;
  }
}
