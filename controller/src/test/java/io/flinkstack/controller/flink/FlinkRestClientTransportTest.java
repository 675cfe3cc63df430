package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How the client classifies answers that are not Flink's: nobody listening, a listener that never
 * answers, and an HTTP error from something in front of Flink. (Flink's own answers are tested against a
 * real cluster.)
 */
class FlinkRestClientTransportTest {

  @Test
  void nobodyListeningIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    FlinkRestClient flink = new FlinkRestClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));

    assertThatThrownBy(flink::overview)
        .isInstanceOfSatisfying(
            FlinkUnreachableException.class,
            error -> {
              assertThat(error.method()).isEqualTo("GET");
              assertThat(error.path()).isEqualTo("/overview");
              assertThat(error.getMessage()).startsWith("GET /overview: ").contains("ConnectException");
            });
  }

  @Test
  void aListenerThatNeverAnswersIsUnreachableAfterTheTimeout() throws IOException {
    // Accepts connections (backlog) but never reads or writes: a hung JobManager.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      FlinkRestClient flink =
          new FlinkRestClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(500));
      long start = System.nanoTime();

      assertThatThrownBy(() -> flink.job("00000000000000000000000000000000"))
          .isInstanceOfSatisfying(FlinkUnreachableException.class, error -> assertThat(error.getMessage()).contains("timed out"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aPlainTextHttpErrorIsARestExceptionWithTheText() throws IOException {
    HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    proxy.createContext(
        "/",
        exchange -> {
          byte[] body = "upstream connect error".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(503, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    proxy.start();
    try {
      FlinkRestClient flink = new FlinkRestClient(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + "/"));

      assertThatThrownBy(flink::jobs)
          .isInstanceOfSatisfying(
              FlinkRestException.class,
              error -> {
                assertThat(error.status()).isEqualTo(503);
                assertThat(error.errors()).containsExactly("upstream connect error");
                assertThat(error.getMessage()).isEqualTo("GET /jobs/overview: HTTP 503: upstream connect error");
              });
    } finally {
      proxy.stop(0);
    }
  }
}
