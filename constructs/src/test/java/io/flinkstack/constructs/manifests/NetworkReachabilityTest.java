package io.flinkstack.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.constructs.validation.Warnings;
import io.flinkstack.contract.FlinkVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The reachability model as the constructs run it: on their own objects, with the peers their props name. */
class NetworkReachabilityTest {
  private static FlinkApplicationProps.Builder app() {
    return FlinkApplicationProps.builder().flinkVersion(FlinkVersion.V1_20).image("flink:1.20")
        .jarUri("local:///opt/flink/usrlib/job.jar").taskManagers(2).taskSlots(2);
  }

  private static List<HasMetadata> checked(FlinkApplicationProps.Builder b) {
    ClusterSpec spec = ClusterValidator.validate(b.build(), "app", () -> "chart/app");
    return NetworkReachability.checked(spec, ApplicationManifests.build(spec), () -> "chart/app");
  }

  private static List<NetworkPolicyIngressRule> rules(List<HasMetadata> objects) {
    return objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).findFirst()
        .orElseThrow().getSpec().getIngress();
  }

  private static List<String> namespacesAdmittedOn(List<HasMetadata> objects, int port) {
    return rules(objects).stream()
        .filter(r -> r.getPorts() != null && !r.getPorts().isEmpty() && r.getPorts().get(0).getPort().getIntVal() == port)
        .flatMap(r -> r.getFrom().stream())
        .map(p -> p.getNamespaceSelector() == null ? null : p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
        .filter(Objects::nonNull).toList();
  }

  @Test
  void knownPeersAreAdmittedByDefault() {
    assertThat(namespacesAdmittedOn(checked(app()), 8081)).containsExactly("flinkstack-system");
    assertThat(namespacesAdmittedOn(checked(app()), 9249)).containsExactly("monitoring");
    RestIngress ingress = RestIngress.builder().host("flink.example.com").protectedBy(RestProtection.unauthenticated()).build();
    assertThat(namespacesAdmittedOn(checked(app().restIngress(ingress)), 8081)).containsExactly("flinkstack-system", "ingress-nginx");
    assertThat(namespacesAdmittedOn(checked(app().restIngress(ingress).ingressControllerNamespace("traefik")), 8081))
        .containsExactly("flinkstack-system", "traefik");
    // The operator backend: the operator instead of the runtime controller.
    assertThat(namespacesAdmittedOn(checked(app().backend(Backend.OPERATOR)), 8081)).containsExactly("flink-operator");
    assertThat(namespacesAdmittedOn(checked(app().prometheusNamespace("observability")), 9249)).containsExactly("observability");
  }

  @Test
  void aPortWithoutPeersGetsNoRuleRatherThanOneThatAdmitsEveryone() {
    // The JSON leaves an empty from out, and a rule without from admits every source.
    List<HasMetadata> closed = checked(app().restAccess(List.of()).runtimeControllerNamespace(null)
        .metricsAccess(List.of()).prometheusNamespace(null));
    assertThat(rules(closed)).hasSize(1).allSatisfy(r -> assertThat(r.getFrom()).isNotEmpty());
  }

  @Test
  void aPodTemplateThatRelabelsTheTaskManagersIsCaught() {
    var relabel = new PodTemplateSpecBuilder().withNewMetadata()
        .withLabels(Map.of("app.kubernetes.io/instance", "other")).endMetadata().build();
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> checked(app().taskManagerPodTemplate(relabel)));
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::field).containsOnly("networkPolicy");
    assertThat(e.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
        .startsWith("the TaskManagers → the JobManager: rpc (6123) is blocked")
        .contains("a podTemplate must not change app.kubernetes.io/name or app.kubernetes.io/instance"));
  }

  @Test
  void nodePortClientsAreAWarningThatNamesTheCni() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream previous = Warnings.redirect(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      checked(app().restService(io.flinkstack.constructs.RestService.nodePort(30081)
          .protectedBy(RestProtection.unauthenticated()))
          .restAccess(List.of(io.flinkstack.constructs.NetworkAccess.cidr("10.20.0.0/16"))));
    } finally {
      Warnings.redirect(previous);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("flinkstack warning: chart/app: restAccess: NodePort"
        + " clients → the JobManager: REST (8081) depends on what the manifests do not show");
  }

  @Test
  void peerNamespacesMustBeNamespaceNames() {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> checked(app()
        .operatorNamespace("Flink_Operator").ingressControllerNamespace("").prometheusNamespace("-monitoring")));
    // In the order of the features that own them: metrics, security (the NetworkPolicy), the Ingress.
    assertThat(e.problems()).extracting(Problem::field)
        .containsExactly("prometheusNamespace", "operatorNamespace", "ingressControllerNamespace");
  }
}
