package io.flinkstack.controller.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A JDK HTTP server on 127.0.0.1 playing a JobManager's REST API in a test: each request is answered by the test's
 * function (no answer: HTTP 500, "not expected in this test"), and recorded as {@code METHOD /path} or
 * {@code METHOD /path?query}.
 */
public final class RestStandIn implements AutoCloseable {
  /** An HTTP status and a JSON body. */
  public record Answer(int status, String body) {}

  /** The answer to one request; null when the test does not expect it. */
  @FunctionalInterface
  public interface Answers {
    Answer answer(String method, String path, String query, String body);
  }

  private final HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private RestStandIn(Answers answers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      requests.add(method + " " + path + (query == null ? "" : "?" + query));
      Answer answer = answers.answer(method, path, query,
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (answer == null) {
        answer = new Answer(500, "{\"errors\":[\"not expected in this test: " + method + " " + path + "\"]}");
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  public static RestStandIn start(Answers answers) {
    try {
      return new RestStandIn(answers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The requests so far, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
