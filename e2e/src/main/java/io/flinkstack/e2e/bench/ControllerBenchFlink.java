package io.flinkstack.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flinkstack.contract.ClusterNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Flink REST API for every application of {@code bench controller}: one HTTP server on
 * {@code 127.0.0.1:<port>}, virtual hosts by the {@code Host} header. The controller calls
 * {@code http://<cluster>-rest.<namespace>.svc:8081} (its {@code FlinkEndpoints.clusterDns()}); the bench makes
 * those names resolve to 127.0.0.1 in the controller's JVM (a hosts file), and this server tells the clusters
 * apart by the host name in each request.
 *
 * <p>Every cluster runs one RUNNING job (a fixed id per cluster) with one vertex at parallelism 2 on 2 TaskManagers
 * of 1 slot; savepoints complete at once (the first status poll says COMPLETED, with a path), disposals too. The
 * arrival time ({@link System#nanoTime()}) of every {@code POST /jobs/<id>/savepoints} is recorded per cluster:
 * it is the end of the measured delay.
 */
final class ControllerBenchFlink implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JOB_PATH = Pattern.compile("/jobs/([0-9a-f]{32})(/.*)?");
  private static final Pattern SAVEPOINT_STATUS = Pattern.compile("/savepoints/([^/]+)");
  private static final String VERTEX = "cbc357ccb763df2852fee8c4fc7d55f2";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String namespace;
  private final String hostSuffix;
  private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final AtomicLong unknown = new AtomicLong();
  private final long startMillis = System.currentTimeMillis();

  /** One simulated cluster: its job and the savepoint triggers it received. */
  static final class Cluster {
    final String name;
    final String jobId;
    private final List<Long> triggers = new ArrayList<>();
    private final List<String> savepoints = new ArrayList<>();

    Cluster(String name) {
      this.name = name;
      this.jobId = jobId(name);
    }

    synchronized void triggered(long nanos) {
      triggers.add(nanos);
    }

    synchronized int triggerCount() {
      return triggers.size();
    }

    /** The arrival of trigger number {@code index} (0-based), if it came. */
    synchronized Optional<Long> trigger(int index) {
      return index < triggers.size() ? Optional.of(triggers.get(index)) : Optional.empty();
    }

    synchronized void completed(String path) {
      if (!savepoints.contains(path)) {
        savepoints.add(path);
      }
    }

    synchronized String latestSavepoint() {
      return savepoints.isEmpty() ? null : savepoints.get(savepoints.size() - 1);
    }

    synchronized int savepointCount() {
      return savepoints.size();
    }
  }

  static {
    // Flink's REST server (Netty) answers with TCP_NODELAY; the JDK's HttpServer leaves Nagle on unless told before its
    // first server, and then holds a response's body for the client's delayed ACK (about 40 ms a request).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /**
   * @param namespace the namespace of every cluster (the host names are {@code <cluster>-rest.<namespace>.svc})
   * @throws java.net.BindException when the port is taken
   */
  ControllerBenchFlink(int port, String namespace) throws IOException {
    this.namespace = namespace;
    this.hostSuffix = ClusterNames.restService("") + "." + namespace + ".svc";
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
    this.executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "bench-flink-rest");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The Flink job id of {@code cluster}'s job: 32 hex digits, the same every run. */
  static String jobId(String cluster) {
    return UUID.nameUUIDFromBytes(("flinkstack-bench/" + cluster).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  /** The host names the controller will ask for, one per cluster (for the hosts file). */
  String hostName(String cluster) {
    return ClusterNames.restService(cluster) + "." + namespace + ".svc";
  }

  void add(String cluster) {
    clusters.put(cluster, new Cluster(cluster));
  }

  Cluster cluster(String name) {
    return clusters.get(name);
  }

  /** Requests so far by pattern ({@code GET /jobs/:id/checkpoints}); a copy. */
  Map<String, Long> requestCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    requests.forEach((key, adder) -> counts.put(key, adder.sum()));
    return counts;
  }

  /** Requests for a host that is no cluster, or a path this simulation does not answer (404). */
  long unknownRequests() {
    return unknown.get();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String host = exchange.getRequestHeaders().getFirst("Host");
      Cluster cluster = clusterOf(host);
      String pattern = method + " " + path.replaceAll("[0-9a-f]{32}", ":id").replaceAll("/savepoints/[^/]+", "/savepoints/:trigger")
          .replaceAll("/savepoint-disposal/[^/]+", "/savepoint-disposal/:trigger");
      requests.computeIfAbsent(pattern, key -> new LongAdder()).increment();
      if (cluster == null) {
        unknown.incrementAndGet();
        send(exchange, 404, error("no cluster answers to host " + host));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Answer answer = answer(cluster, method, path, body, arrived);
      if (answer.status() == 404) {
        unknown.incrementAndGet();
      }
      send(exchange, answer.status(), answer.body());
    }
  }

  private Cluster clusterOf(String host) {
    if (host == null) {
      return null;
    }
    String name = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
    if (!name.endsWith(hostSuffix)) {
      return null;
    }
    return clusters.get(name.substring(0, name.length() - hostSuffix.length()));
  }

  record Answer(int status, JsonNode body) {}

  private Answer answer(Cluster cluster, String method, String path, byte[] body, long arrived) throws IOException {
    if (method.equals("GET") && path.equals("/overview")) {
      return ok(JSON.createObjectNode().put("taskmanagers", 2).put("slots-total", 2).put("slots-available", 0).put("jobs-running", 1)
          .put("jobs-finished", 0).put("jobs-cancelled", 0).put("jobs-failed", 0).put("flink-version", "1.20.3"));
    }
    if (method.equals("GET") && path.equals("/taskmanagers")) {
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode taskManagers = answer.putArray("taskmanagers");
      for (int i = 0; i < 2; i++) {
        taskManagers.addObject().put("id", cluster.name + "-taskmanager-" + i).put("slotsNumber", 1).put("freeSlots", 0)
            .put("timeSinceLastHeartbeat", System.currentTimeMillis());
      }
      return ok(answer);
    }
    if (method.equals("GET") && path.equals("/jobs/overview")) {
      ObjectNode answer = JSON.createObjectNode();
      answer.putArray("jobs").addObject().put("jid", cluster.jobId).put("name", cluster.name).put("state", "RUNNING")
          .put("start-time", startMillis).put("end-time", -1).put("duration", System.currentTimeMillis() - startMillis);
      return ok(answer);
    }
    if (method.equals("POST") && path.equals("/savepoint-disposal")) {
      return new Answer(202, JSON.createObjectNode().put("request-id", UUID.randomUUID().toString().replace("-", "")));
    }
    if (method.equals("GET") && path.startsWith("/savepoint-disposal/")) {
      ObjectNode answer = JSON.createObjectNode();
      answer.putObject("status").put("id", "COMPLETED");
      answer.putObject("operation");
      return ok(answer);
    }
    Matcher job = JOB_PATH.matcher(path);
    if (!job.matches() || !job.group(1).equals(cluster.jobId)) {
      return new Answer(404, error("Job could not be found: " + path));
    }
    String rest = job.group(2) == null ? "" : job.group(2);
    if (method.equals("GET") && rest.isEmpty()) {
      ObjectNode answer = JSON.createObjectNode().put("jid", cluster.jobId).put("name", cluster.name).put("state", "RUNNING")
          .put("start-time", startMillis).put("end-time", -1);
      answer.putArray("vertices").addObject().put("id", VERTEX).put("name", "Source: sequence").put("parallelism", 2)
          .put("maxParallelism", 128).put("status", "RUNNING").putObject("tasks").put("RUNNING", 2);
      return ok(answer);
    }
    if (method.equals("GET") && rest.equals("/checkpoints")) {
      ObjectNode answer = JSON.createObjectNode();
      int savepoints = cluster.savepointCount();
      answer.putObject("counts").put("restored", 0).put("total", savepoints).put("in_progress", 0).put("completed", savepoints)
          .put("failed", 0);
      ObjectNode latest = answer.putObject("latest");
      latest.putNull("completed");
      String savepoint = cluster.latestSavepoint();
      if (savepoint == null) {
        latest.putNull("savepoint");
      } else {
        latest.putObject("savepoint").put("id", savepoints).put("is_savepoint", true).put("trigger_timestamp", System.currentTimeMillis())
            .put("latest_ack_timestamp", System.currentTimeMillis()).put("end_to_end_duration", 1).put("state_size", 1)
            .put("external_path", savepoint);
      }
      latest.putNull("failed");
      latest.putNull("restored");
      return ok(answer);
    }
    if (method.equals("GET") && rest.equals("/resource-requirements")) {
      ObjectNode answer = JSON.createObjectNode();
      answer.putObject(VERTEX).putObject("parallelism").put("lowerBound", 1).put("upperBound", 2);
      return ok(answer);
    }
    if (method.equals("GET") && rest.equals("/plan")) {
      ObjectNode answer = JSON.createObjectNode();
      ObjectNode plan = answer.putObject("plan").put("jid", cluster.jobId).put("name", cluster.name);
      plan.putArray("nodes").addObject().put("id", VERTEX).put("parallelism", 2).put("description", "Source: sequence");
      return ok(answer);
    }
    if (method.equals("POST") && rest.equals("/savepoints")) {
      cluster.triggered(arrived);
      JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      String trigger = request.path("triggerId").asText("");
      if (trigger.isEmpty()) {
        trigger = UUID.randomUUID().toString().replace("-", "");
      }
      return new Answer(202, JSON.createObjectNode().put("request-id", trigger));
    }
    Matcher status = SAVEPOINT_STATUS.matcher(rest);
    if (method.equals("GET") && status.matches()) {
      String location = "s3://bench/" + cluster.name + "/savepoints/savepoint-" + status.group(1);
      cluster.completed(location);
      ObjectNode answer = JSON.createObjectNode();
      answer.putObject("status").put("id", "COMPLETED");
      answer.putObject("operation").put("location", location);
      return ok(answer);
    }
    return new Answer(404, error("Not found: " + method + " " + path));
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body);
  }

  private static JsonNode error(String message) {
    ObjectNode answer = JSON.createObjectNode();
    answer.putArray("errors").add(message);
    return answer;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
