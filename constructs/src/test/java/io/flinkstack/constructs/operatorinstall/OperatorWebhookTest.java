package io.flinkstack.constructs.operatorinstall;

import static io.flinkstack.constructs.operatorinstall.Installs.NS;
import static io.flinkstack.constructs.operatorinstall.Installs.build;
import static io.flinkstack.constructs.operatorinstall.Installs.find;
import static io.flinkstack.constructs.operatorinstall.Installs.ids;
import static io.flinkstack.constructs.operatorinstall.Installs.props;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.flinkstack.constructs.FlinkOperatorInstallProps;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admission webhook: off by default; on, it serves TLS from the user's Secret. */
class OperatorWebhookTest {
  static FlinkOperatorInstallProps.Builder withWebhook() {
    return props().webhook(true).webhookCertificateSecret("flink-operator-webhook-cert")
        .webhookKeystorePasswordSecret("flink-operator-webhook-password");
  }

  private static final String CONFIG_NAME = "flink-operator-flink-operator-webhook-configuration";

  @Test
  void offByDefault() {
    List<HasMetadata> objects = build(props()).all();
    assertThat(ids(objects)).noneMatch(id -> id.contains("Webhook") || id.contains("webhook"));
    assertThat(find(objects, Deployment.class, NS, "flink-kubernetes-operator").getSpec().getTemplate().getSpec()
        .getContainers()).hasSize(1);
  }

  @Test
  void onItAddsTheServiceTheConfigurationsAndTheWebhookContainer() {
    List<HasMetadata> objects = build(withWebhook()).all();
    Service service = find(objects, Service.class, NS, "flink-operator-webhook-service");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(443);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("webhook");
    });
    assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "flink-kubernetes-operator");

    ValidatingWebhookConfiguration validating = find(objects, ValidatingWebhookConfiguration.class, null, CONFIG_NAME);
    ValidatingWebhook hook = validating.getWebhooks().get(0);
    assertThat(hook.getClientConfig().getService().getName()).isEqualTo("flink-operator-webhook-service");
    assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(NS);
    assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/validate");
    assertThat(hook.getRules().get(0).getResources())
        .containsExactly("flinkdeployments", "flinksessionjobs", "flinkstatesnapshots");
    assertThat(hook.getRules().get(0).getApiVersions()).containsExactly("v1beta1");
    assertThat(hook.getNamespaceSelector()).isNull();
    assertThat(validating.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from-secret", NS + "/flink-operator-webhook-cert");

    MutatingWebhookConfiguration mutating = find(objects, MutatingWebhookConfiguration.class, null, CONFIG_NAME);
    assertThat(mutating.getWebhooks().get(0).getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(mutating.getWebhooks().get(0).getRules().get(0).getResources()).containsExactly("flinksessionjobs");
    assertThat(mutating.getWebhooks().get(0).getRules().get(0).getOperations()).containsExactly("CREATE");

    PodSpec pod = find(objects, Deployment.class, NS, "flink-kubernetes-operator").getSpec().getTemplate().getSpec();
    Container webhook = pod.getContainers().get(1);
    assertThat(webhook.getCommand()).containsExactly("/docker-entrypoint.sh", "webhook");
    assertThat(webhook.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("WEBHOOK_KEYSTORE_PASSWORD");
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("flink-operator-webhook-password");
      assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    });
    assertThat(webhook.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).contains(
        "WEBHOOK_KEYSTORE_FILE=/certs/keystore.p12", "WEBHOOK_KEYSTORE_TYPE=pkcs12", "WEBHOOK_SERVER_PORT=9443",
        "FLINK_CONF_DIR=/opt/flink/conf");
    assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
      assertThat(v.getSecret().getSecretName()).isEqualTo("flink-operator-webhook-cert");
      assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("keystore.p12"));
    });
    assertThat(webhook.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/certs");
      assertThat(m.getSubPath()).isNull();
    });
  }

  @Test
  void aNamespacedOperatorOnlyAdmitsItsNamespaces() {
    List<HasMetadata> objects = build(withWebhook().watchedNamespaces(List.of("analytics", "payments"))).all();
    ValidatingWebhook hook = find(objects, ValidatingWebhookConfiguration.class, null, CONFIG_NAME).getWebhooks().get(0);
    assertThat(hook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
      assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
      assertThat(e.getOperator()).isEqualTo("In");
      assertThat(e.getValues()).containsExactly("analytics", "payments");
    });
  }

  @Test
  void aGivenCaBundleReplacesCaInjection() {
    String ca = Base64.getEncoder().encodeToString(
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));
    List<HasMetadata> objects = build(withWebhook().webhookCaBundle(ca)).all();
    ValidatingWebhookConfiguration validating = find(objects, ValidatingWebhookConfiguration.class, null, CONFIG_NAME);
    assertThat(validating.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(validating.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo(ca);
  }
}
