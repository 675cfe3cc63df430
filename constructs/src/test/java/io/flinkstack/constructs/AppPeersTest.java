package io.flinkstack.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.FlinkVersion;
import java.util.List;
import java.util.Objects;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.junit.jupiter.api.Test;

/** A controller declared in the same app is the peer a cluster admits to REST, whichever is declared first. */
class AppPeersTest {
  private static FlinkApplication.Builder app(Chart chart) {
    return FlinkApplication.Builder.create(chart, "orders").flinkVersion(FlinkVersion.V1_20).image("flink:1.20")
        .jarUri("local:///opt/flink/usrlib/job.jar").taskManagers(2).taskSlots(2);
  }

  private static Chart payments(App app) {
    return new Chart(app, "payments", ChartProps.builder().namespace("payments").build());
  }

  private static RuntimeController.Builder controller(App app, String namespace, List<String> watched) {
    return RuntimeController.Builder.create(new Chart(app, "controller-" + namespace), "controller")
        .image("registry.example.com/flinkstack-controller:0.1.0").namespace(namespace).watchNamespaces(watched);
  }

  /** Namespaces admitted to port 8081 by the cluster's NetworkPolicy. */
  private static List<String> restNamespaces(List<HasMetadata> objects) {
    NetworkPolicy policy = objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
        .findFirst().orElseThrow();
    return policy.getSpec().getIngress().stream()
        .filter(r -> r.getPorts() != null && !r.getPorts().isEmpty() && r.getPorts().get(0).getPort().getIntVal() == 8081)
        .flatMap(r -> r.getFrom().stream())
        .map(p -> p.getNamespaceSelector() == null ? null
            : p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
        .filter(Objects::nonNull).toList();
  }

  @Test
  void aRuntimeControllerDeclaredFirstIsAdmittedByDefault() {
    App cdk8s = new App();
    controller(cdk8s, "platform", List.of("payments")).build();
    FlinkApplication orders = app(payments(cdk8s)).build();
    assertThat(restNamespaces(orders.getManifests())).containsExactly("platform");
  }

  @Test
  void aControllerWatchingOtherNamespacesLeavesTheDefault() {
    App cdk8s = new App();
    controller(cdk8s, "platform", List.of("analytics")).build();
    FlinkApplication orders = app(payments(cdk8s)).build();
    assertThat(restNamespaces(orders.getManifests())).containsExactly("flinkstack-system");
  }

  @Test
  void aRuntimeControllerDeclaredAfterAClusterThatLocksItOutIsAnErrorNamingTheClusterAndTheFix() {
    App cdk8s = new App();
    app(payments(cdk8s)).build();
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> controller(cdk8s, "platform", List.of("payments")).build());
    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("namespace");
      assertThat(p.message()).contains("payments/orders", "namespace flinkstack-system", "(namespace platform)",
          "declare the RuntimeController before the cluster", "runtimeControllerNamespace(\"platform\")");
    });
  }

  @Test
  void anExplicitNamespaceIsKeptAndNotChecked() {
    App cdk8s = new App();
    controller(cdk8s, "platform", List.of()).build();
    FlinkApplication orders = app(payments(cdk8s)).runtimeControllerNamespace("elsewhere").build();
    assertThat(restNamespaces(orders.getManifests())).containsExactly("elsewhere");
    App other = new App();
    app(payments(other)).runtimeControllerNamespace(null).build();
    controller(other, "platform", List.of()).build();
  }

  @Test
  void aClusterInAChartWithoutANamespaceIsSeenByNoRuntimeController() {
    App cdk8s = new App();
    app(new Chart(cdk8s, "anywhere")).build();
    controller(cdk8s, "platform", List.of("payments")).build();
    // No namespaces given: the controller watches its own only, never every namespace.
    controller(cdk8s, "platform-own", List.of()).build();
  }

  @Test
  void aControllerWithoutWatchNamespacesWatchesItsOwn() {
    App cdk8s = new App();
    app(new Chart(cdk8s, "platform", ChartProps.builder().namespace("platform").build())).build();
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> controller(cdk8s, "platform", List.of()).build());
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::message).singleElement().asString().contains("platform/orders");
  }

  @Test
  void aControllerInTheDefaultNamespaceDeclaredLaterIsFine() {
    App cdk8s = new App();
    app(payments(cdk8s)).build();
    controller(cdk8s, "flinkstack-system", List.of("payments")).build();
  }

  @Test
  void theOperatorInstallIsThePeerOfOperatorBackendClusters() {
    App cdk8s = new App();
    FlinkOperatorInstall.Builder.create(new Chart(cdk8s, "operator"), "operator").namespace("streaming-operator")
        .build();
    FlinkApplication orders = app(payments(cdk8s)).backend(Backend.OPERATOR).parallelism(4).build();
    assertThat(restNamespaces(orders.getManifests())).containsExactly("streaming-operator");

    App later = new App();
    app(payments(later)).backend(Backend.OPERATOR).parallelism(4).build();
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> FlinkOperatorInstall.Builder
        .create(new Chart(later, "operator"), "operator").namespace("streaming-operator").build());
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::message).singleElement().asString()
        .contains("payments/orders", "operatorNamespace(\"streaming-operator\")");
    // A standalone cluster is not the operator's business.
    App standalone = new App();
    app(payments(standalone)).build();
    FlinkOperatorInstall.Builder.create(new Chart(standalone, "operator"), "operator").namespace("streaming-operator")
        .build();
  }
}
