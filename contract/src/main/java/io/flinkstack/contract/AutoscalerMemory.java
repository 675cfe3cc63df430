package io.flinkstack.contract;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live autoscaler remembers about one running job between its passes, in the status so that a restarted
 * controller goes on where the last one stopped: its next decision comes when the last one's would have (not a whole
 * window later), and a pending scale-down keeps its wait. Not every sample is kept: a metrics window is computed from
 * its first sample and the newest one only, so the first is enough. Numbers Flink did not report (NaN) are null.
 *
 * <p>Trusted only for the job it names, and its window start only while the job's counters continue it (same
 * parallelism, no counter went back); anything else starts a new window, as before.
 *
 * @param jobId the Flink job it is about
 * @param windowStart the sample the next decision's metrics window starts from; null while there is none (right
 *     after a rescale)
 * @param lastRescaleAt when the job was last rescaled (by the autoscaler or anyone else); null if never seen
 * @param pendingScaleDowns per vertex id, a scale-down waiting for its grace period
 * @param lastEvaluation when the autoscaler last decided; the next decision comes an interval later
 */
public record AutoscalerMemory(
    String jobId,
    Sample windowStart,
    Instant lastRescaleAt,
    Map<String, PendingScaleDown> pendingScaleDowns,
    Instant lastEvaluation) {

  public AutoscalerMemory {
    pendingScaleDowns = pendingScaleDowns == null ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(pendingScaleDowns));
  }

  /**
   * One reading of the job's counters: every vertex's, summed over its subtasks, and the job's edges.
   *
   * @param at when it was read
   * @param vertices in the order Flink lists them
   */
  public record Sample(Instant at, List<Vertex> vertices) {
    public Sample {
      vertices = vertices == null ? List.of() : List.copyOf(vertices);
    }
  }

  /**
   * One vertex in a {@link Sample}: Flink's counters as read (null where Flink reported none), and its inputs.
   *
   * @param id Flink's vertex id
   * @param name the vertex name as the job shows it
   * @param parallelism subtasks
   * @param maxParallelism key groups
   * @param recordsIn records received (a source: read)
   * @param recordsOut records emitted
   * @param busyMs accumulated busy time; null for a source without one (legacy sources)
   * @param backPressuredMs accumulated back-pressured time
   * @param pendingRecords a source's backlog; null when not reported
   * @param busyTimeMsPerSecond Flink's gauge then (for people), null if none
   * @param backPressuredTimeMsPerSecond Flink's gauge then (for people), null if none
   * @param inputs the edges into this vertex
   */
  public record Vertex(
      String id,
      String name,
      int parallelism,
      int maxParallelism,
      Double recordsIn,
      Double recordsOut,
      Double busyMs,
      Double backPressuredMs,
      Double pendingRecords,
      Double busyTimeMsPerSecond,
      Double backPressuredTimeMsPerSecond,
      List<Input> inputs) {
    public Vertex {
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }
  }

  /**
   * An edge into a vertex.
   *
   * @param from the upstream vertex id
   * @param partitioning {@code FORWARD}, {@code REBALANCE} or {@code HASH}
   * @param outputRatio records sent per record the upstream receives, when declared; null: the observed ratio
   */
  public record Input(String from, String partitioning, Double outputRatio) {}

  /**
   * A scale-down recommended without interruption since {@code since}, by {@code evaluations} evaluations in a row;
   * when done, the vertex gets {@code highestRecommended}.
   */
  public record PendingScaleDown(Instant since, int evaluations, int highestRecommended) {}
}
