package io.flinkstack.controller.autoscaler.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flinkstack.controller.flink.FlinkRestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flink's REST API as far as {@link RestMetricsCollector} and an in-place rescale use it, for one running job
 * {@code source → map} (rebalance) whose counters grow with a test clock: {@code /jobs/:id}, {@code /jobs/:id/plan},
 * {@code /jobs/:id/vertices/:vid/subtasks/metrics} (the names, then {@code ?get=} the values, as Flink 1.20 writes them,
 * NaN as {@code "NaN"}), {@code PUT /jobs/:id/resource-requirements} (applied at once: the job runs again at the new
 * parallelism, its counters from 0) and {@code /overview}.
 *
 * <p>The source reads {@link #RATE} records/s and is a legacy one (no busy time: NaN, as Flink reports it). The map
 * receives them all; a subtask handles {@link #TRUE_RATE} records/s when busy all the time, so at parallelism 4 each
 * is busy 100 ms/s: the autoscaler recommends a scale-down (to 2, the most one decision takes).
 */
final class FlinkMetricsStandIn implements AutoCloseable {
  static final String SOURCE = "bc764cd8ddf7a0cff126f51c16239658";
  static final String MAP = "0a448493b4782967b150582570326227";
  static final double RATE = 100;
  static final double TRUE_RATE = 250;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Clock clock;
  private final Map<String, Integer> parallelism = new LinkedHashMap<>();
  private final List<String> rescales = Collections.synchronizedList(new ArrayList<>());
  private volatile String jobId;
  private volatile Instant runStart;

  static {
    // The JDK server writes a response's headers and body apart; with Nagle's algorithm each small answer then waits
    // for the client's delayed ACK (~40 ms). Read once, when the JDK's server is first used in this JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  FlinkMetricsStandIn(Clock clock, String jobId, Instant runningSince) throws IOException {
    this.clock = clock;
    this.jobId = jobId;
    this.runStart = runningSince;
    parallelism.put(SOURCE, 1);
    parallelism.put(MAP, 4);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  FlinkRestClient client() {
    return new FlinkRestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
  }

  /** The job's Flink restarted it now (a failover): the same job, its counters from 0. */
  synchronized void restartJob() {
    runStart = clock.instant();
  }

  /** Another job runs in its place from now (an upgrade: a new job id), at parallelism 1 and 4 again. */
  synchronized void replaceJob(String newJobId) {
    jobId = newJobId;
    runStart = clock.instant();
    parallelism.put(SOURCE, 1);
    parallelism.put(MAP, 4);
  }

  /** Every {@code PUT …/resource-requirements}: the time and each vertex's upper bound, by vertex id. */
  List<String> rescales() {
    return List.copyOf(rescales);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    String jobPath = "/jobs/" + jobId;
    JsonNode answer;
    if (method.equals("GET") && path.equals("/overview")) {
      answer = JSON.createObjectNode().put("taskmanagers", 2).put("slots-total", 8).put("slots-available", 4)
          .put("jobs-running", 1).put("flink-version", "1.20.3");
    } else if (method.equals("GET") && path.equals(jobPath)) {
      answer = job();
    } else if (method.equals("GET") && path.equals(jobPath + "/plan")) {
      answer = plan();
    } else if (method.equals("GET") && path.startsWith(jobPath + "/vertices/") && path.endsWith("/subtasks/metrics")) {
      String vertex = path.substring((jobPath + "/vertices/").length(), path.length() - "/subtasks/metrics".length());
      answer = metrics(vertex, exchange.getRequestURI().getQuery());
    } else if (method.equals("PUT") && path.equals(jobPath + "/resource-requirements")) {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      Map<String, Integer> to = new TreeMap<>();
      body.properties().forEach(e -> to.put(e.getKey(), e.getValue().path("parallelism").path("upperBound").asInt()));
      rescales.add(clock.instant() + " " + to);
      parallelism.putAll(to);
      runStart = clock.instant();
      answer = JSON.createObjectNode();
    } else {
      send(exchange, 404, "{\"errors\":[\"not found: " + method + " " + path + "\"]}");
      return;
    }
    send(exchange, 200, answer.toString());
  }

  private JsonNode job() {
    ObjectNode job = JSON.createObjectNode().put("jid", jobId).put("name", "orders").put("state", "RUNNING")
        .put("start-time", runStart.toEpochMilli()).put("end-time", -1);
    ArrayNode vertices = job.putArray("vertices");
    parallelism.forEach((vertex, p) -> {
      ObjectNode v = vertices.addObject().put("id", vertex).put("name", vertex.equals(SOURCE) ? "Source: orders" : "enrich")
          .put("parallelism", p).put("maxParallelism", 128).put("status", "RUNNING");
      v.putObject("tasks").put("RUNNING", p);
    });
    return job;
  }

  private JsonNode plan() {
    ObjectNode plan = JSON.createObjectNode();
    ArrayNode nodes = plan.putObject("plan").put("jid", jobId).putArray("nodes");
    nodes.addObject().put("id", SOURCE).put("parallelism", parallelism.get(SOURCE));
    nodes.addObject().put("id", MAP).put("parallelism", parallelism.get(MAP)).putArray("inputs").addObject()
        .put("num", 0).put("id", SOURCE).put("ship_strategy", "REBALANCE");
    return plan;
  }

  /** Name → [sum, avg]: counters summed over the subtasks, gauges averaged. */
  private Map<String, double[]> values(String vertex) {
    double seconds = Duration.between(runStart, clock.instant()).toMillis() / 1000.0;
    int p = parallelism.get(vertex);
    Map<String, double[]> values = new LinkedHashMap<>();
    if (vertex.equals(SOURCE)) {
      values.put("numRecordsIn", new double[] {0, 0});
      values.put("numRecordsOut", new double[] {RATE * seconds, RATE * seconds / p});
      values.put("Source__orders.numRecordsOut", new double[] {RATE * seconds, RATE * seconds / p});
      values.put("accumulateBusyTimeMs", new double[] {Double.NaN, Double.NaN});
      values.put("busyTimeMsPerSecond", new double[] {Double.NaN, Double.NaN});
    } else {
      double busyPerSecond = RATE / TRUE_RATE * 1000; // all subtasks together
      values.put("numRecordsIn", new double[] {RATE * seconds, RATE * seconds / p});
      values.put("numRecordsOut", new double[] {RATE * seconds, RATE * seconds / p});
      values.put("accumulateBusyTimeMs", new double[] {busyPerSecond * seconds, busyPerSecond * seconds / p});
      values.put("busyTimeMsPerSecond", new double[] {busyPerSecond, busyPerSecond / p});
    }
    values.put("accumulateBackPressuredTimeMs", new double[] {0, 0});
    values.put("backPressuredTimeMsPerSecond", new double[] {0, 0});
    return values;
  }

  private JsonNode metrics(String vertex, String query) {
    ArrayNode answer = JSON.createArrayNode();
    Map<String, double[]> values = values(vertex);
    if (query == null || !query.startsWith("get=")) {
      values.keySet().forEach(name -> answer.addObject().put("id", name));
      return answer;
    }
    for (String name : query.substring("get=".length()).split(",")) {
      double[] value = values.get(name);
      if (value != null) {
        ObjectNode metric = answer.addObject().put("id", name);
        number(metric, "min", value[1]);
        number(metric, "max", value[1]);
        number(metric, "avg", value[1]);
        number(metric, "sum", value[0]);
      }
    }
    return answer;
  }

  private static void number(ObjectNode metric, String field, double value) {
    if (Double.isNaN(value)) {
      metric.put(field, "NaN");
    } else {
      metric.put(field, value);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
