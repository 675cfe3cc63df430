package io.flinkstack.contract;

import java.time.Instant;
import java.util.List;

/**
 * One decision of the autoscaler about a running job, with what it rests on: for the status, Events and
 * people. Numbers Flink did not report are null.
 *
 * @param time when it was decided
 * @param jobId the Flink job
 * @param mode {@code act} or {@code monitor}
 * @param action {@code rescaled} (act mode, resource requirements changed), {@code recommended} (monitor
 *     mode: a rescale was recommended, nothing done), {@code none} (no rescale needed) or {@code stabilizing}
 * @param windowStart start of the metrics window the decision looked at
 * @param windowEnd its end
 * @param vertices one entry per vertex, upstream first
 * @param slotsNeeded task slots the job needs after the decision (the widest vertex, one slot-sharing group)
 * @param taskManagersNeeded TaskManagers those slots take; the caller scales the TaskManagers to it
 * @param summary one line for people
 */
public record ScalingDecisionRecord(
    Instant time,
    String jobId,
    String mode,
    String action,
    Instant windowStart,
    Instant windowEnd,
    List<Vertex> vertices,
    int slotsNeeded,
    int taskManagersNeeded,
    String summary) {

  public static final String RESCALED = "rescaled";
  public static final String RECOMMENDED = "recommended";
  public static final String NONE = "none";
  public static final String STABILIZING = "stabilizing";

  public ScalingDecisionRecord {
    vertices = vertices == null ? List.of() : List.copyOf(vertices);
  }

  /** Whether some vertex changes (done in act mode, only recommended in monitor mode). */
  public boolean rescale() {
    return vertices.stream().anyMatch(v -> v.from() != v.to());
  }

  /**
   * One vertex.
   *
   * @param vertexId Flink's vertex id
   * @param name the vertex name as Flink shows it
   * @param from parallelism it ran at
   * @param to parallelism decided (recommended in monitor mode)
   * @param reason SCALE_UP, SCALE_DOWN, AT_TARGET, WITHIN_BAND, SCALE_DOWN_DELAYED, STABILIZING or NO_METRICS
   * @param explanation the arithmetic in words
   * @param trueProcessingRate records per second one subtask handles when busy all the time
   * @param observedRate records per second the vertex received (a source: read) over the window
   * @param targetRate records per second it must sustain (arrival, before catch-up)
   * @param busyTimeMsPerSecond useful time per second of a subtask, 0–1000
   * @param backPressuredTimeMsPerSecond time per second a subtask waited for its downstream, 0–1000
   * @param backlog a source's pending records at the end of the window
   */
  public record Vertex(
      String vertexId,
      String name,
      int from,
      int to,
      String reason,
      String explanation,
      Double trueProcessingRate,
      Double observedRate,
      Double targetRate,
      Double busyTimeMsPerSecond,
      Double backPressuredTimeMsPerSecond,
      Double backlog) {}
}
