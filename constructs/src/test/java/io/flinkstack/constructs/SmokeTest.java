package io.flinkstack.constructs;

import io.flinkstack.constructs.synth.AppSynthesizer;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void prints() {
    App app = new App();
    Chart chart = new Chart(app, "wordcount");
    FlinkApplication.Builder.create(chart, "wordcount")
        .flinkVersion(FlinkVersion.V2_1).image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .parallelism(4).taskManagers(2).taskSlots(2)
        .jobManager(Resources.of("1024m", 1)).taskManager(Resources.of("2048m", 1))
        .build();
    System.out.println(AppSynthesizer.synthesize(app).get(0).yaml());
  }
}
