package io.flinkstack.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.examples.Examples;
import io.flinkstack.schemas.ManifestValidator;
import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.QuietReporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example's manifest against its approved snapshot, and against the strict Kubernetes schemas and the API
 * server's rules beyond them ({@link ManifestValidator} runs both). A changed manifest fails here and leaves
 * {@code approved/<chart>.received.yaml} to review (see README).
 */
class ExampleSnapshotsTest {
  private static List<ChartManifest> manifests;

  @BeforeAll
  static void synthesizeOnce() {
    manifests = AppSynthesizer.synthesize(Examples.all().values());
  }

  @TestFactory
  Stream<DynamicTest> everyExampleMatchesItsApprovedSnapshot() {
    assertThat(manifests).extracting(ChartManifest::file)
        .containsExactlyElementsOf(Examples.all().keySet().stream().map(n -> n + ".k8s.yaml").toList());
    return manifests.stream().map(m -> DynamicTest.dynamicTest(m.file(), () -> {
      String chart = m.file().replaceFirst("\\.k8s\\.yaml$", "");
      Approvals.verify(m.yaml(), new Options().withReporter(new QuietReporter())
          .forFile().withNamer(new SnapshotNamer(chart)).forFile().withExtension(".yaml"));
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyObjectIsValidAgainstTheStrictSchemas() {
    ManifestValidator validator = new ManifestValidator(io.flinkstack.constructs.validation.OperatorCrdSchemas.validator());
    return manifests.stream().map(m -> DynamicTest.dynamicTest(m.file(),
        () -> assertThat(validator.validateYaml(m.file(), m.yaml())).isEmpty()));
  }

  @Test
  void synthesisIsDeterministic() {
    assertThat(AppSynthesizer.synthesize(Examples.all().values())).isEqualTo(manifests);
  }

  @Test
  void noSnapshotIsOrphaned() {
    File[] approved = SnapshotNamer.DIRECTORY.listFiles((d, n) -> n.endsWith(".approved.yaml"));
    assertThat(approved).isNotNull();
    assertThat(Stream.of(approved).map(f -> f.getName().replace(".approved.yaml", "")))
        .containsExactlyInAnyOrderElementsOf(Examples.all().keySet());
  }
}
