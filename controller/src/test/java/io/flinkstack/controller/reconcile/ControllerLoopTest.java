package io.flinkstack.controller.reconcile;

import io.flinkstack.contract.resource.FlinkJob;
import static io.flinkstack.controller.testing.KubernetesReads.eventReasons;
import static io.flinkstack.controller.testing.KubernetesReads.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.InformedKubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop over all declarations, with JobManagers that do not answer (nothing listens on their port). */
@EnableKubernetesMockClient(crud = true, https = false)
class ControllerLoopTest {
  KubernetesClient client;
  private KubernetesGateway gateway;
  private MeterRegistry meters;
  private Reconciler reconciler;
  private URI nobodyListens;

  @BeforeEach
  void controller() throws IOException {
    gateway = new Fabric8KubernetesGateway(client);
    meters = new SimpleMeterRegistry();
    try (ServerSocket socket = new ServerSocket(0)) {
      nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    URI endpoint = nobodyListens;
    reconciler = Reconciler.builder(gateway, (namespace, service) -> endpoint)
        .settings(ControllerSettings.defaults().withFlinkRequestTimeout(Duration.ofSeconds(2)))
        .meterRegistry(meters)
        .build();
  }

  @Test
  void aPassCoversEveryDeclarationAndOneThatCannotBeReadHoldsUpNoOther() {
    DeclarationFixture orders = DeclarationFixture.application("team-a", "orders").set("savepointTriggerNonce", 4);
    DeclarationFixture payments = DeclarationFixture.sessionJob("team-b", "shared", "payments").set("savepointInterval", "1 h");
    DeclarationFixture broken = DeclarationFixture.application("team-a", "broken").set("savepointInterval", "soon");
    orders.apply(client);
    payments.apply(client);
    broken.apply(client);
    ControllerLoop loop = new ControllerLoop(gateway, reconciler, Optional.empty(), Duration.ofSeconds(1));

    List<ReconcileResult> first = loop.runOnce();

    assertThat(first).extracting(ReconcileResult::declaration, ReconcileResult::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("team-a/broken", ReconcileResult.Outcome.INVALID),
        org.assertj.core.groups.Tuple.tuple("team-a/orders", ReconcileResult.Outcome.OBSERVED_ONLY),
        org.assertj.core.groups.Tuple.tuple("team-b/payments", ReconcileResult.Outcome.OBSERVED_ONLY));
    RuntimeStatus observed = status(client, orders);
    assertThat(observed.observation().jobManagerReachable()).isFalse();
    assertThat(observed.observation().message()).contains("GET /jobs/overview");
    assertThat(observed.lifecycle()).isEqualTo(LifecycleState.CREATED);
    assertThat(observed.observedSavepointTriggerNonce()).isEqualTo(4L);
    assertThat(observed.pendingOperation()).isNull();
    assertThat(status(client, payments).observation().jobManagerReachable()).as("the session job's own status").isFalse();
    assertThat(status(client, broken)).as("no status from a declaration that cannot be read").isNull();
    assertThat(eventReasons(client, orders)).containsExactly("Warning/JobManagerUnreachable");
    assertThat(eventReasons(client, broken)).containsExactly("Warning/DeclarationInvalid");

    loop.runOnce();

    assertThat(status(client, orders).observation()).as("unchanged: not rewritten every pass").isEqualTo(observed.observation());
    assertThat(eventReasons(client, orders)).as("one Event per change, not per pass").hasSize(1);
    assertThat(eventReasons(client, broken)).hasSize(1);

    broken.set("savepointInterval", "10 min").apply(client);
    assertThat(loop.runOnce()).extracting(ReconcileResult::outcome).containsOnly(ReconcileResult.Outcome.OBSERVED_ONLY);
    assertThat(meters.get("flinkstack.reconcile").tag("declaration", "broken").tag("outcome", "invalid").timer().count())
        .isEqualTo(2);
  }

  @Test
  void startedItPassesOverAndOverUntilClosed() throws InterruptedException {
    DeclarationFixture.application("team-a", "orders").apply(client);
    ControllerLoop loop = new ControllerLoop(gateway, reconciler, Optional.of("team-a"), Duration.ofMillis(100));

    loop.start();
    Timer passes = Await.until(() -> meters.find("flinkstack.reconcile").tag("declaration", "orders").timer(),
        timer -> timer != null && timer.count() >= 3);
    loop.close();
    long afterClose = passes.count();

    Thread.sleep(300);
    assertThat(passes.count()).isEqualTo(afterClose);
  }

  @Test
  void startedOnInformersASpecChangeIsActedOnAtOnceNotAtTheNextPeriod() throws InterruptedException {
    DeclarationFixture orders = DeclarationFixture.application("team-a", "orders");
    orders.apply(client);
    try (InformedKubernetesGateway informed = new InformedKubernetesGateway(client, List.of("team-a"))) {
      Reconciler onCaches = Reconciler.builder(informed, (namespace, service) -> nobodyListens)
          .settings(ControllerSettings.defaults().withFlinkRequestTimeout(Duration.ofSeconds(2)))
          .meterRegistry(meters)
          .build();
      // A period far longer than the test: every pass after the first is one a change asked for.
      ControllerLoop loop = new ControllerLoop(informed, onCaches, List.of("team-a"), Duration.ofMinutes(10), 2);
      loop.start();
      informed.start(Duration.ofSeconds(30));
      Timer passes = Await.until(() -> meters.find("flinkstack.reconcile").tag("declaration", "orders").timer(),
          timer -> timer != null && timer.count() >= 1);
      Thread.sleep(500);
      long before = passes.count();

      orders.set("savepointTriggerNonce", 9).apply(client);

      Await.until(passes::count, count -> count > before);
      assertThat(Await.until(() -> status(client, orders), status -> status != null && status.observation() != null)
          .observation().jobManagerReachable()).isFalse();
      loop.close();
    }
  }

  @Test
  void aDeclarationNoLongerListedTakesItsMetersAndItsClusterClientAlong() {
    // One REST URL per cluster, so that the clients can be told apart.
    Reconciler perCluster = Reconciler.builder(gateway, (namespace, service) -> nobodyListens.resolve("/" + namespace + "/" + service))
        .settings(ControllerSettings.defaults().withFlinkRequestTimeout(Duration.ofSeconds(2)))
        .meterRegistry(meters)
        .build();
    DeclarationFixture orders = DeclarationFixture.application("team-a", "orders");
    DeclarationFixture payments = DeclarationFixture.sessionJob("team-b", "shared", "payments");
    orders.apply(client);
    payments.apply(client);
    ControllerLoop loop = new ControllerLoop(gateway, perCluster, Optional.empty(), Duration.ofSeconds(1));
    meters.counter("process.unrelated");
    // As the autoscaler tags its meters (it does not run here: nothing answers).
    meters.counter("flinkstack.autoscaler.decisions", "namespace", "team-a", "declaration", "orders",
        "action", "NO_CHANGE", "mode", "monitor");

    loop.runOnce();

    assertThat(tagged("team-a", "orders")).contains("flinkstack.reconcile", "flinkstack.lifecycle.state",
        "flinkstack.autoscaler.decisions");
    assertThat(perCluster.clients().urls()).hasSize(2);
    URI paymentsUrl = perCluster.clients().urls().stream().filter(url -> url.getPath().startsWith("/team-b/")).findFirst().orElseThrow();
    var paymentsClient = perCluster.clients().forUrl(paymentsUrl);
    List<String> paymentsMeters = tagged("team-b", "payments");
    assertThat(paymentsMeters).contains("flinkstack.reconcile", "flinkstack.lifecycle.state");
    int paymentsMeterCount = paymentsMeters.size();

    client.resources(FlinkJob.class).inNamespace("team-a").withName(orders.name()).delete();
    loop.runOnce();

    assertThat(tagged("team-a", "orders")).as("every meter about the deleted declaration").isEmpty();
    assertThat(tagged("team-b", "payments")).as("the other declaration's meters stay").hasSize(paymentsMeterCount);
    assertThat(meters.find("process.unrelated").counter()).as("meters about no declaration stay").isNotNull();
    assertThat(perCluster.clients().urls()).containsExactly(paymentsUrl);
    assertThat(perCluster.clients().forUrl(paymentsUrl)).as("a URL still in use keeps its client").isSameAs(paymentsClient);

    orders.apply(client);
    loop.runOnce();

    assertThat(tagged("team-a", "orders")).as("a declaration that comes back gets its meters again")
        .contains("flinkstack.reconcile", "flinkstack.lifecycle.state");
    assertThat(meters.find("flinkstack.lifecycle.state").tag("declaration", "orders").gauges())
        .hasSize(LifecycleState.values().length);
  }

  private List<String> tagged(String namespace, String declaration) {
    return meters.getMeters().stream()
        .filter(meter -> namespace.equals(meter.getId().getTag("namespace")) && declaration.equals(meter.getId().getTag("declaration")))
        .map(meter -> meter.getId().getName())
        .toList();
  }
}
