package io.flinkstack.constructs.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.HpaAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.cdk8s.ApiObject;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.JsonPatch;
import org.junit.jupiter.api.Test;

/** {@link AppSynthesizer#objects(App)}: the synthesized objects with what the constructs know about them. */
class SynthesizedObjectsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static FlinkApplication autoscaled(Chart chart, String id) {
    return FlinkApplication.Builder.create(chart, id).image("flink:2.1")
        .jarUri("local:///opt/flink/usrlib/job.jar").taskManagers(2).taskSlots(2)
        .autoscaling(HpaAutoscaler.builder().minReplicas(1).maxReplicas(4).cpuUtilization(70).build())
        .build();
  }

  @Test
  void aConstructsObjectsCarryTheTypedObjectItsTierAndWhoOwnsItsReplicas() {
    App app = new App();
    FlinkApplication cluster = autoscaled(new Chart(app, "team", ChartProps.builder().namespace("team-a").build()), "scaled");

    List<SynthesizedChart> charts = AppSynthesizer.objects(app);

    assertThat(charts).extracting(SynthesizedChart::file).containsExactly("team.k8s.yaml");
    List<SynthesizedObject> objects = charts.get(0).objects();
    assertThat(objects).allSatisfy(o -> assertThat(o.typed()).as(o.describe()).isPresent());
    assertThat(objects).allSatisfy(o -> assertThat(o.namespace()).isEqualTo("team-a"));
    // the very objects the construct built, not copies read back
    assertThat(objects.stream().map(o -> o.typed().orElseThrow()).toList())
        .usingElementComparator((a, b) -> a == b ? 0 : 1).containsExactlyInAnyOrderElementsOf(cluster.getManifests());
    assertThat(objects).filteredOn(SynthesizedObject::replicasOwnedByAutoscaler).extracting(SynthesizedObject::describe)
        .containsExactly("StatefulSet team-a/scaled-taskmanager");
    Map<String, DeploymentTier> tiers = objects.stream()
        .collect(Collectors.toMap(SynthesizedObject::kind, SynthesizedObject::tier, (a, b) -> a));
    assertThat(tiers).containsEntry("ServiceAccount", DeploymentTier.FOUNDATION)
        .containsEntry("ConfigMap", DeploymentTier.FOUNDATION)
        .containsEntry("StatefulSet", DeploymentTier.WORKLOADS)
        .containsEntry("HorizontalPodAutoscaler", DeploymentTier.SCALERS);
  }

  @Test
  void theObjectsAreThoseOfTheManifestFiles() throws Exception {
    App files = new App();
    autoscaled(new Chart(files, "team", ChartProps.builder().namespace("team-a").build()), "scaled");
    App objects = new App();
    autoscaled(new Chart(objects, "team", ChartProps.builder().namespace("team-a").build()), "scaled");

    List<JsonNode> fromYaml = YAML.readerFor(JsonNode.class)
        .<JsonNode>readValues(AppSynthesizer.synthesize(files).get(0).yaml()).readAll();
    List<JsonNode> fromObjects = AppSynthesizer.objects(objects).get(0).objects().stream()
        .map(o -> (JsonNode) o.body()).toList();

    assertThat(fromObjects).hasSameSizeAs(fromYaml);
    for (int i = 0; i < fromYaml.size(); i++) {
      assertThat(YAML.writeValueAsString(fromObjects.get(i))).isEqualTo(YAML.writeValueAsString(fromYaml.get(i)));
    }
  }

  @Test
  void aPatchedObjectLosesItsTypedObjectButNotItsConstructsFacts() {
    App app = new App();
    FlinkApplication cluster = autoscaled(new Chart(app, "team", ChartProps.builder().namespace("team-a").build()), "scaled");
    ((ApiObject) cluster.getNode().findChild("StatefulSet-scaled-taskmanager"))
        .addJsonPatch(JsonPatch.add("/spec/minReadySeconds", 5));
    // The construct's HPA, changed to name nothing: its facts, not its scaleTargetRef, say who owns the replicas.
    ((ApiObject) cluster.getNode().findChild("HorizontalPodAutoscaler-scaled-taskmanager"))
        .addJsonPatch(JsonPatch.replace("/spec/scaleTargetRef/name", "nothing"));

    List<SynthesizedObject> objects = AppSynthesizer.objects(app).get(0).objects();

    SynthesizedObject taskManagers = objects.stream()
        .filter(o -> o.describe().equals("StatefulSet team-a/scaled-taskmanager")).findFirst().orElseThrow();
    assertThat(taskManagers.typed()).isEmpty();
    assertThat(taskManagers.body().path("spec").path("minReadySeconds").asInt()).isEqualTo(5);
    assertThat(taskManagers.replicasOwnedByAutoscaler()).isTrue();
    assertThat(objects).filteredOn(SynthesizedObject::replicasOwnedByAutoscaler).hasSize(1);
  }

  @Test
  void aHandMadeHpaOwnsTheScalableTargetOfItsKindNameGroupAndNamespace() throws Exception {
    List<JsonNode> chart = List.of(
        object("apps/v1", "StatefulSet", "ns", "tm", "{}"),
        object("apps/v1", "Deployment", "ns", "web", "{}"),
        object("v1", "Service", "ns", "tm", "{}"),
        object("apps/v1", "StatefulSet", "other", "db", "{}"),
        object("apps/v1", "Deployment", "ns", "api", "{}"),
        hpa("ns", "apps/v1", "StatefulSet", "tm"),
        hpa("ns", "apps/v1", "Deployment", "web"),
        hpa("ns", "apps/v1", "StatefulSet", "db"), // another namespace
        hpa("ns", "example.com/v1", "Deployment", "api")); // another group

    SynthesizedChart synthesized = ConstructFacts.none().chart("hand-made.k8s.yaml", YAML.valueToTree(chart));

    assertThat(synthesized.objects()).filteredOn(SynthesizedObject::replicasOwnedByAutoscaler)
        .extracting(SynthesizedObject::describe).containsExactlyInAnyOrder("StatefulSet ns/tm", "Deployment ns/web");
    assertThat(synthesized.objects()).allSatisfy(o -> assertThat(o.typed()).isEqualTo(Optional.<HasMetadata>empty()));
  }

  private static JsonNode hpa(String namespace, String apiVersion, String kind, String name) throws Exception {
    return object("autoscaling/v2", "HorizontalPodAutoscaler", namespace, "hpa-" + name,
        "{scaleTargetRef: {apiVersion: '" + apiVersion + "', kind: " + kind + ", name: " + name + "}}");
  }

  private static JsonNode object(String apiVersion, String kind, String namespace, String name, String spec)
      throws Exception {
    return YAML.readTree("apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name
        + ", namespace: " + namespace + "}\nspec: " + spec + "\n");
  }
}
