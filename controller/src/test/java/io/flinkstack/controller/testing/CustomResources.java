package io.flinkstack.controller.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.resource.CustomResourceDefinitions;

/**
 * Creates flinkstack's CRDs (as generated into the contract jar) in a (mock) API server: fabric8's mock server in CRUD
 * mode serves a status subresource only for CRDs it holds, as an API server serves custom resources only for
 * installed CRDs.
 */
public final class CustomResources {
  private CustomResources() {}

  /** Creates each CRD that is not there yet. */
  public static void install(KubernetesClient client) {
    for (CustomResourceDefinition crd : CustomResourceDefinitions.definitions()) {
      if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
        client.resource(crd).create();
      }
    }
  }
}
