package io.flinkstack.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
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
}
