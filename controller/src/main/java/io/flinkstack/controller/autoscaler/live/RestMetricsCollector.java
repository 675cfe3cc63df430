package io.flinkstack.controller.autoscaler.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.controller.autoscaler.JobTopology;
import io.flinkstack.controller.autoscaler.MetricsWindow;
import io.flinkstack.controller.autoscaler.Partitioning;
import io.flinkstack.controller.autoscaler.VertexMetrics;
import io.flinkstack.controller.flink.AggregatedMetric;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobVertex;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a running job's per-vertex metrics over Flink's REST API ({@code /jobs/:id}, {@code /jobs/:id/plan},
 * {@code /jobs/:id/vertices/:vid/subtasks/metrics}) into {@link JobSample}s, and turns two samples of the same
 * run into the autoscaler's {@link MetricsWindow}.
 *
 * <p>Rates and times come from Flink's cumulative counters ({@code numRecordsIn}, {@code numRecordsOut},
 * {@code accumulateBusyTimeMs}, {@code accumulateBackPressuredTimeMs}) differenced over the window, not from
 * the {@code …PerSecond} gauges: Flink 1.20 averages those over its own last 60 s, so right after a load
 * step or a rescale they mix in the minute before. A source's records read are its source operator's
 * {@code numRecordsOut} (the vertex's own may count a chained operator's output), its backlog the sum of
 * operator gauges named {@code pendingRecords} (Kafka and other FLIP-27 connectors report that).
 */
public final class RestMetricsCollector {
  static final String RECORDS_IN = "numRecordsIn";
  static final String RECORDS_OUT = "numRecordsOut";
  static final String BUSY_ACCUMULATED = "accumulateBusyTimeMs";
  static final String BACK_PRESSURED_ACCUMULATED = "accumulateBackPressuredTimeMs";
  static final String BUSY_PER_SECOND = "busyTimeMsPerSecond";
  static final String BACK_PRESSURED_PER_SECOND = "backPressuredTimeMsPerSecond";
  static final String PENDING_RECORDS_SUFFIX = ".pendingRecords";
  static final String SOURCE_OPERATOR_PREFIX = "Source__";

  static final List<String> TASK_METRICS = List.of(RECORDS_IN, RECORDS_OUT, BUSY_ACCUMULATED,
      BACK_PRESSURED_ACCUMULATED, BUSY_PER_SECOND, BACK_PRESSURED_PER_SECOND);

  private final FlinkRestClient flink;
  private final Clock clock;

  public RestMetricsCollector(FlinkRestClient flink, Clock clock) {
    this.flink = flink;
    this.clock = clock;
  }

  /**
   * One sample of the job, or empty when there is nothing to trust yet: not every subtask runs (one is deploying, or finished), or
   * Flink has not fetched some vertex's counters yet.
   */
  public Optional<JobSample> sample(String jobId) {
    JobDetails job = flink.job(jobId);
    // Every subtask running: a finished one has no rates, and the decision would count it as idle.
    if (!job.allTasksRunning()) {
      return Optional.empty();
    }
    JobTopology topology = topology(flink.jobPlan(jobId));
    Map<String, VertexSample> vertices = new LinkedHashMap<>();
    for (JobVertex vertex : job.vertices()) {
      List<String> names = flink.vertexMetricNames(jobId, vertex.id());
      List<String> wanted = new ArrayList<>(TASK_METRICS);
      names.stream().filter(RestMetricsCollector::isOperatorMetricWanted).forEach(wanted::add);
      Map<String, AggregatedMetric> metrics = flink.vertexMetrics(jobId, vertex.id(), wanted);
      Optional<VertexSample> sample = vertexSample(vertex, topology.isSource(vertex.id()), metrics);
      if (sample.isEmpty()) {
        return Optional.empty();
      }
      vertices.put(vertex.id(), sample.get());
    }
    return Optional.of(new JobSample(clock.instant(), jobId, topology, vertices));
  }

  private static boolean isOperatorMetricWanted(String name) {
    return name.endsWith(PENDING_RECORDS_SUFFIX)
        || name.startsWith(SOURCE_OPERATOR_PREFIX) && name.endsWith("." + RECORDS_OUT);
  }

