package io.flinkstack.constructs.operatorinstall;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import java.util.List;
import java.util.Map;

/**
 * The admission webhook's Service and its Validating/MutatingWebhookConfigurations. The webhook validates
 * FlinkDeployments, FlinkSessionJobs and FlinkStateSnapshots on create and update, and fills in defaults
 * of new FlinkSessionJobs, as the Helm chart registers it.
 */
public final class OperatorWebhook {
  /** cert-manager's CA injector copies {@code ca.crt} of the named Secret into every webhook's caBundle. */
  public static final String INJECT_CA_FROM_SECRET = "cert-manager.io/inject-ca-from-secret";
  private static final String FLINK_GROUP = "flink.apache.org";

  private OperatorWebhook() {}

  static Service service(OperatorInstallSpec spec) {
    return new ServiceBuilder()
        .withMetadata(OperatorRbac.meta(OperatorNames.WEBHOOK_SERVICE, spec.namespace(), OperatorNames.labels()))
        .withNewSpec()
        .withSelector(OperatorNames.selector())
        .addNewPort().withName("webhook").withPort(443).withTargetPort(new IntOrString("webhook")).withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  static ValidatingWebhookConfiguration validating(OperatorInstallSpec spec) {
    return new ValidatingWebhookConfigurationBuilder()
        .withMetadata(meta(spec))
        .addNewWebhook()
        .withName("validationwebhook.flink.apache.org")
        .withAdmissionReviewVersions("v1")
        .withClientConfig(clientConfig(spec, "/validate"))
        .withFailurePolicy("Fail")
        .withSideEffects("None")
        .withRules(rule(List.of("CREATE", "UPDATE"), List.of("flinkdeployments", "flinksessionjobs", "flinkstatesnapshots")))
        .withNamespaceSelector(namespaceSelector(spec))
        .endWebhook()
        .build();
  }

  static MutatingWebhookConfiguration mutating(OperatorInstallSpec spec) {
    return new MutatingWebhookConfigurationBuilder()
        .withMetadata(meta(spec))
        .addNewWebhook()
        .withName("mutationwebhook.flink.apache.org")
        .withAdmissionReviewVersions("v1")
        .withClientConfig(clientConfig(spec, "/mutate"))
        .withFailurePolicy("Fail")
        .withSideEffects("None")
        .withRules(rule(List.of("CREATE"), List.of("flinksessionjobs")))
        .withNamespaceSelector(namespaceSelector(spec))
        .endWebhook()
        .build();
  }

  private static ObjectMeta meta(OperatorInstallSpec spec) {
    ObjectMeta meta = OperatorRbac.meta(OperatorNames.webhookConfiguration(spec.namespace()), null, OperatorNames.labels());
    if (spec.webhook().caBundle() == null) {
      meta.setAnnotations(Map.of(INJECT_CA_FROM_SECRET, spec.namespace() + "/" + spec.webhook().certificateSecret()));
    }
    return meta;
  }

  private static WebhookClientConfig clientConfig(OperatorInstallSpec spec, String path) {
    return new WebhookClientConfigBuilder()
        .withNewService().withName(OperatorNames.WEBHOOK_SERVICE).withNamespace(spec.namespace()).withPath(path)
        .withPort(443).endService()
        .withCaBundle(spec.webhook().caBundle() == null ? null : spec.webhook().caBundle().strip())
        .build();
  }

  private static RuleWithOperations rule(List<String> operations, List<String> resources) {
    return new RuleWithOperationsBuilder().withApiGroups(FLINK_GROUP).withApiVersions("v1beta1")
        .withOperations(operations).withResources(resources).withScope("Namespaced").build();
  }

  /** A namespaced operator only answers for its namespaces; elsewhere nothing would reconcile the resource. */
  private static LabelSelector namespaceSelector(OperatorInstallSpec spec) {
    if (spec.clusterScoped()) {
      return null;
    }
    return new LabelSelectorBuilder().addNewMatchExpression().withKey("kubernetes.io/metadata.name")
        .withOperator("In").withValues(spec.watchedNamespaces()).endMatchExpression().build();
  }
}
