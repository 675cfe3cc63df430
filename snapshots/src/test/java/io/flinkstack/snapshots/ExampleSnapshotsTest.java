package io.flinkstack.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import io.flinkstack.schemas.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import io.flinkstack.examples.Examples;
import io.flinkstack.testing.FlinkstackApproval;
import io.flinkstack.testing.FlinkstackChecks;
import java.io.File;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.QuietReporter;
import org.cdk8s.App;
import org.junit.jupiter.api.Test;

/**
 * The examples through flinkstack-testing, as a team's project uses it: every chart against its approved snapshot
 * {@code approved/<chart>.approved.yaml}, and every object through the checks of {@code flinkstack validate} (strict
 * Kubernetes and operator CRD schemas, the API server's rules, restricted Pod Security, the NetworkPolicy model). A
 * changed manifest fails here and leaves {@code approved/<chart>.received.yaml} to review (see README).
 */
class ExampleSnapshotsTest {
  private static final Path APPROVED = Path.of("approved");

  private static App examples() {
    App app = new App();
    Examples.all().values().forEach(define -> define.accept(app));
    return app;
  }

  @Test
  void everyExampleMatchesItsApprovedSnapshotAndPassesTheChecks() {
    FlinkstackApproval.verifyApp(examples(), FlinkstackApproval.Settings.inDirectory(APPROVED)
        .withOptions(new Options().withReporter(new QuietReporter())));
  }

  /** What reviewers signed off, read back from the files: {@code flinkstack validate snapshots/approved}. */
  @Test
  void theApprovedFilesPassTheChecks() {
    FlinkstackChecks.assertValid(APPROVED);
  }

  @Test
  void everyExampleIsAChartAndSynthesisIsDeterministic() {
    var manifests = AppSynthesizer.synthesize(examples());
    assertThat(manifests).extracting(ChartManifest::file)
        .containsExactlyElementsOf(Examples.all().keySet().stream().map(n -> n + ".k8s.yaml").toList());
    assertThat(AppSynthesizer.synthesize(examples())).isEqualTo(manifests);
  }

  @Test
  void noSnapshotIsOrphaned() {
    File[] approved = APPROVED.toFile().listFiles((d, n) -> n.endsWith(".approved.yaml"));
    assertThat(approved).isNotNull();
    assertThat(Stream.of(approved).map(f -> f.getName().replace(".approved.yaml", "")))
        .containsExactlyInAnyOrderElementsOf(Examples.all().keySet());
  }

  /**
   * Every FlinkJob the examples declare to the runtime controller, of every kind, passes the CRD the
   * RuntimeController example installs (schema and CEL rules), as the API server would check it on apply.
   */
  @Test
  void everyFlinkJobOfTheExamplesPassesItsCustomResourceDefinition() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    SchemaValidator installed = SchemaValidator.forKubernetes();
    List<JsonNode> flinkJobs = new ArrayList<>();
    for (ChartManifest m : AppSynthesizer.synthesize(examples())) {
      for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(m.yaml()).readAll()) {
        if (doc.path("kind").asText().equals("CustomResourceDefinition")) {
          installed = installed.withCustomResourceDefinition(doc);
        } else if (doc.path("kind").asText().equals("FlinkJob")) {
          flinkJobs.add(doc);
        }
      }
    }
    assertThat(flinkJobs).extracting(j -> j.path("spec").path("kind").asText())
        .contains("application", "jar", "sql");
    for (JsonNode job : flinkJobs) {
      assertThat(job.path("apiVersion").asText()).isEqualTo("flinkstack.io/v1alpha1");
      assertThat(job.has("status")).isFalse();
      assertThat(installed.validate(job)).as(job.path("metadata").path("name").asText()).isEmpty();
      assertThat(CustomResourceSchemas.validator().validate(job)).isEmpty();
    }
  }
}