  /**
   * The edges of {@code GET /jobs/:id/plan}: {@code plan.nodes[].inputs[]} with {@code ship_strategy} HASH
   * (keyBy), FORWARD, or anything else (REBALANCE, RESCALE, SHUFFLE, BROADCAST, CUSTOM, GLOBAL), which ties
   * nothing to key groups.
   */
  public static JobTopology topology(JsonNode plan) {
    JobTopology.Builder builder = JobTopology.builder();
    JsonNode nodes = plan.path("plan").path("nodes");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a job plan without nodes: " + plan);
    }
    for (JsonNode node : nodes) {
      builder.vertex(node.path("id").asText());
    }
    for (JsonNode node : nodes) {
      for (JsonNode input : node.path("inputs")) {
        builder.edge(input.path("id").asText(), node.path("id").asText(), partitioning(input.path("ship_strategy").asText("")));
      }
    }
    return builder.build();
  }

  static Partitioning partitioning(String shipStrategy) {
    return switch (shipStrategy) {
      case "HASH" -> Partitioning.HASH;
      case "FORWARD" -> Partitioning.FORWARD;
      default -> Partitioning.REBALANCE;
    };
  }

  /** Empty when a counter the window needs is missing (not fetched yet). */
  static Optional<VertexSample> vertexSample(JobVertex vertex, boolean source, Map<String, AggregatedMetric> metrics) {
    double recordsIn = sum(metrics, RECORDS_IN);
    double recordsOut = sum(metrics, RECORDS_OUT);
    double backPressured = sum(metrics, BACK_PRESSURED_ACCUMULATED);
    if (Double.isNaN(recordsIn) || Double.isNaN(recordsOut) || Double.isNaN(backPressured)) {
      return Optional.empty();
    }
    if (source) {
      double read = sumOf(metrics, name -> name.startsWith(SOURCE_OPERATOR_PREFIX) && name.endsWith("." + RECORDS_OUT));
      recordsIn = Double.isNaN(read) ? recordsOut : read;
    }
    double busyPerSecond = avg(metrics, BUSY_PER_SECOND);
    // Flink reports busy time NaN for legacy sources (their thread is not the task's mailbox thread); its
    // accumulated busy time is then elapsed − idle − back-pressured, which means nothing.
    double busy = Double.isNaN(busyPerSecond) ? Double.NaN : sum(metrics, BUSY_ACCUMULATED);
    double pending = sumOf(metrics, name -> name.endsWith(PENDING_RECORDS_SUFFIX));
    return Optional.of(new VertexSample(vertex.id(), vertex.name(), vertex.parallelism(), maxParallelism(vertex),
        recordsIn, recordsOut, busy, backPressured, pending, busyPerSecond, avg(metrics, BACK_PRESSURED_PER_SECOND)));
  }

  private static int maxParallelism(JobVertex vertex) {
    return vertex.maxParallelism() >= vertex.parallelism() ? vertex.maxParallelism()
        : Math.max(vertex.parallelism(), VertexMetrics.DEFAULT_MAX_PARALLELISM);
  }

  /**
   * The metrics over {@code [first.at, last.at]}: counter differences divided by the time between them. Busy
   * and back-pressured time are per subtask (the average: total over parallelism), clipped to 0–1000 ms/s.
   *
   * @throws IllegalArgumentException if the two samples are not of the same run (see {@link JobSample#continuedBy})
   */
  public static MetricsWindow window(JobSample first, JobSample last) {
    if (!first.continuedBy(last) || !last.at().isAfter(first.at())) {
      throw new IllegalArgumentException("samples at " + first.at() + " and " + last.at() + " are not of one run");
    }
    double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
    Map<String, VertexMetrics> vertices = new LinkedHashMap<>();
    for (VertexSample end : last.vertices().values()) {
      VertexSample start = first.vertices().get(end.vertexId());
      int parallelism = end.parallelism();
      VertexMetrics.Builder metrics = VertexMetrics.builder(parallelism)
          .maxParallelism(end.maxParallelism())
          .records((end.recordsIn() - start.recordsIn()) / seconds, (end.recordsOut() - start.recordsOut()) / seconds)
          .busyTimeMsPerSecond(perSubtaskMsPerSecond(start.busyMs(), end.busyMs(), parallelism, seconds))
          .backPressured(perSubtaskMsPerSecond(start.backPressuredMs(), end.backPressuredMs(), parallelism, seconds) / 1000);
      if (!Double.isNaN(end.pendingRecords())) {
        double growth = Double.isNaN(start.pendingRecords()) ? 0
            : (end.pendingRecords() - start.pendingRecords()) / seconds;
        metrics.backlog(Math.max(0, end.pendingRecords()), growth);
      }
      vertices.put(end.vertexId(), metrics.build());
    }
    return new MetricsWindow(first.at(), last.at(), vertices);
  }

  private static double perSubtaskMsPerSecond(double startMs, double endMs, int parallelism, double seconds) {
    if (Double.isNaN(startMs) || Double.isNaN(endMs)) {
      return Double.NaN;
    }
    return Math.max(0, Math.min(1000, (endMs - startMs) / parallelism / seconds));
  }

  private static double sum(Map<String, AggregatedMetric> metrics, String name) {
    AggregatedMetric metric = metrics.get(name);
    return metric == null ? Double.NaN : metric.sum();
  }

  private static double avg(Map<String, AggregatedMetric> metrics, String name) {
    AggregatedMetric metric = metrics.get(name);
    return metric == null ? Double.NaN : metric.avg();
  }

  /** Sum over the metrics whose name matches; NaN when none does (or none has a number). */
  private static double sumOf(Map<String, AggregatedMetric> metrics, java.util.function.Predicate<String> name) {
    double total = Double.NaN;
    for (AggregatedMetric metric : metrics.values()) {
      if (name.test(metric.name()) && !Double.isNaN(metric.sum())) {
        total = Double.isNaN(total) ? metric.sum() : total + metric.sum();
      }
    }
    return total;
  }
}
