package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.controller.observation.FlinkClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The controller's clients share one HTTP client; each request still has its client's timeout. */
class FlinkClientsSharingTest {

  @Test
  void everyClientOfFlinkClientsSendsThroughTheSameHttpClient() {
    FlinkClients clients = new FlinkClients(Duration.ofSeconds(2));
    HttpClient orders = clients.forUrl(URI.create("http://orders-rest.team-a.svc:8081")).http();
    HttpClient payments = clients.forUrl(URI.create("http://shared-rest.team-b.svc:8081")).http();

    assertThat(payments).isSameAs(orders);

    clients.retainOnly(Set.of());
    assertThat(clients.forUrl(URI.create("http://other-rest.team-c.svc:8081")).http()).as("also after an eviction").isSameAs(orders);
    assertThat(new FlinkClients(Duration.ofSeconds(2)).forUrl(URI.create("http://orders-rest.team-a.svc:8081")).http())
        .as("one per FlinkClients").isNotSameAs(orders);
  }

  @Test
  void aSharedHttpClientKeepsEachClientsRequestTimeout() throws IOException {
    HttpClient shared = FlinkRestClient.newHttpClient(Duration.ofSeconds(30));
    // Accepts connections (backlog) but never answers.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      FlinkRestClient quick = new FlinkRestClient(url, Duration.ofMillis(300), shared);
      long start = System.nanoTime();

      assertThatThrownBy(quick::overview)
          .isInstanceOfSatisfying(FlinkUnreachableException.class, error -> assertThat(error.getMessage()).contains("timed out"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(quick.http()).isSameAs(shared);
    }
  }
}
