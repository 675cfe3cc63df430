package io.flinkstack.constructs.operatorinstall;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** Every object of an operator install except the CRDs (see {@link OperatorCrds}), grouped by namespace. */
public final class OperatorInstallManifests {
  private OperatorInstallManifests() {}

  public static ObjectsByNamespace build(OperatorInstallSpec spec) {
    ObjectsByNamespace out = new ObjectsByNamespace();
    String namespace = spec.namespace();
    out.add(namespace, OperatorDeployment.serviceAccount(spec));
    ConfigMap config = OperatorDeployment.configMap(spec);
    out.add(namespace, config);
    OperatorRbac.addOperatorRbac(spec, out);
    OperatorRbac.addJobRbac(spec, out);
    out.add(namespace, OperatorDeployment.deployment(spec, config));
    if (spec.webhook() != null) {
      out.add(namespace, OperatorWebhook.service(spec));
      out.add(ObjectsByNamespace.CLUSTER, OperatorWebhook.validating(spec));
      out.add(ObjectsByNamespace.CLUSTER, OperatorWebhook.mutating(spec));
    }
    return out;
  }
}
