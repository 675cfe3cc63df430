package io.flinkstack.controller.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the controller needs from Flink's REST API (one JobManager, session or application cluster),
 * typed. Every call has a timeout; failures are a {@link FlinkRestException} (Flink answered with an
 * error) or a {@link FlinkUnreachableException} (no answer: observe, do not act). Thread-safe.
 *
 * <p>Asynchronous operations (savepoint, stop-with-savepoint, savepoint disposal) are split into a
 * trigger that returns an {@link OperationTrigger} and a {@link #poll}, so the caller can persist the
 * trigger in between; {@link #await} is the blocking convenience.
 *
 * <p>A client made with {@link #FlinkRestClient(URI, Duration)} has an HTTP client of its own (with its own
 * threads and connections). The controller's clients share one, made by {@link #newHttpClient(Duration)} and
 * given to {@link #FlinkRestClient(URI, Duration, HttpClient)}; the request timeout is set per request, so
 * clients with different timeouts can share it.
 */
public final class FlinkRestClient {
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_UPLOAD_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final RestTransport transport;

  /** A client with a 10 s timeout per request (2 min for jar uploads). */
  public FlinkRestClient(URI restUrl) {
    this(restUrl, DEFAULT_REQUEST_TIMEOUT);
  }

  /** A client with an HTTP client of its own. */
  public FlinkRestClient(URI restUrl, Duration requestTimeout) {
    this(restUrl, requestTimeout, newHttpClient(requestTimeout));
  }

  /**
   * A client on a shared HTTP client (see {@link #newHttpClient(Duration)}).
   *
   * @param requestTimeout the timeout of each request (at least 2 min for jar uploads)
   */
  public FlinkRestClient(URI restUrl, Duration requestTimeout, HttpClient http) {
    this.transport = new RestTransport(restUrl, http, requestTimeout, max(requestTimeout, DEFAULT_UPLOAD_TIMEOUT));
  }

  /**
   * An HTTP client for {@link FlinkRestClient}s to share: HTTP/1.1 (all Flink's REST endpoint speaks), its
   * connect timeout the request timeout but at most 3 s.
   */
  public static HttpClient newHttpClient(Duration requestTimeout) {
    Duration connectTimeout = requestTimeout.compareTo(Duration.ofSeconds(3)) < 0 ? requestTimeout : Duration.ofSeconds(3);
    return RestTransport.newHttpClient(connectTimeout);
  }

  public URI restUrl() {
    return URI.create(transport.baseUrl());
  }

  /** The HTTP client this one sends with (tests check it is shared). */
  HttpClient http() {
    return transport.http();
  }

  // ---- cluster ------------------------------------------------------------------------------------

  public ClusterOverview overview() {
    return Responses.overview(transport.get("/overview"));
  }

  public List<TaskManagerInfo> taskManagers() {
    return Responses.taskManagers(transport.get("/taskmanagers"));
  }

  /** The JobManager's effective configuration ({@code GET /jobmanager/config}), key → value. */
  public Map<String, String> jobManagerConfig() {
    return Responses.configuration(transport.get("/jobmanager/config"));
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /** Every job the JobManager knows, running or terminal (terminal ones until the history expires). */
  public List<JobSummary> jobs() {
    return Responses.jobs(transport.get("/jobs/overview"));
  }

  /** @throws FlinkRestException with status 404 when the job does not exist */
  public JobDetails job(String jobId) {
    return Responses.job(transport.get("/jobs/" + jobId));
  }

  /**
   * What made Flink fail or restart the job last ({@code GET /jobs/:id/exceptions?maxExceptions=1}); empty when the job
   * never failed.
   *
   * @throws FlinkRestException with status 404 when the job does not exist
   */
  public Optional<JobFailure> latestFailure(String jobId) {
    return Responses.latestFailure(transport.get("/jobs/" + jobId + "/exceptions?maxExceptions=1"));
  }

  /** Ids of the TaskManagers running subtasks of a vertex (see {@link TaskManagerInfo#id()}). */
  public List<String> vertexTaskManagers(String jobId, String vertexId) {
    return Responses.vertexTaskManagers(transport.get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers"));
  }

  /** Cancels without a savepoint. Returns once Flink accepted; the job then goes CANCELLING → CANCELED. */
  public void cancel(String jobId) {
    transport.send("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
  }

  // ---- jars ---------------------------------------------------------------------------------------

  /** Uploads a job jar to the JobManager and returns its jar id (for {@link #runJar}). */
  public String uploadJar(Path jar) {
    JsonNode answer = transport.upload("/jars/upload", "jarfile", jar, "application/x-java-archive");
    String fileName = answer.path("filename").asText("");
    if (fileName.isEmpty()) {
      throw new FlinkRestException("POST", "/jars/upload", 200, "no filename in " + answer, null);
    }
    // Flink names an uploaded jar by the last path element of where it stored it.
    return fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  }

  public void deleteJar(String jarId) {
    transport.send("DELETE", "/jars/" + jarId, null);
  }

  /** Runs the jar's main method on the JobManager; returns the id of the job it submitted. */
  public String runJar(String jarId, JarRunRequest request) {
    JsonNode answer = transport.send("POST", "/jars/" + jarId + "/run", request.toJson());
    String jobId = answer.path("jobid").asText("");
    if (jobId.isEmpty()) {
      throw new FlinkRestException("POST", "/jars/" + jarId + "/run", 200, "no jobid in " + answer, null);
    }
    return jobId;
  }

  /**
   * Runs the jar's main method on the JobManager to build its job without submitting it ({@code POST /jars/:id/plan},
   * every version from 1.16 to 2.3) and returns the planned job's name.
   */
  public String planJobName(String jarId, String entryClass, List<String> programArgs) {
    ObjectNode body = RestTransport.JSON.createObjectNode().put("entryClass", entryClass);
    programArgs.forEach(body.putArray("programArgsList")::add);
    JsonNode answer = transport.send("POST", "/jars/" + jarId + "/plan", body);
    JsonNode name = answer.path("plan").path("name");
    if (!name.isTextual()) {
      throw new FlinkRestException("POST", "/jars/" + jarId + "/plan", 200, "no plan.name in " + answer, null);
    }
    return name.asText();
  }

  // ---- savepoints ---------------------------------------------------------------------------------

  /** Starts a savepoint; the job keeps running. */
  public OperationTrigger triggerSavepoint(String jobId, SavepointRequest request) {
    String path = "/jobs/" + jobId + "/savepoints";
    return new OperationTrigger(
        OperationTrigger.Kind.SAVEPOINT, jobId, requestId("POST", path, transport.send("POST", path, request.toSavepointJson())));
  }

  /**
   * Takes a savepoint and then stops the job (FINISHED). With {@code drain}, sources end first and event
   * time jumps to the end, firing all timers: only for jobs that will not be resumed.
   */
  public OperationTrigger stopWithSavepoint(String jobId, SavepointRequest request, boolean drain) {
    String path = "/jobs/" + jobId + "/stop";
    return new OperationTrigger(
        OperationTrigger.Kind.STOP_WITH_SAVEPOINT,
        jobId,
        requestId("POST", path, transport.send("POST", path, request.toStopJson(drain))));
  }

  /** Deletes a savepoint's files through Flink (which knows its layout, including shared state files). */
  public OperationTrigger triggerSavepointDisposal(String savepointPath) {
    ObjectNode body = RestTransport.JSON.createObjectNode().put("savepoint-path", savepointPath);
    String path = "/savepoint-disposal";
    return new OperationTrigger(
        OperationTrigger.Kind.SAVEPOINT_DISPOSAL, null, requestId("POST", path, transport.send("POST", path, body)));
  }

  /**
   * Where a triggered operation stands.
   *
   * @throws FlinkRestException with status 404 when Flink does not know the trigger (wrong id, or the
   *     JobManager restarted or forgot the result: see {@link OperationTrigger})
   */
  public OperationStatus poll(OperationTrigger trigger) {
    return Responses.operation(transport.get(trigger.statusPath()));
  }

  /**
   * Polls until the operation is done (succeeded or failed).
   *
   * @throws FlinkAwaitTimeoutException if it is still in progress at the deadline
   * @throws FlinkClientException as soon as a poll fails: a JobManager that does not answer is not waited for
   */
  public OperationStatus await(OperationTrigger trigger, Duration timeout) {
    return awaitCondition(() -> poll(trigger), OperationStatus::isDone, timeout, "operation " + trigger);
  }

  // ---- checkpoints and scaling --------------------------------------------------------------------

  /**
   * Starts a checkpoint of the running job (Flink 1.17+: {@code POST /jobs/:jobid/checkpoints}, FLINK-27101; older
   * JobManagers have no such endpoint). {@code checkpointType} is Flink's {@code FULL}, {@code INCREMENTAL} or
   * {@code CONFIGURED} (null: {@code CONFIGURED}, Flink's default: full or incremental as the job's state backend is
   * configured); a full checkpoint shares no files with earlier ones. With the same {@code triggerId} a repeated trigger is the same operation while
   * the JobManager remembers it (flink-runtime {@code DispatcherCachedOperationsHandler#triggerCheckpoint} registers
   * an operation key only once), as for savepoints. Its result ({@link #poll}) is the checkpoint's id, not its path.
   */
  public OperationTrigger triggerCheckpoint(String jobId, String triggerId, String checkpointType) {
    ObjectNode body = RestTransport.JSON.createObjectNode().put("checkpointType", checkpointType == null ? "CONFIGURED" : checkpointType)
        .put("triggerId", triggerId);
    String path = "/jobs/" + jobId + "/checkpoints";
    return new OperationTrigger(OperationTrigger.Kind.CHECKPOINT, jobId, requestId("POST", path, transport.send("POST", path, body)));
  }

  /**
   * One checkpoint's statistics, with its path once completed.
   *
   * @throws FlinkRestException with status 404 when Flink's statistics do not list it (not yet: they are cached for
   *     {@code rest.cache.checkpoint-statistics.timeout}; or no longer: only the last {@code web.checkpoints.history}
   *     are kept)
   */
  public CheckpointStatistics checkpoint(String jobId, long checkpointId) {
    return Responses.checkpointStatistics(transport.get("/jobs/" + jobId + "/checkpoints/details/" + checkpointId));
  }

  public CheckpointOverview checkpoints(String jobId) {
    return Responses.checkpoints(transport.get("/jobs/" + jobId + "/checkpoints"));
  }

  /** Whether the job's checkpoints outlive a cancel; Flink answers 404 for a job without checkpointing. */
  public CheckpointRetention checkpointRetention(String jobId) {
    return Responses.checkpointRetention(transport.get("/jobs/" + jobId + "/checkpoints/config"));
  }

  /** Adaptive scheduler only: the current parallelism bounds of every vertex. */
  public ResourceRequirements resourceRequirements(String jobId) {
    return Responses.resourceRequirements(transport.get("/jobs/" + jobId + "/resource-requirements"));
  }

  /**
   * Adaptive scheduler only: sets new parallelism bounds; the scheduler rescales in place when slots
   * allow. The default scheduler answers HTTP 500.
   */
  public void updateResourceRequirements(String jobId, ResourceRequirements requirements) {
    transport.send("PUT", "/jobs/" + jobId + "/resource-requirements", requirements.toJson());
  }

  /**
   * Metrics of a vertex aggregated over its subtasks, e.g. {@code busyTimeMsPerSecond},
   * {@code backPressuredTimeMsPerSecond}, {@code numRecordsInPerSecond}, {@code numRecordsOutPerSecond}.
   * Metrics Flink has not collected yet are absent from the map.
   */
  public Map<String, AggregatedMetric> vertexMetrics(String jobId, String vertexId, Collection<String> names) {
    String get = names.stream().map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
    return Responses.metrics(
        transport.get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?get=" + get));
  }

  /**
   * Names of the metrics the subtasks of a vertex report (task metrics like {@code numRecordsIn}, and operator
   * metrics as {@code <operator>.<metric>}, e.g. {@code Source__rate-source.pendingRecords}). Empty until
   * the JobManager's metric fetcher has fetched them once.
   */
  public List<String> vertexMetricNames(String jobId, String vertexId) {
    return Responses.metricNames(transport.get("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics"));
  }

  /** {@code GET /jobs/:id/plan} as Flink writes it: {@code plan.nodes[]} with {@code inputs[].ship_strategy}. */
  public JsonNode jobPlan(String jobId) {
    return transport.get("/jobs/" + jobId + "/plan");
  }

  // ---- waiting ------------------------------------------------------------------------------------

  /**
   * Polls the job until {@code condition} holds, e.g. {@link JobDetails#isFullyRunning()}.
   *
   * @throws FlinkAwaitTimeoutException with the last seen details if it does not hold by the deadline
   */
  public JobDetails awaitJob(String jobId, Predicate<JobDetails> condition, Duration timeout) {
    return awaitCondition(() -> job(jobId), condition, timeout, "job " + jobId);
  }

  private static <T> T awaitCondition(
      Supplier<T> read, Predicate<T> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = read.get();
      if (condition.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new FlinkAwaitTimeoutException(what + " did not get there within " + timeout + "; last seen: " + value);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FlinkAwaitTimeoutException("interrupted while waiting for " + what);
      }
    }
  }

  private static String requestId(String method, String path, JsonNode answer) {
    String id = answer.path("request-id").asText("");
    if (id.isEmpty()) {
      throw new FlinkRestException(method, path, 200, "no request-id in " + answer, null);
    }
    return id;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
