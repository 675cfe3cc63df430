package io.flinkstack.controller.declaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeclarationReaderTest {
  private final DeclarationReader reader = new DeclarationReader(10);

  @Test
  void readsAnApplicationsFlinkJobAsTheConstructsWriteIt() throws Exception {
    FlinkJob resource = DeclarationFixture.application("flink", "wordcount")
        .set("parallelism", 4).set("savepointTriggerNonce", 7).set("savepointInterval", "1 h")
        .set("savepointHistoryMaxCount", 3).set("savepointHistoryMaxAge", "7 d").resource();

    DeclarationIdentity identity = reader.identify(resource);
    Declaration declaration = reader.read(identity, resource);

    assertThat(identity.kind()).isEqualTo(DeclarationKind.APPLICATION);
    assertThat(identity.cluster()).isEqualTo("wordcount");
    assertThat(identity.source().kind()).isEqualTo("FlinkJob");
    assertThat(identity.source().apiVersion()).isEqualTo("flinkstack.io/v1alpha1");
    assertThat(identity.restService()).isEqualTo("wordcount-rest");
    assertThat(declaration.job().parallelism()).isEqualTo(4);
    assertThat(declaration.savepointTriggerNonce()).isEqualTo(7L);
    assertThat(declaration.savepoints())
        .isEqualTo(new SavepointPolicy(Optional.of(Duration.ofHours(1)), 3, Optional.of(Duration.ofDays(7))));
  }

  @Test
  void aSessionJobIsNamedByItsFlinkJob() throws Exception {
    FlinkJob resource = DeclarationFixture.sessionJob("flink", "shared", "orders").resource();

    DeclarationIdentity identity = reader.identify(resource);

    assertThat(identity.kind()).isEqualTo(DeclarationKind.SESSION_JOB);
    assertThat(identity.cluster()).isEqualTo("shared");
    assertThat(identity.jobName()).isEqualTo("orders");
    assertThat(reader.read(identity, resource).job().name()).isEqualTo("orders");
    assertThat(reader.read(identity, resource).savepoints())
        .as("no savepoint settings: no periodic savepoints, the controller's default count, no age limit")
        .isEqualTo(new SavepointPolicy(Optional.empty(), 10, Optional.empty()));
  }

  @Test
  void theVocabularyIsReadAsTheContractsTypesFromTheWireSpelling() throws Exception {
    Declaration declaration = read(DeclarationFixture.sessionJob("flink", "shared", "orders")
        .set("kind", "sql").set("sqlStatements", "INSERT INTO s SELECT 1;").set("upgradeMode", "last-state")
        .set("state", "suspended"));
    assertThat(declaration.job().kind()).isEqualTo(JobKind.SQL);
    assertThat(declaration.job().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(declaration.job().state()).isEqualTo(DesiredState.SUSPENDED);
    assertThat(declaration.sqlStatements()).contains("INSERT INTO s SELECT 1;");
    assertThat(declaration.job().jarUri()).as("a sql job without a jar runs on the bundled runner")
        .isEqualTo(SessionJobs.BUNDLED_SQL_RUNNER);
  }

  @Test
  void problemsTheSchemaCannotCatchNameTheFieldAndTheFix() throws Exception {
    assertThatThrownBy(() -> read(DeclarationFixture.application("flink", "a").set("savepointInterval", "1 fortnight")))
        .hasMessageContaining("spec.savepointInterval").hasMessageContaining("fortnight");
    assertThatThrownBy(() -> read(DeclarationFixture.application("flink", "a").set("savepointHistoryMaxCount", 0)))
        .hasMessageContaining("spec.savepointHistoryMaxCount is 0");
    assertThatThrownBy(() -> read(DeclarationFixture.sessionJob("flink", "shared", "q").set("kind", "sql")))
        .hasMessageContaining("spec.sqlStatements is missing");
    assertThatThrownBy(() -> read(DeclarationFixture.application("flink", "a")
        .autoscaler("{enabled: true, window: soon}")))
        .hasMessageContaining("spec.autoscaler").hasMessageContaining("soon");

    FlinkJob noCluster = DeclarationFixture.application("flink", "a").resource();
    noCluster.getSpec().cluster = null;
    assertThatThrownBy(() -> reader.identify(noCluster)).hasMessageContaining("spec.cluster is missing");
    FlinkJob noKind = DeclarationFixture.application("flink", "a").resource();
    noKind.getSpec().kind = null;
    assertThatThrownBy(() -> reader.identify(noKind)).hasMessageContaining("spec.kind is missing")
        .hasMessageContaining("application").hasMessageContaining("jar").hasMessageContaining("sql");
  }

  @Test
  void jarCredentialsAreReadAndAnIncompleteReferenceNamesTheFieldAndTheFix() throws Exception {
    DeclarationFixture jar = DeclarationFixture.sessionJob("flink", "shared", "orders")
        .set("kind", "jar").set("jarUri", "https://artifacts.example.com/orders-1.0.jar");
    assertThat(read(jar.set("jarCredentials", java.util.Map.of("secretName", "artifacts", "key", "token"))).job().jarCredentials())
        .isEqualTo(new io.flinkstack.contract.JarCredentials("artifacts", "token"));

    assertThatThrownBy(() -> read(jar.set("jarCredentials", java.util.Map.of("key", "token"))))
        .isInstanceOf(InvalidDeclarationException.class)
        .hasMessageStartingWith("spec.jarCredentials.secretName is missing: name the Secret");
    assertThatThrownBy(() -> read(jar.set("jarCredentials", java.util.Map.of("secretName", "artifacts"))))
        .hasMessageStartingWith("spec.jarCredentials.key is missing: name the key of Secret artifacts");
    assertThatThrownBy(() -> read(jar.set("jarCredentials", java.util.Map.of("secretName", "Artifacts", "key", "token"))))
        .hasMessageContaining("spec.jarCredentials.secretName 'Artifacts' is not a Secret name");
    assertThatThrownBy(() -> read(DeclarationFixture.sessionJob("flink", "shared", "q").set("kind", "sql")
        .set("sqlStatements", "INSERT INTO s SELECT 1;")
        .set("jarCredentials", java.util.Map.of("secretName", "artifacts", "key", "token"))))
        .hasMessageContaining("spec.jarCredentials is for downloading jarUri; the bundled SQL runner");
  }

  private Declaration read(DeclarationFixture fixture) throws InvalidDeclarationException {
    FlinkJob resource = fixture.resource();
    return reader.read(reader.identify(resource), resource);
  }
}
