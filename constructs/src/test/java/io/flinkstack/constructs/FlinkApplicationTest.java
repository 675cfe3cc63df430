package io.flinkstack.constructs;

import io.flinkstack.contract.FlinkVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through cdk8s and JSII, as a user's app runs it. */
class FlinkApplicationTest {
  private static FlinkApplication.Builder wordcount(Chart chart) {
    return FlinkApplication.Builder.create(chart, "wordcount")
        .flinkVersion(FlinkVersion.V2_1).image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .parallelism(4).taskManagers(2).taskSlots(2)
        .jobManager(Resources.of("1024m", 1)).taskManager(Resources.of("2048m", 1));
  }

  @Test
  void addsItsObjectsToTheChart() {
    App app = new App();
    Chart chart = new Chart(app, "wordcount", ChartProps.builder().namespace("streaming").build());
    FlinkApplication flink = wordcount(chart).build();
    assertThat(flink.getRestServiceName()).isEqualTo("wordcount-rest");
    List<ChartManifest> manifests = AppSynthesizer.synthesize(app);
    assertThat(manifests).hasSize(1);
    ChartManifest m = manifests.get(0);
    assertThat(m.file()).isEqualTo("wordcount.k8s.yaml");
    assertThat(m.objects()).isEqualTo(11);
    assertThat(m.kinds()).containsExactly("ConfigMap", "FlinkJob", "NetworkPolicy", "PodDisruptionBudget", "Service",
        "ServiceAccount", "StatefulSet");
    // The chart's namespace reaches every object, as with any cdk8s ApiObject.
    assertThat(m.yaml().split("\n---\n")).hasSize(11).allMatch(doc -> doc.contains("\n  namespace: streaming\n"));
  }

  @Test
  void problemsNameTheConstructPathAndNothingJoinsTheTree() {
    App app = new App();
    Chart chart = new Chart(app, "wordcount");
    assertThatThrownBy(() -> wordcount(chart).parallelism(5).image("").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("wordcount/wordcount: image: is required")
        .hasMessageContaining("wordcount/wordcount: parallelism: 5 is more than the 4 slots");
    assertThat(chart.getNode().getChildren()).isEmpty();
  }

  @Test
  void fastSynthesisWritesExactlyWhatAppSynthWrites(@TempDir Path dir) throws IOException {
    Path cdk8s = dir.resolve("cdk8s");
    App app = new App(AppProps.builder().outdir(cdk8s.toString()).build());
    wordcount(new Chart(app, "wordcount")).build();
    // "yes" is a string cdk8s' writer quotes in its own way: this chart goes through the fallback writer.
    wordcount(new Chart(app, "second", ChartProps.builder().namespace("other").build())).name("second")
        .env(java.util.Map.of("FLAG", "yes", "EMPTY", "")).build();
    List<ChartManifest> fast = AppSynthesizer.synthesize(app);
    app.synth();
    Path ours = dir.resolve("ours");
    AppSynthesizer.write(fast, ours);
    try (var files = Files.list(cdk8s)) {
      List<Path> written = files.sorted().toList();
      assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("second.k8s.yaml", "wordcount.k8s.yaml");
      for (Path p : written) {
        assertThat(Files.readString(ours.resolve(p.getFileName()))).isEqualTo(Files.readString(p));
      }
    }
    try (var left = Files.list(ours)) {
      assertThat(left).hasSize(2); // no staging folder left behind
    }
  }
}
