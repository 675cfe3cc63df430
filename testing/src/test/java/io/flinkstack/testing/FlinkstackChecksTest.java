package io.flinkstack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ManifestChecks;
import io.flinkstack.schemas.PodSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cdk8s.ApiObject;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.JsonPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.constructs.IConstruct;

class FlinkstackChecksTest {
  @Test
  void aTeamsAppWithOneFlinkApplicationPasses() {
    assertThatCode(() -> FlinkstackChecks.assertValid(TeamApp.app())).doesNotThrowAnyException();
    assertThat(FlinkstackChecks.check(TeamApp.app()).warnings()).isEmpty();
  }

  @Test
  void aBrokenAppFailsListingEveryProblemAsTheCliDoes() {
    AssertionError failure = catchThrowableOfType(AssertionError.class,
        () -> FlinkstackChecks.assertValid(TeamApp.broken()));
    String message = failure.getMessage();
    assertThat(message).containsPattern("^\\d+ problems in the manifests \\(as flinkstack validate"
        + " reports them\\):\n");
    assertThat(message.lines().skip(1)).allMatch(line -> line.startsWith("  orders.k8s.yaml#"), "every line names file and document");
    assertThat(message)
        // the strict schema
        .containsPattern("orders\\.k8s\\.yaml#\\d+ \\(Service orders_rest\\) /spec/replica: ")
        // the API server's rules
        .containsPattern("\\(Service orders_rest\\) /metadata/name: Service name 'orders_rest' must be a DNS-1035 label")
        // Pod Security, restricted
        .containsPattern("\\(Pod debug\\) /spec/containers/0/securityContext/privileged: Privileged Containers: ")
        // the NetworkPolicy model: the TaskManagers no longer reach the JobManager
        .containsPattern("\\(StatefulSet orders-jobmanager\\): Flink cluster orders: .* is blocked");
  }

  @Test
  void podSecurityCanBeHeldToBaselineOrLeftOut() {
    List<ChartManifest> manifests = AppSynthesizer.synthesize(TeamApp.broken());
    String baseline = catchThrowableOfType(AssertionError.class, () -> FlinkstackChecks.assertValid(manifests,
        ManifestChecks.standard().withPodSecurity(PodSecurity.Level.BASELINE))).getMessage();
    assertThat(baseline).contains("Privileged Containers").doesNotContain("Running as Non-root");
    String none = catchThrowableOfType(AssertionError.class,
        () -> FlinkstackChecks.assertValid(manifests, ManifestChecks.standard().withPodSecurity(null))).getMessage();
    assertThat(none).doesNotContain("Privileged Containers").contains("orders_rest");
  }

  @Test
  void aFolderIsCheckedAsFlinkstackValidateChecksIt(@TempDir Path dir) throws IOException {
    for (ChartManifest m : AppSynthesizer.synthesize(TeamApp.broken())) {
      Files.writeString(dir.resolve(m.file()), m.yaml());
    }
    String fromFolder = catchThrowableOfType(AssertionError.class, () -> FlinkstackChecks.assertValid(dir)).getMessage();
    String fromApp = catchThrowableOfType(AssertionError.class,
        () -> FlinkstackChecks.assertValid(TeamApp.broken())).getMessage();
    assertThat(fromFolder).isEqualTo(fromApp);
  }

  @Test
  void theClustersFlinkJobIsCheckedAgainstItsCrd() {
    App app = new App();
    Chart chart = TeamApp.define(app);
    // The application's FlinkJob, named like the cluster: a hand patch the CRD's CEL rules refuse.
    for (IConstruct c : chart.getNode().findAll()) {
      if (c instanceof ApiObject o && o.getKind().equals("FlinkJob")) {
        assertThat(o.getApiVersion()).isEqualTo("flinkstack.io/v1alpha1");
        o.addJsonPatch(JsonPatch.add("/spec/sqlStatements", "SELECT 1;"));
      }
    }
    String message = catchThrowableOfType(AssertionError.class, () -> FlinkstackChecks.assertValid(app)).getMessage();
    assertThat(message)
        .containsPattern("\\(FlinkJob orders\\) /spec/sqlStatements: sqlStatements are for kind sql only");
  }
}
