package io.flinkstack.contract.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.schemas.SchemaValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated CRDs: valid CustomResourceDefinitions, with what kubectl, Argo CD and Flux read from them. */
class CustomResourceDefinitionsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode crd(String kind) throws IOException {
    for (String text : CustomResourceDefinitions.yaml()) {
      JsonNode crd = YAML.readTree(text);
      if (crd.at("/spec/names/kind").asText().equals(kind)) {
        return crd;
      }
    }
    throw new AssertionError("no CRD for " + kind);
  }

  @Test
  void theCrdsAreValidCustomResourceDefinitionsOfKubernetes132() throws IOException {
    for (String text : CustomResourceDefinitions.yaml()) {
      assertThat(SchemaValidator.forKubernetes().validate(YAML.readTree(text))).isEmpty();
    }
  }

  @Test
  void statusIsASubresourceAndPrinterColumnsShowTheJob() throws IOException {
    JsonNode version = crd("FlinkJob").at("/spec/versions/0");
    assertThat(version.get("name").asText()).isEqualTo(FlinkJob.VERSION);
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    List<String> columns = new ArrayList<>();
    version.get("additionalPrinterColumns").forEach(c -> columns.add(c.get("name").asText() + "=" + c.get("jsonPath").asText()));
    assertThat(columns).contains("Job=.status.jobState", "Lifecycle=.status.lifecycle",
        "Parallelism=.status.parallelism", "Last savepoint=.status.lastSavepoint.path", "Age=.metadata.creationTimestamp");
    JsonNode snapshot = crd("FlinkSnapshot").at("/spec/versions/0");
    assertThat(snapshot.at("/subresources/status").isObject()).isTrue();
    assertThat(snapshot.at("/schema/openAPIV3Schema/properties/status/properties/path/type").asText()).isEqualTo("string");
  }

  @Test
  void theWireSpellingsOfTheContractsEnumsAreTheSchemasEnums() throws IOException {
    JsonNode spec = crd("FlinkJob").at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    assertThat(values(spec.at("/kind/enum"))).containsExactlyInAnyOrder(wire(JobKind.values()));
    assertThat(values(spec.at("/upgradeMode/enum"))).containsExactlyInAnyOrder(wire(UpgradeMode.values()));
    assertThat(values(spec.at("/state/enum"))).containsExactlyInAnyOrder(wire(DesiredState.values()));
    assertThat(values(spec.at("/kind/enum"))).contains("application", "jar", "sql");
  }

  private static List<String> values(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String[] wire(Enum<?>[] constants) {
    return java.util.Arrays.stream(constants).map(Object::toString).toArray(String[]::new);
  }

  /** The Java types and the schema generated from them agree: what the controller writes, the API server accepts. */
  @Test
  void aFlinkJobWrittenFromJavaPassesItsOwnSchema() throws IOException {
    FlinkJob job = new FlinkJob();
    job.setMetadata(new ObjectMetaBuilder().withName("enrich").withNamespace("flink").build());
    FlinkJobSpec spec = new FlinkJobSpec();
    spec.cluster = "sessions";
    spec.kind = JobKind.JAR;
    spec.jarUri = "https://artifacts.example.com/enrich.jar";
    spec.parallelism = 4;
    spec.upgradeMode = UpgradeMode.LAST_STATE;
    spec.state = DesiredState.RUNNING;
    spec.savepointInterval = "10 min";
    job.setSpec(spec);
    FlinkJobStatus status = new FlinkJobStatus();
    status.jobState = "RUNNING";
    status.observedGeneration = 1L;
    job.setStatus(status);

    JsonNode written = new ObjectMapper().valueToTree(job);
    assertThat(written.at("/spec/upgradeMode").asText()).isEqualTo("last-state");
    assertThat(CustomResourceFixturesTest.validator().validate(written)).isEmpty();
  }
}
