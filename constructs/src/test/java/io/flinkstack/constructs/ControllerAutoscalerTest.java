package io.flinkstack.constructs;

import io.flinkstack.contract.FlinkVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.resource.FlinkJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime controller's Flink autoscaler as a prop: validation and the FlinkJob's {@code spec.autoscaler} it writes. */
class ControllerAutoscalerTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private App app;
  private Chart chart;

  @BeforeEach
  void chart() {
    app = new App();
    chart = new Chart(app, "team");
  }

  /**
   * A FlinkJob's {@code spec.autoscaler} as synthesized (session jobs keep their objects behind the JSII bridge); null
   * when it has none.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> synthesized(String flinkJob) throws Exception {
    String yaml = AppSynthesizer.synthesize(app).get(0).yaml();
    for (Object doc : YAML.readerFor(Map.class).readValues(yaml).readAll()) {
      Map<String, Object> object = (Map<String, Object>) doc;
      Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
      if ("FlinkJob".equals(object.get("kind")) && flinkJob.equals(metadata.get("name"))) {
        return (Map<String, Object>) ((Map<String, Object>) object.get("spec")).get("autoscaler");
      }
    }
    throw new AssertionError("no FlinkJob " + flinkJob);
  }

  private FlinkApplication.Builder app(String id) {
    return FlinkApplication.Builder.create(chart, id).image("flink:2.1")
        .jarUri("local:///opt/flink/usrlib/job.jar").taskSlots(2);
  }

  private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private static AutoscalerDeclaration autoscaler(List<HasMetadata> objects, String flinkJob) {
    return find(objects, FlinkJob.class, flinkJob).getSpec().autoscaler;
  }

  private static String config(FlinkApplication app, String name) {
    return find(app.getManifests(), ConfigMap.class, name + "-config").getData().get("config.yaml");
  }

  private List<String> problems(Runnable build) {
    int children = chart.getNode().getChildren().size();
    try {
      build.run();
    } catch (ValidationException e) {
      assertThat(chart.getNode().getChildren()).as("nothing joins the tree").hasSize(children);
      return e.problems().stream().map(p -> p.field() + ": " + p.message()).toList();
    }
    throw new AssertionError("no ValidationException");
  }

  @Test
  void everySetFieldIsWrittenAndReadsBackAsTheDeclaration() throws Exception {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("Sink: Writer", "1..4");
    bounds.put("bottleneck", " 2..8 ");
    FlinkApplication app = app("fraud").controllerAutoscaler(ControllerAutoscaler.builder().mode(AutoscalerMode.ACT)
        .targetUtilization(0.6).utilizationBand(0.2).catchUpDuration("10 min").restartTime(" 90 s")
        .window("3 min").interval("30 s").stabilization("2 min").scaleDownDelay("1 h").scaleDownMinEvaluations(5)
        .scaleUpMaxFactor(3.0).scaleDownMaxFactor(1.5).maxParallelism(128).vertexBounds(bounds).build()).build();

    AutoscalerDeclaration declared = autoscaler(app.getManifests(), "fraud");
    assertThat(declared).isEqualTo(new AutoscalerDeclaration(true, "act", 0.6,
        0.2, "10 min", "90 s", "3 min", "30 s", "2 min", "1 h", 5, 3.0, 1.5, 128,
        new TreeMap<>(Map.of("Sink: Writer", "1..4", "bottleneck", "2..8"))));
    // Deterministic: vertices sorted, ranges without white space.
    assertThat(declared.vertexBounds()).containsExactly(Map.entry("Sink: Writer", "1..4"), Map.entry("bottleneck", "2..8"));
  }

  @Test
  void unsetFieldsAreLeftToTheController() throws Exception {
    FlinkApplication app = app("clicks").controllerAutoscaler(ControllerAutoscaler.monitor()).build();
    AutoscalerDeclaration read = autoscaler(app.getManifests(), "clicks");
    assertThat(read).isEqualTo(new AutoscalerDeclaration(true, "monitor", null, null, null, null, null, null, null,
        null, null, null, null, null, null));
    assertThat(read.isEnabled()).isTrue();
    assertThat(read.acts()).isFalse();
    // Monitor mode leaves the scheduler alone.
    assertThat(config(app, "clicks")).doesNotContain("jobmanager.scheduler");
    assertThat(ControllerAutoscaler.builder().build().getMode()).isEqualTo(AutoscalerMode.MONITOR);
  }

  @Test
  void noAutoscalerNoKey() {
    FlinkApplication app = app("plain").build();
    assertThat(find(app.getManifests(), FlinkJob.class, "plain").getSpec().autoscaler).isNull();
  }

  @Test
  void actDefaultsTheSchedulerToAdaptive() {
    assertThat(config(app("acting").controllerAutoscaler(ControllerAutoscaler.act()).build(), "acting"))
        .contains("jobmanager.scheduler: adaptive");
    // With an HPA too: the controller rescales the job and only reports the TaskManagers it needs.
    FlinkApplication both = app("both").controllerAutoscaler(ControllerAutoscaler.act())
        .autoscaling(HpaAutoscaler.builder().maxReplicas(4).build()).build();
    assertThat(config(both, "both")).contains("jobmanager.scheduler: adaptive");
    assertThat(autoscaler(both.getManifests(), "both").mode()).isEqualTo("act");
  }

  @Test
  void actRefusesASchedulerThatCannotRescale() {
    assertThat(problems(() -> app("fixed").scheduler(Scheduler.DEFAULT).controllerAutoscaler(ControllerAutoscaler.act()).build()))
        .containsExactly("scheduler: Scheduler.DEFAULT cannot rescale a running job, which controllerAutoscaler in ACT mode"
            + " does; use Scheduler.ADAPTIVE, or leave scheduler unset (ACT mode defaults it to ADAPTIVE), or"
            + " AutoscalerMode.MONITOR");
    assertThat(problems(() -> app("reactive").scheduler(Scheduler.REACTIVE).controllerAutoscaler(ControllerAutoscaler.act()).build()))
        .singleElement().asString().startsWith("scheduler: reactive mode runs every vertex on every slot");
    // Monitor mode only recommends: any scheduler will do.
    app("watched").scheduler(Scheduler.DEFAULT).controllerAutoscaler(ControllerAutoscaler.monitor()).build();
  }

  /**
   * ACT mode rescales through PUT /jobs/:id/resource-requirements, which Flink has from 1.18 on (the versions module's
   * RestFactsTest reads it from each version's own flink-runtime). Before 2026-12-07 an acting autoscaler on 1.16 or 1.17
   * was accepted, and every rescale it decided would have been answered 404.
   */
  @Test
  void actRefusesAFlinkVersionWithoutTheRescaleEndpoint() {
    for (FlinkVersion old : List.of(FlinkVersion.V1_16, FlinkVersion.V1_17)) {
      assertThat(problems(() -> app("old-" + old.toString().replace('.', '-')).image("flink:" + old).flinkVersion(old)
          .jarUri("local:///opt/flink/usrlib/job.jar").controllerAutoscaler(ControllerAutoscaler.act()).build()))
          .containsExactly("flinkVersion: Flink " + old + " has no PUT /jobs/:id/resource-requirements, which"
              + " controllerAutoscaler in ACT mode rescales the job through (it came with 1.18); use Flink 1.18 or newer, or"
              + " AutoscalerMode.MONITOR");
    }
    app("new").image("flink:1.18").flinkVersion(FlinkVersion.V1_18).controllerAutoscaler(ControllerAutoscaler.act()).build();
    app("watched-old").image("flink:1.17").flinkVersion(FlinkVersion.V1_17).controllerAutoscaler(ControllerAutoscaler.monitor()).build();
    FlinkSessionCluster old = FlinkSessionCluster.Builder.create(chart, "old-shared").image("flink:1.17").flinkVersion(FlinkVersion.V1_17)
        .taskSlots(4).scheduler(Scheduler.ADAPTIVE).build();
    assertThat(problems(() -> SessionJob.Builder.create(chart, "old-enrich").cluster(old)
        .jarUri("https://repo.example.com/enrich.jar").controllerAutoscaler(ControllerAutoscaler.act()).build()))
        .singleElement().asString().startsWith("controllerAutoscaler.mode: Flink 1.17 has no PUT /jobs/:id/resource-requirements");
  }

  /** An HPA on a cluster without that endpoint: accepted (Flink's adaptive scheduler still uses the slots), with a warning. */
  @Test
  void autoscalingBefore118WarnsThatTheControllerCannotRescaleInPlace() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream previous = io.flinkstack.constructs.validation.Warnings.redirect(new java.io.PrintStream(err, true));
    try {
      app("hpa-old").image("flink:1.17").flinkVersion(FlinkVersion.V1_17)
          .autoscaling(HpaAutoscaler.builder().maxReplicas(3).build()).build();
      app("hpa-new").image("flink:1.18").flinkVersion(FlinkVersion.V1_18)
          .autoscaling(HpaAutoscaler.builder().maxReplicas(3).build()).build();
    } finally {
      io.flinkstack.constructs.validation.Warnings.redirect(previous);
    }
    assertThat(err.toString()).hasLineCount(1).contains("hpa-old: flinkVersion: Flink 1.17 has no PUT /jobs/:id/resource-requirements");
  }

  @Test
  void everyBadFieldIsOneLineNamingTheFix() {
    Map<String, String> bounds = new LinkedHashMap<>();
    bounds.put("source", "0..4");
    bounds.put("map", "8..2");
    bounds.put("sink", "four");
    bounds.put(" ", "1..2");
    List<String> problems = problems(() -> app("bad").controllerAutoscaler(ControllerAutoscaler.builder()
        .targetUtilization(1.5).utilizationBand(1.0).catchUpDuration("soon").window("0 s").interval("1 fortnight")
        .scaleDownMinEvaluations(0).scaleUpMaxFactor(1.0).scaleDownMaxFactor(0.5).maxParallelism(0)
        .vertexBounds(bounds).build()).build());
    assertThat(problems).containsExactly(
        "controllerAutoscaler.targetUtilization: 1.5 is not a busy fraction; use a value above 0 and at most 1, e.g. 0.7",
        "controllerAutoscaler.utilizationBand: 1.0 is not a band; use a value from 0 to below 1, e.g. 0.3",
        "controllerAutoscaler.catchUpDuration: 'soon' is not a Flink duration; e.g. 15 s, 500 ms, 5 min, 24 h",
        "controllerAutoscaler.interval: '1 fortnight' is not a Flink duration; e.g. 15 s, 500 ms, 5 min, 24 h",
        "controllerAutoscaler.window: '0 s' is zero; use a positive duration, e.g. 5 min",
        "controllerAutoscaler.scaleDownMinEvaluations: 0 is not an evaluation count; use 1 or more (default 3)",
        "controllerAutoscaler.scaleUpMaxFactor: 1.0 would never change the parallelism; use a factor above 1, e.g. 4",
        "controllerAutoscaler.scaleDownMaxFactor: 0.5 would never change the parallelism; use a factor above 1, e.g. 2",
        "controllerAutoscaler.maxParallelism: 0 is not a parallelism Flink allows; use 1 to 32768",
        "controllerAutoscaler.vertexBounds.source: '0..4' is not a parallelism range; write \"min..max\" with 1 ≤ min ≤ max,"
            + " e.g. \"2..8\"",
        "controllerAutoscaler.vertexBounds.map: '8..2' is not a parallelism range; write \"min..max\" with 1 ≤ min ≤ max,"
            + " e.g. \"2..8\"",
        "controllerAutoscaler.vertexBounds.sink: 'four' is not a parallelism range; write \"min..max\" with 1 ≤ min ≤ max,"
            + " e.g. \"2..8\"",
        "controllerAutoscaler.vertexBounds: has an empty vertex; key each range by the vertex's name or id as Flink's web UI"
            + " shows it");
    assertThat(problems(() -> app("mode").controllerAutoscaler(ControllerAutoscaler.builder().mode(null).build()).build()))
        .containsExactly("controllerAutoscaler.mode: is null; use AutoscalerMode.MONITOR (only recommend) or"
            + " AutoscalerMode.ACT (rescale the job)");
  }

  @Test
  void targetPlusMinusBandStaysAUtilization() {
    assertThat(problems(() -> app("high").controllerAutoscaler(ControllerAutoscaler.builder().targetUtilization(0.9).build())
        .build())).containsExactly("controllerAutoscaler.targetUtilization: target 0.9 ± band 0.3 reaches outside (0, 1]"
            + " (the band is the default 0.3); set utilizationBand below 0.9 and at most 0.1, or move targetUtilization");
    assertThat(problems(() -> app("wide").controllerAutoscaler(ControllerAutoscaler.builder().targetUtilization(0.5)
        .utilizationBand(0.5).build()).build())).singleElement().asString()
        .startsWith("controllerAutoscaler.utilizationBand: target 0.5 ± band 0.5 reaches outside (0, 1]; ");
    app("fine").controllerAutoscaler(ControllerAutoscaler.builder().targetUtilization(0.9).utilizationBand(0.1).build()).build();
  }

  @Test
  void theOperatorBackendKeepsItsOwnAutoscaler() {
    assertThat(problems(() -> app("op").flinkVersion(FlinkVersion.V1_20).backend(Backend.OPERATOR)
        .controllerAutoscaler(ControllerAutoscaler.act()).build()))
        .containsExactly("controllerAutoscaler: is flinkstack's runtime-controller autoscaler, which runs with the standalone"
            + " backend only; with backend(Backend.OPERATOR) use operatorAutoscaler(OperatorAutoscaler.builder()"
            + "...build()) instead");
  }

  @Test
  void sessionJobsDeclareTheirOwn() throws Exception {
    FlinkSessionCluster adaptive = FlinkSessionCluster.Builder.create(chart, "shared").image("flink:2.1")
        .taskManagers(2).taskSlots(4).scheduler(Scheduler.ADAPTIVE).build();
    SessionJob.Builder.create(chart, "enrich").cluster(adaptive)
        .jarUri("https://repo.example.com/enrich.jar").parallelism(2)
        .controllerAutoscaler(ControllerAutoscaler.builder().mode(AutoscalerMode.ACT).window("10 min").build()).build();
    SqlJob.Builder.create(chart, "counts").cluster(adaptive).parallelism(2)
        .statements("CREATE TABLE a (x INT) WITH ('connector'='datagen');\nINSERT INTO b SELECT x FROM a;")
        .controllerAutoscaler(ControllerAutoscaler.monitor()).build();
    SessionJob.Builder.create(chart, "plain").cluster(adaptive)
        .jarUri("https://repo.example.com/plain.jar").build();

    assertThat(YAML.convertValue(synthesized("enrich"), AutoscalerDeclaration.class))
        .isEqualTo(new AutoscalerDeclaration(true, "act", null, null, null, null, "10 min", null, null, null, null,
            null, null, null, null));
    // Only the fields that are set: the controller applies its defaults to the rest.
    assertThat(synthesized("counts")).containsExactly(Map.entry("enabled", true), Map.entry("mode", "monitor"));
    assertThat(synthesized("plain")).isNull();
  }

  @Test
  void anActingSessionJobNeedsAnAdaptiveCluster() {
    FlinkSessionCluster fixed = FlinkSessionCluster.Builder.create(chart, "fixed").image("flink:2.1")
        .taskSlots(4).build();
    assertThat(problems(() -> SessionJob.Builder.create(chart, "enrich").cluster(fixed)
        .jarUri("https://repo.example.com/enrich.jar").controllerAutoscaler(ControllerAutoscaler.act()).build()))
        .containsExactly("controllerAutoscaler.mode: ACT rescales the job in place, which needs the adaptive scheduler, but"
            + " session cluster 'fixed' runs Scheduler.DEFAULT; set scheduler(Scheduler.ADAPTIVE) on the cluster (the"
            + " default under autoscaling), or use AutoscalerMode.MONITOR");
    // Under an HPA the cluster's scheduler is already adaptive.
    FlinkSessionCluster scaled = FlinkSessionCluster.Builder.create(chart, "scaled").image("flink:2.1").taskSlots(4)
        .autoscaling(HpaAutoscaler.builder().maxReplicas(3).build()).build();
    SessionJob.Builder.create(chart, "ok").cluster(scaled).jarUri("https://repo.example.com/ok.jar")
        .controllerAutoscaler(ControllerAutoscaler.act()).build();
  }

  @Test
  void operatorSessionJobsPointToTheClustersAutoscaler() {
    FlinkSessionCluster op = FlinkSessionCluster.Builder.create(chart, "op").image("flink:1.20")
        .flinkVersion(FlinkVersion.V1_20).backend(Backend.OPERATOR).build();
    assertThat(problems(() -> SessionJob.Builder.create(chart, "enrich").cluster(op)
        .jarUri("https://repo.example.com/enrich.jar").controllerAutoscaler(ControllerAutoscaler.monitor()).build()))
        .containsExactly("controllerAutoscaler: is flinkstack's runtime-controller autoscaler, which runs with the standalone"
            + " backend only; with backend(Backend.OPERATOR) use operatorAutoscaler(OperatorAutoscaler.builder()"
            + "...build()) on the session cluster instead");
  }

  @Test
  void problemsCarryThePath() {
    ValidationException e = (ValidationException) org.assertj.core.api.Assertions.catchThrowable(() ->
        app("p").controllerAutoscaler(ControllerAutoscaler.builder().scaleUpMaxFactor(0.5).build()).build());
    assertThat(e.problems()).extracting(Problem::path).containsOnly("team/p");
  }
}
