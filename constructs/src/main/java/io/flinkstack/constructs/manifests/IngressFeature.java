package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkPorts;
import io.flinkstack.contract.Labels;
import java.util.List;

/** An Ingress to the REST service. */
final class IngressFeature implements ClusterFeature {
  static final IngressFeature INSTANCE = new IngressFeature();

  private IngressFeature() {}

  @Override
  public void apply(ClusterModel m) {
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

  @Override
  public void check(FeatureCheck in, Problems problems) {
    ClusterProps props = in.props();
    checkRestExposure(props, problems);
    SecurityFeature.checkPeerNamespace(props.getIngressControllerNamespace(), "ingressControllerNamespace", "the"
        + " Ingress controller's namespace (default ingress-nginx)", problems);
    RestIngress ingress = props.getRestIngress();
    if (ingress != null) {
      String host = ingress.getHost();
      problems.check(host != null && Names.isDns1123Subdomain(host.startsWith("*.") ? host.substring(2) : host),
          "restIngress.host", String.format("'%s' is not a host name; e.g. flink.example.com", host));
      problems.check(ingress.getPath() != null && ingress.getPath().startsWith("/"), "restIngress.path",
          String.format("'%s' is not a path; it starts with '/'", ingress.getPath()));
      if (ingress.getTlsSecretName() != null) {
        problems.check(Names.isDns1123Subdomain(ingress.getTlsSecretName()), "restIngress.tlsSecretName",
            String.format("'%s' is not a Secret name", ingress.getTlsSecretName()));
      }
    }
  }

  /**
   * Ingress annotations that make the controller authenticate requests: ingress-nginx's external auth and basic
   * auth, Traefik's middlewares (ForwardAuth, BasicAuth), the AWS load balancer controller's OIDC/Cognito auth.
   */
  static final List<String> INGRESS_AUTH_ANNOTATIONS = List.of("nginx.ingress.kubernetes.io/auth-url",
      "nginx.ingress.kubernetes.io/auth-type", "traefik.ingress.kubernetes.io/router.middlewares",
      "alb.ingress.kubernetes.io/auth-type");

  /**
   * Flink's REST API is unauthenticated and runs jobs it is sent: exposing it outside the cluster needs an explicit
   * protection, and with a NetworkPolicy a NodePort or LoadBalancer needs the clients' addresses (they reach the pods
   * from node or load-balancer addresses that depend on the CNI, which no pod or namespace selector matches).
   */
  static void checkRestExposure(ClusterProps props, Problems problems) {
    RestService rest = props.getRestService();
    boolean external = rest != null && !rest.type().equals("ClusterIP");
    if (external) {
      problems.check(rest.protection() != null, "restService", String.format("%s publishes Flink's REST API, which has"
          + " no authentication and runs any job it is sent, outside the cluster; say what protects it:"
          + " .protectedBy(RestProtection.authenticatedBy(\"what authenticates, e.g. the load balancer's mTLS"
          + " listener\")), or .protectedBy(RestProtection.unauthenticated()) to accept that anyone who reaches the"
          + " port can run code, or keep RestService.clusterIp() and use kubectl port-forward", rest.type()));
      if (props.isNetworkPolicy()) {
        problems.check(props.getRestAccess().stream().anyMatch(a -> a.getCidr() != null), "restAccess",
            String.format("a %s Service's clients reach the pods from addresses that depend on the CNI (node or load"
                + " balancer addresses), which the NetworkPolicy admits only by address: add"
                + " NetworkAccess.cidr(\"<clients' range>\") to restAccess, or turn networkPolicy off", rest.type()));
      }
    }
    RestIngress ingress = props.getRestIngress();
    if (ingress != null) {
      boolean annotated = ingress.getAnnotations().keySet().stream().anyMatch(INGRESS_AUTH_ANNOTATIONS::contains);
      problems.check(ingress.getProtection() != null || annotated, "restIngress", "publishes Flink's REST API, which has"
          + " no authentication and runs any job it is sent, through an Ingress; configure authentication (e.g. the"
          + " annotation nginx.ingress.kubernetes.io/auth-url of an oauth2-proxy) or say what protects it:"
          + " .protectedBy(RestProtection.authenticatedBy(\"...\")), or .protectedBy(RestProtection.unauthenticated())"
          + " to accept that anyone who reaches it can run code");
    }
  }
}
