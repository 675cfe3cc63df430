package io.flinkstack.e2e.bench;

import io.flinkstack.harness.api.CrudApiServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.flinkstack.contract.Labels;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mock API server's CRUD dispatcher, counting the requests it serves by kind ({@code list configmaps},
 * {@code get statefulsets}, …), except those with the bench's own User-Agent: what is left is the controller's.
 */
final class ControllerBenchApi extends CrudApiServer.StatusPreconditions {
  /** The User-Agent of the bench's own client (setup, spec changes, waiting for statuses): not counted. */
  static final String BENCH_USER_AGENT = "flinkstack-bench-controller";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String agent = request.getHeader("User-Agent");
    if (agent == null || !agent.startsWith(BENCH_USER_AGENT)) {
      counts.computeIfAbsent(kind(request.getMethod(), request.getPath()), key -> new LongAdder()).increment();
    }
    return super.dispatch(request);
  }

  /** The controller's requests so far, by kind; a copy. */
  Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, adder) -> copy.put(key, adder.sum()));
    return copy;
  }

  /**
   * {@code <verb> <resource>}, with {@code (one application)} appended when the request is about one application: it
   * names an object other than the Lease, or it selects by {@code app.kubernetes.io/instance}. Verbs: get (one
   * object), list, watch, create, update, patch, delete.
   */
  static String kind(String method, String pathAndQuery) {
    String path = pathAndQuery;
    String query = "";
    int question = pathAndQuery.indexOf('?');
    if (question >= 0) {
      path = pathAndQuery.substring(0, question);
      query = URLDecoder.decode(pathAndQuery.substring(question + 1), StandardCharsets.UTF_8);
    }
    String[] segments = path.replaceAll("^/+", "").split("/");
    // /api/v1/... or /apis/<group>/<version>/...
    int start = segments.length > 0 && segments[0].equals("api") ? 2 : 3;
    if (segments.length > start && segments[start].equals("namespaces") && segments.length > start + 2) {
      start += 2;
    }
    String resource = segments.length > start ? segments[start] : path;
    String name = segments.length > start + 1 ? segments[start + 1] : null;
    String sub = segments.length > start + 2 ? "/" + segments[start + 2] : "";
    boolean watch = query.matches("(.*&)?watch=(true|1)(&.*)?");
    String verb = switch (method) {
      case "GET" -> name != null ? "get" : watch ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
    boolean perApplication = (name != null && !resource.equals("leases")) || query.contains(Labels.INSTANCE + "=");
    return verb + " " + resource + sub + (perApplication ? " (one application)" : "");
  }

  /** Whether a kind from {@link #kind} is about one application. */
  static boolean perApplication(String kind) {
    return kind.endsWith(" (one application)");
  }
}
