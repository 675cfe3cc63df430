package io.flinkstack.controller.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flinkstack.contract.ControllerRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The controller's HTTP endpoints on one port: {@link ControllerRuntime#METRICS_PATH} (Prometheus text
 * format from the registry) and {@link ControllerRuntime#HEALTH_PATH} (200 and a line saying whether this
 * process leads or stands by). Anything else is 404; any method but GET and HEAD is 405.
 */
final class MetricsServer implements AutoCloseable {
  /** Prometheus' text exposition format, version 0.0.4 (what {@link PrometheusMeterRegistry#scrape()} writes). */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Binds the port (0: any free one) and starts serving.
   *
   * @throws IOException when the port cannot be bound (in use, or not allowed)
   */
  MetricsServer(int port, PrometheusMeterRegistry registry, Supplier<String> health) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    executor = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "flinkstack-controller-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(ControllerRuntime.METRICS_PATH, exchange -> respond(exchange, ControllerRuntime.METRICS_PATH,
        PROMETHEUS_TEXT, registry::scrape));
    server.createContext(ControllerRuntime.HEALTH_PATH, exchange -> respond(exchange, ControllerRuntime.HEALTH_PATH,
        "text/plain; charset=utf-8", () -> health.get() + "\n"));
    server.createContext("/", exchange -> send(exchange, 404, "text/plain; charset=utf-8",
        "not found: try " + ControllerRuntime.METRICS_PATH + " or " + ControllerRuntime.HEALTH_PATH + "\n"));
    server.start();
  }

  /** The bound port (the chosen one when 0 was asked for). */
  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, String path, String contentType, Supplier<String> body) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
    } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
    } else {
      send(exchange, 200, contentType, body.get());
    }
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
