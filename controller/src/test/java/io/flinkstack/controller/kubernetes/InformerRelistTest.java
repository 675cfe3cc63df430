package io.flinkstack.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch that expires. fabric8's CRUD mock keeps every watch open forever and never answers 410, so this test holds
 * the first FlinkJob watch itself (changes made meanwhile are not sent on it, as on a watch whose connection stalled)
 * and then ends it the way the API server ends a watch whose resource version its watch cache no longer has: an
 * {@code ERROR} event carrying a {@code Status} with code 410, reason {@code Expired}
 * (k8s.io/apiserver/pkg/storage/cacher: "too old resource version"; errors.NewResourceExpired), then closes it. The
 * informer must list again, and what changed while the watch was held — an update, a creation, a deletion — must
 * reach the cache and name each FlinkJob to the controller's work queue.
 */
class InformerRelistTest {
  private static final String EXPIRED = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (9)\",\"reason\":\"Expired\",\"code\":410}}";

  /** The CRUD dispatcher, except that the first FlinkJob watch is held by the test. */
  static final class FirstFlinkJobWatchHeld extends KubernetesCrudDispatcher {
    final CompletableFuture<WebSocket> held = new CompletableFuture<>();
    private final AtomicBoolean first = new AtomicBoolean(true);
    final List<String> watches = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse handleWatch(String path) {
      if (path.contains("/flinkjobs")) {
        watches.add(path);
        if (first.compareAndSet(true, false)) {
          return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
              held.complete(webSocket);
            }
          });
        }
      }
      return super.handleWatch(path);
    }
  }

  private final FirstFlinkJobWatchHeld dispatcher = new FirstFlinkJobWatchHeld();
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  private Optional<Long> nonce(InformedKubernetesGateway gateway, String name) {
    return gateway.flinkJob("flink", name).map(job -> job.getSpec().savepointTriggerNonce);
  }

  @Test
  void anExpiredWatchIsFollowedByARelistThatBringsWhatChangedMeanwhile() throws Exception {
    DeclarationFixture orders = DeclarationFixture.application("flink", "orders").set("savepointTriggerNonce", 1);
    orders.apply(client);
    DeclarationFixture.application("flink", "retired").apply(client);
    try (InformedKubernetesGateway gateway = new InformedKubernetesGateway(client, List.of("flink"))) {
      List<String> changed = new CopyOnWriteArrayList<>();
      gateway.onChange(changed::add);
      gateway.start(Duration.ofSeconds(30));
      WebSocket watch = dispatcher.held.get(30, TimeUnit.SECONDS);
      assertThat(nonce(gateway, "orders")).hasValue(1L);

      orders.set("savepointTriggerNonce", 2).apply(client);
      DeclarationFixture.application("flink", "payments").apply(client);
      client.resources(FlinkJob.class).inNamespace("flink").withName("retired").withGracePeriod(0).delete();
      Thread.sleep(500);
      assertThat(nonce(gateway, "orders")).as("the held watch carried nothing: the cache is behind").hasValue(1L);
      assertThat(gateway.flinkJob("flink", "payments")).isEmpty();
      changed.clear();

      watch.send(EXPIRED);
      watch.close(1000, "watch expired");

      Await.until(() -> nonce(gateway, "orders"), value -> value.equals(Optional.of(2L)));
      Await.until(() -> gateway.flinkJob("flink", "payments"), Optional::isPresent);
      Await.until(() -> gateway.listFlinkJobs(Optional.of("flink")).stream().map(job -> job.getMetadata().getName()).toList(),
          names -> !names.contains("retired"));
      Await.until(() -> changed, keys -> keys.containsAll(List.of("flink/orders", "flink/payments", "flink/retired")));
      // The informer opens its next watch after the relist's events went out: awaited like them, not read at once.
      Await.until(() -> dispatcher.watches.size(), count -> count >= 2);
      assertThat(dispatcher.watches).as("a new watch after the relist").hasSizeGreaterThanOrEqualTo(2);
    }
  }
}
