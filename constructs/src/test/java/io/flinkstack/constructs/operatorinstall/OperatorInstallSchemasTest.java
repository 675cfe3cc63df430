package io.flinkstack.constructs.operatorinstall;

import static io.flinkstack.constructs.operatorinstall.Installs.build;
import static io.flinkstack.constructs.operatorinstall.Installs.id;
import static io.flinkstack.constructs.operatorinstall.Installs.json;
import static io.flinkstack.constructs.operatorinstall.Installs.props;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.FlinkOperatorInstallProps;
import io.flinkstack.schemas.PodSecurity;
import io.flinkstack.schemas.SchemaValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every object of every shape of install is valid Kubernetes 1.32 and its pods meet the restricted profile. */
class OperatorInstallSchemasTest {
  private static final List<FlinkOperatorInstallProps.Builder> INSTALLS = List.of(
      props(),
      props().watchedNamespaces(List.of("analytics", "payments")),
      props().watchedNamespaces(List.of("flink-operator", "analytics")).leaderElection(true).replicas(2),
      props().jobNamespaces(List.of("team-a")).leaderElection(true).imagePullSecrets(List.of("registry")),
      OperatorWebhookTest.withWebhook().watchedNamespaces(List.of("analytics")).jvmArgs("-Xmx512m"));

  @Test
  void everyObjectIsValidAgainstTheStrictSchemas() {
    for (FlinkOperatorInstallProps.Builder install : INSTALLS) {
      for (HasMetadata object : build(install).all()) {
        assertThat(SchemaValidator.forKubernetes().validate(json(object))).as(id(object)).isEmpty();
      }
    }
  }

  @Test
  void theOperatorPodMeetsTheRestrictedPodSecurityStandard() {
    for (FlinkOperatorInstallProps.Builder install : INSTALLS) {
      for (HasMetadata object : build(install).all()) {
        assertThat(PodSecurity.check(json(object))).as(id(object)).isEmpty();
      }
    }
  }

  @Test
  void theCoreApiGroupAndEmptyDirsSurviveSerialization() {
    // flinkstack's mapper leaves empty values out; an empty group name or emptyDir must not be one of them.
    JsonNode role = json(build(props()).in(Installs.NS).stream()
        .filter(o -> o.getKind().equals("Role")).findFirst().orElseThrow());
    assertThat(role.at("/rules/0/apiGroups/0").isTextual()).isTrue();
    assertThat(role.at("/rules/0/apiGroups/0").asText()).isEmpty();
    JsonNode deployment = json(build(props()).in(Installs.NS).stream()
        .filter(o -> o.getKind().equals("Deployment")).findFirst().orElseThrow());
    assertThat(deployment.at("/spec/template/spec/volumes/1/emptyDir").isObject()).isTrue();
  }
}
