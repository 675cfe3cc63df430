package io.flinkstack.constructs.operatorinstall;

import static io.flinkstack.constructs.operatorinstall.Installs.props;
import static io.flinkstack.constructs.operatorinstall.Installs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstack.constructs.FlinkOperatorInstallProps;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every problem is reported at once, naming the property and the fix. */
class OperatorInstallValidationTest {
  private static List<String> problems(FlinkOperatorInstallProps.Builder props) {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> spec(props));
    assertThat(e).as("expected a ValidationException").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void theDefaultsAreAWorkingClusterScopedInstall() {
    OperatorInstallSpec spec = spec(props());
    assertThat(spec.namespace()).isEqualTo("flink-operator");
    assertThat(spec.image()).isEqualTo("apache/flink-kubernetes-operator:1.10.0");
    assertThat(spec.clusterScoped()).isTrue();
    assertThat(spec.jobNamespaces()).containsExactly("flink-operator");
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.webhook()).isNull();
    assertThat(spec.installCrds()).isTrue();
  }

  @Test
  void namespacesMustBeDns1123Labels() {
    assertThat(problems(props().namespace("Flink_Ops").watchedNamespaces(List.of("analytics", "Payments", "analytics"))))
        .containsExactly(
            "chart/operator: namespace: 'Flink_Ops' is not a namespace name (DNS-1123 label: lower case letters,"
                + " digits and '-', at most 63 characters); e.g. 'flink-ops'",
            "chart/operator: watchedNamespaces: 'Payments' is not a namespace name (DNS-1123 label: lower case letters,"
                + " digits and '-', at most 63 characters); e.g. 'payments'",
            "chart/operator: watchedNamespaces: 'analytics' is listed twice");
    assertThat(problems(props().namespace(null))).containsExactly(
        "chart/operator: namespace: is required; e.g. namespace(\"flink-operator\")");
    assertThat(problems(props().watchedNamespaces(Arrays.asList("a", null)))).singleElement().asString()
        .contains("watchedNamespaces: 'null' is not a namespace name");
  }

  @Test
  void moreThanOneOperatorNeedsLeaderElection() {
    assertThat(problems(props().replicas(2))).containsExactly("chart/operator: replicas: 2 operators without leader"
        + " election would all reconcile the same resources; add leaderElection(true), or use replicas(1)");
    assertThat(problems(props().replicas(0))).containsExactly(
        "chart/operator: replicas: 0 is less than 1; the operator needs one pod");
    assertThat(problems(props().leaderElection(true).leaseName("Lease!"))).singleElement().asString()
        .contains("leaseName: 'Lease!' is not a Lease name");
    assertThat(spec(props().replicas(2).leaderElection(true)).replicas()).isEqualTo(2);
  }

  @Test
  void theImageIsRequired() {
    assertThat(problems(props().image(" "))).containsExactly(
        "chart/operator: image: is required; e.g. image(\"apache/flink-kubernetes-operator:1.10.0\")");
    assertThat(problems(props().image("apache/flink-kubernetes-operator: 1.10.0"))).singleElement().asString()
        .contains("image: 'apache/flink-kubernetes-operator: 1.10.0' contains white space");
  }

  @Test
  void theWebhookNeedsItsCertificateSecret() {
    assertThat(problems(props().webhook(true))).containsExactly(
        "chart/operator: webhookCertificateSecret: is required with webhook(true): the name of a Secret in the"
            + " operator's namespace with keystore.p12 (cert-manager writes one for a Certificate with"
            + " keystores.pkcs12.create: true)",
        "chart/operator: webhookKeystorePasswordSecret: is required with webhook(true): the name of the Secret"
            + " holding keystore.p12's password (the one the Certificate's keystores.pkcs12.passwordSecretRef names)");
    assertThat(problems(props().webhookCertificateSecret("cert"))).containsExactly(
        "chart/operator: webhookCertificateSecret: is set but the webhook is off; add webhook(true), or leave"
            + " webhookCertificateSecret out");
    assertThat(problems(OperatorWebhookTest.withWebhook().webhookCaBundle("not a certificate"))).singleElement()
        .asString().contains("webhookCaBundle: must be the base64 of a PEM CA certificate");
    assertThat(problems(OperatorWebhookTest.withWebhook().healthProbePort(9443))).singleElement().asString()
        .contains("healthProbePort: 9443 is the webhook's port in the same pod");
  }

  @Test
  void configurationCannotUnderminePropertiesOtherObjectsFollow() {
    Map<String, String> config = new HashMap<>();
    config.put("kubernetes.operator.watched.namespaces", "other");
    config.put("kubernetes.operator.metrics.reporter.prom.port", "9999 # the port");
    assertThat(problems(props().configuration(config))).containsExactlyInAnyOrder(
        "chart/operator: configuration: 'kubernetes.operator.watched.namespaces' is derived from watchedNamespaces"
            + " (other objects follow it); set watchedNamespaces instead",
        "chart/operator: configuration: the value of 'kubernetes.operator.metrics.reporter.prom.port' must be one"
            + " line without '#' (flink-conf.yaml reads '#' as a comment)");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertThat(problems(props().configuration(nullKey))).containsExactly("chart/operator: configuration: has a null key");
  }

  @Test
  void durationsQuantitiesAndJobNamespacesAreChecked() {
    assertThat(problems(props().reconcileInterval("fast").memory("1GB").cpu("half").savepointHistoryMaxCount(0)))
        .containsExactly(
            "chart/operator: reconcileInterval: 'fast' is not a Flink duration; e.g. 15 s, 500 ms, 5 min, 24 h",
            "chart/operator: savepointHistoryMaxCount: 0 is less than 1; keep at least one savepoint",
            "chart/operator: memory: '1GB' is not a Kubernetes memory quantity; e.g. 1Gi, 768Mi",
            "chart/operator: cpu: 'half' is not a Kubernetes CPU quantity; e.g. 500m, 1");
    assertThat(problems(props().watchedNamespaces(List.of("a")).jobNamespaces(List.of("b")))).singleElement()
        .asString().contains("jobNamespaces: applies to cluster-scoped installs only");
    assertThat(spec(props().reconcileInterval("1 MINUTE")).configuration())
        .containsEntry(OperatorConfiguration.RECONCILE_INTERVAL, "1 MINUTE");
  }
}
