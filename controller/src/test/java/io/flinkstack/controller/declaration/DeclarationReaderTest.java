package io.flinkstack.controller.declaration;

import io.flinkstack.contract.DeclarationKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeclarationReaderTest {
  private final DeclarationReader reader = new DeclarationReader(10);

  @Test
  void readsAnApplicationDeclarationAsTheConstructsWriteIt() throws Exception {
    ConfigMapSnapshot configMap = snapshot(DeclarationFixture.application("flink", "wordcount")
        .set("parallelism", 4).set("savepointTriggerNonce", 7).set("savepointInterval", "1 h")
        .set("savepointHistoryMaxCount", 3).set("savepointHistoryMaxAge", "7 d").set("someFutureField", "x"));

    DeclarationIdentity identity = reader.identify(configMap);
    Declaration declaration = reader.read(identity, configMap);

    assertThat(identity.kind()).isEqualTo(DeclarationKind.APPLICATION);
    assertThat(identity.cluster()).isEqualTo("wordcount");
    assertThat(identity.statusConfigMap()).isEqualTo("wordcount-status");
    assertThat(identity.restService()).isEqualTo("wordcount-rest");
    assertThat(declaration.job().parallelism()).isEqualTo(4);
    assertThat(declaration.savepointTriggerNonce()).isEqualTo(7L);
    assertThat(declaration.savepoints())
        .isEqualTo(new SavepointPolicy(Optional.of(Duration.ofHours(1)), 3, Optional.of(Duration.ofDays(7))));
  }

  @Test
  void aSessionJobIsNamedByItsConfigMapAndGetsItsOwnStatus() throws Exception {
    ConfigMapSnapshot configMap = snapshot(DeclarationFixture.sessionJob("flink", "shared", "orders"));

    DeclarationIdentity identity = reader.identify(configMap);

    assertThat(identity.kind()).isEqualTo(DeclarationKind.SESSION_JOB);
    assertThat(identity.jobName()).isEqualTo("orders");
    assertThat(identity.statusConfigMap()).isEqualTo("shared-job-orders-status");
    assertThat(reader.read(identity, configMap).savepoints())
        .as("no savepoint settings: no periodic savepoints, the controller's default count, no age limit")
        .isEqualTo(new SavepointPolicy(Optional.empty(), 10, Optional.empty()));
  }

  @Test
  void theVocabularyIsReadAsTheContractsTypesFromTheWireSpelling() throws Exception {
    Declaration declaration = read(DeclarationFixture.sessionJob("flink", "shared", "orders")
        .set("kind", "sql").set("upgradeMode", "last-state").set("state", "suspended"));
    assertThat(declaration.job().kind()).isEqualTo(JobKind.SQL);
    assertThat(declaration.job().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(declaration.job().state()).isEqualTo(DesiredState.SUSPENDED);
    // A value outside the vocabulary is refused with the ones that exist.
    assertThatThrownBy(() -> read(DeclarationFixture.application("flink", "a").set("upgradeMode", "fast")))
        .isInstanceOf(InvalidDeclarationException.class).hasMessageContaining("fast")
        .hasMessageContaining("savepoint").hasMessageContaining("last-state").hasMessageContaining("stateless");
  }

  @Test
  void problemsNameTheFieldAndTheFix() throws Exception {
    assertThatThrownBy(() -> read(DeclarationFixture.application("flink", "a").set("savepointInterval", "1 fortnight")))
        .hasMessageContaining("savepointInterval").hasMessageContaining("fortnight");
    assertThatThrownBy(() -> read(DeclarationFixture.application("flink", "a").set("savepointHistoryMaxCount", 0)))
        .hasMessageContaining("savepointHistoryMaxCount is 0");
    assertThatThrownBy(() -> read(DeclarationFixture.sessionJob("flink", "shared", "orders").set("name", "payments")))
        .hasMessageContaining("'payments'").hasMessageContaining("'orders'");

    ConfigMapSnapshot notYaml = snapshot(DeclarationFixture.application("flink", "a"))
        .withData(Map.of(SessionJobs.JOB_KEY, "savepointTriggerNonce: [1, 2"));
    assertThatThrownBy(() -> reader.read(reader.identify(notYaml), notYaml))
        .isInstanceOf(InvalidDeclarationException.class).hasMessageContaining("job.yaml is not a job declaration");

    ConfigMapSnapshot noCluster = withoutLabel(snapshot(DeclarationFixture.application("flink", "a")), SessionJobs.LABEL_SESSION_CLUSTER);
    assertThatThrownBy(() -> reader.identify(noCluster)).hasMessageContaining(SessionJobs.LABEL_SESSION_CLUSTER);
  }

  private Declaration read(DeclarationFixture fixture) throws InvalidDeclarationException {
    ConfigMapSnapshot configMap = snapshot(fixture);
    return reader.read(reader.identify(configMap), configMap);
  }

  private static ConfigMapSnapshot snapshot(DeclarationFixture fixture) {
    return DeclarationFixture.snapshot(fixture.configMap());
  }

  private static ConfigMapSnapshot withoutLabel(ConfigMapSnapshot configMap, String label) {
    Map<String, String> labels = new HashMap<>(configMap.labels());
    labels.remove(label);
    return new ConfigMapSnapshot(configMap.namespace(), configMap.name(), configMap.uid(), configMap.resourceVersion(), labels,
        configMap.annotations(), configMap.data());
  }
}
