package io.flinkstack.controller.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ControllerRuntime;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process around the loop, on the mock API server: leader election on a Lease with short timings, and
 * the HTTP endpoints. The JobManagers do not answer (nothing listens on their port): every pass is an
 * observe-only pass, which is enough to see who runs the loop.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ControllerProcessTest {
  private static final String LEASE_NAMESPACE = "flinkstack";
  /** 2 s lease, 1.5 s renew deadline, 200 ms between attempts. */
  private static final LeaseSettings FAST = new LeaseSettings(Duration.ofMillis(2000), Duration.ofMillis(1500), Duration.ofMillis(200), true);

  KubernetesClient client;
  private URI nobodyListens;
  private final List<ControllerProcess> processes = new ArrayList<>();

  @BeforeEach
  void declaration() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    DeclarationFixture.application("team-a", "orders").apply(client);
  }

  @AfterEach
  void stop() {
    processes.forEach(ControllerProcess::close);
  }

  private ControllerProcess started(String identity, LeaseSettings lease) throws IOException {
    ControllerProcess.Options options = new ControllerProcess.Options(List.of("team-a"), Duration.ofMillis(200), LEASE_NAMESPACE,
        ControllerRuntime.DEFAULT_LEASE_NAME, identity, 0, lease);
    ControllerProcess process = new ControllerProcess(client, options, (namespace, service) -> nobodyListens,
        ControllerSettings.defaults().withFlinkRequestTimeout(Duration.ofSeconds(1)), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    processes.add(process);
    process.start();
    return process;
  }

  private static long passes(ControllerProcess process) {
    Timer timer = process.registry().find("flinkstack.reconcile").tag("declaration", "orders").timer();
    return timer == null ? 0 : timer.count();
  }

  private Lease lease() {
    return client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(ControllerRuntime.DEFAULT_LEASE_NAME).get();
  }

  @Test
  void onlyTheLeaderRunsTheLoopAndTheStandbyTakesOverWhenItStops() throws IOException {
    ControllerProcess a = started("a", FAST);
    ControllerProcess b = started("b", FAST);

    ControllerProcess leader = Await.until(() -> a.isLeading() ? a : b.isLeading() ? b : null, p -> p != null);
    ControllerProcess standby = leader == a ? b : a;
    Await.until(() -> passes(leader), count -> count >= 3);
    assertThat(standby.isLeading()).isFalse();
    assertThat(standby.loopRunning()).isFalse();
    assertThat(passes(standby)).as("the standby never reconciled").isZero();
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader == a ? "a" : "b");
    assertThat(leader.health()).isEqualTo("ok: leader " + (leader == a ? "a" : "b"));
    // The standby learns who leads at its next look at the Lease (a CI run on busy cores once asserted before that).
    String standbyHealth = Await.until(standby::health, health -> !health.endsWith("(leader: none seen yet)"));
    assertThat(standbyHealth).startsWith("ok: standby ").endsWith("(leader: " + (leader == a ? "a" : "b") + ")");

    long stoppedAt = System.nanoTime();
    leader.close();
    Await.until(standby::isLeading, leading -> leading);
    Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);

    assertThat(takeover).as("released Lease: taken at the standby's next attempt").isLessThan(FAST.leaseDuration());
    assertThat(leader.loopRunning()).isFalse();
    long passesOfOld = passes(leader);
    Await.until(() -> passes(standby), count -> count >= 2);
    assertThat(passes(leader)).as("the old leader stopped reconciling").isEqualTo(passesOfOld);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader == a ? "b" : "a");
  }

  @Test
  void aLeaderThatDiesWithoutReleasingIsReplacedOnceTheLeaseRunsOut() throws IOException {
    // Longer than FAST: on the 2-core build machine a leader renewing every 200 ms within a 1.5 s deadline sometimes
    // lost a 2 s Lease while alive (the test then saw two leaders in turn, or a takeover 1 s after close()).
    LeaseSettings kept = new LeaseSettings(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofMillis(250), false);
    ControllerProcess a = started("a", kept);
    Await.until(a::isLeading, leading -> leading);
    ControllerProcess b = started("b", kept);
    Await.until(() -> passes(a), count -> count >= 2);
    assertThat(b.isLeading()).isFalse();

    a.close();
    Lease left = lease();
    assertThat(left.getSpec().getHolderIdentity()).as("not released").isEqualTo("a");
    Await.until(b::isLeading, leading -> leading);
    Lease taken = lease();

    // Never two leaders: b acquired the Lease only once a's last renewal was a whole lease duration old. (Measured on
    // the Lease's own times, not on a stopwatch: on the 2-core build machine a's last renewal may come well before
    // close(), and b's attempts may be late by seconds; bounds on the elapsed time failed both ways.)
    // fabric8's LeaderElector.tryAcquireOrRenew (7.9.0) takes the new record's acquireTime before it reads the Lease
    // and judges expiry with a fresh clock after the read, so acquireTime may precede renewTime + leaseDuration by
    // the read's latency (4.992 s was seen on a busy machine). A second leader would show as a gap short by seconds.
    assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(Duration.between(left.getSpec().getRenewTime(), taken.getSpec().getAcquireTime()))
        .isGreaterThanOrEqualTo(kept.leaseDuration().minus(kept.retryPeriod()));
    Await.until(() -> passes(b), count -> count >= 1);
  }

  @Test
  void aLeaderThatCannotRenewStopsItsLoopAndEndsTheProcess() throws Exception {
    ControllerProcess a = started("a", FAST);
    Await.until(() -> passes(a), count -> count >= 2);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      try {
        return a.awaitExit();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    // Someone else holds the Lease now (as after a partition in which it expired and another took it).
    // The leader renews every 200 ms: a write of ours may meet its renewal (409); then write again, as a
    // real competitor would.
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(ControllerRuntime.DEFAULT_LEASE_NAME).edit(lease -> {
          lease.getSpec().setHolderIdentity("someone-else");
          lease.getSpec().setRenewTime(ZonedDateTime.now());
          lease.getSpec().setLeaseDurationSeconds(60);
          return lease;
        });
        break;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }

    assertThat(exit.get(FAST.renewDeadline().toMillis() + 3000, TimeUnit.MILLISECONDS)).isEqualTo(ControllerProcess.EXIT_LEADERSHIP_LOST);
    assertThat(a.isLeading()).isFalse();
    assertThat(a.loopRunning()).isFalse();
    long passesAtExit = passes(a);
    Thread.sleep(600);
    assertThat(passes(a)).isEqualTo(passesAtExit);
    assertThat(a.registry().get(ControllerProcess.LEADER_GAUGE).gauge().value()).isZero();
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("someone-else");
  }

  @Test
  void metricsAndHealthAreServedWhetherLeadingOrNot() throws Exception {
    ControllerProcess a = started("a", FAST);
    Await.until(() -> passes(a), count -> count >= 1);
    ControllerProcess b = started("b", FAST);
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> metrics = get(http, a, ControllerRuntime.METRICS_PATH);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
    assertThat(metrics.body())
        .contains("# TYPE flinkstack_controller_leader gauge")
        .containsPattern("(?m)^flinkstack_controller_leader 1\\.0$")
        .containsPattern("(?m)^flinkstack_reconcile_seconds_count\\{declaration=\"orders\",namespace=\"team-a\",outcome=\"observed_only\"} \\d+")
        .containsPattern("(?m)^flinkstack_lifecycle_state\\{declaration=\"orders\",namespace=\"team-a\",state=\"CREATED\"} 1\\.0$")
        .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds", "process_cpu_usage");
    assertThat(get(http, b, ControllerRuntime.METRICS_PATH).body()).containsPattern("(?m)^flinkstack_controller_leader 0\\.0$")
        .doesNotContain("flinkstack_reconcile");

    HttpResponse<String> health = get(http, a, ControllerRuntime.HEALTH_PATH);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok: leader a\n");
    HttpResponse<String> standby = get(http, b, ControllerRuntime.HEALTH_PATH);
    assertThat(standby.statusCode()).isEqualTo(200);
    assertThat(standby.body()).isEqualTo("ok: standby b (leader: a)\n");

    assertThat(get(http, a, "/metricsx").statusCode()).isEqualTo(404);
    assertThat(get(http, a, "/").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> get(HttpClient http, ControllerProcess process, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.metricsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
