package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkPorts;
import io.flinkstack.contract.Labels;
import java.util.List;

/** An Ingress to the REST service. */
final class IngressFeature {
  private IngressFeature() {}

  static void apply(ClusterModel m) {
    RestIngress ingress = m.spec.props().getRestIngress();
    if (ingress == null) {
      return;
    }
    String rest = ClusterNames.restService(m.spec.name());
    IngressBuilder b = new IngressBuilder()
        .withMetadata(ClusterLabels.meta(m.spec, rest, Labels.COMPONENT_JOBMANAGER))
        .editMetadata().withAnnotations(ingress.getAnnotations().isEmpty() ? null : ingress.getAnnotations()).endMetadata()
        .withNewSpec()
        .withIngressClassName(ingress.getIngressClassName())
        .addNewRule()
        .withHost(ingress.getHost())
        .withNewHttp()
        .addNewPath().withPath(ingress.getPath()).withPathType("Prefix")
        .withNewBackend().withNewService().withName(rest).withNewPort().withNumber(FlinkPorts.REST).endPort().endService().endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec();
    if (ingress.getTlsSecretName() != null) {
      b.editSpec().withTls(List.of(new IngressTLSBuilder().withHosts(ingress.getHost())
          .withSecretName(ingress.getTlsSecretName()).build())).endSpec();
    }
    m.policies.add(b.build());
  }
}
