package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.ObjectRef;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JarDigestMissing warning: when, how often, and what it shows of the URI. */
@EnableKubernetesMockClient(crud = true, https = false)
class JarDigestWarningsTest {
  private static final ObjectRef ABOUT = new ObjectRef("v1", "ConfigMap", "flink", "sessions-job-enrich", "uid-1");
  private static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  KubernetesClient client;
  private JarDigestWarnings warnings;

  @BeforeEach
  void recorder() {
    warnings = new JarDigestWarnings(new EventRecorder(new Fabric8KubernetesGateway(client), Clock.systemUTC()));
  }

  private static JobDeclaration job(String jarUri, String sha256) {
    return new JobDeclaration("enrich", JobKind.JAR, jarUri, null, null, 1, UpgradeMode.SAVEPOINT, DesiredState.RUNNING,
        null, null, null, null, null, null, null, null, null, sha256);
  }

  private List<String> events() {
    return client.v1().events().inNamespace("flink").list().getItems().stream()
        .map(event -> event.getType() + "/" + event.getReason() + ": " + event.getMessage())
        .toList();
  }

  @Test
  void aJarWithoutDigestIsAWarningOncePerVersionOfTheJob() {
    JobDeclaration job = job("https://artifacts.example.com/enrich-1.0.jar", null);

    assertThat(warnings.check("flink/sessions-job-enrich", ABOUT, "v1", job)).isTrue();
    assertThat(warnings.check("flink/sessions-job-enrich", ABOUT, "v1", job)).isFalse(); // a retry: said already
    assertThat(warnings.check("flink/sessions-job-enrich", ABOUT, "v2", job)).isTrue();

    assertThat(events()).hasSize(2).allSatisfy(event -> assertThat(event)
        .startsWith("Warning/JarDigestMissing: job jar https://artifacts.example.com/enrich-1.0.jar is used without a"
            + " digest check")
        .contains("jarSha256"));
  }

  @Test
  void aJarWithDigestOrTheBundledRunnerIsNoWarning() {
    assertThat(warnings.check("flink/a", ABOUT, "v1", job("https://artifacts.example.com/enrich-1.0.jar", DIGEST))).isFalse();
    assertThat(warnings.check("flink/b", ABOUT, "v1", job(SessionJobs.BUNDLED_SQL_RUNNER, null))).isFalse();
    assertThat(events()).isEmpty();
  }

  @Test
  void theWarningShowsNoSecretOfTheUri() {
    warnings.check("flink/sessions-job-enrich", ABOUT, "v1",
        job("https://deployer:s3cr3t@artifacts.example.com/enrich-1.0.jar?token=t0ken", null));

    assertThat(events()).singleElement().satisfies(event -> assertThat(event)
        .contains("https://***@artifacts.example.com/enrich-1.0.jar?***")
        .doesNotContain("s3cr3t").doesNotContain("t0ken").doesNotContain("deployer"));
  }
}
