package io.flinkstack.controller.autoscaler.live;

/**
 * What one vertex's subtasks had counted at one instant, summed over its subtasks (Flink's cumulative
 * counters), plus the per-second gauges as Flink reported them then (for people: Flink averages those over
 * its own 60 s, so the window is computed from the counters instead).
 *
 * @param vertexId Flink's vertex id
 * @param name the vertex name as the job shows it
 * @param parallelism subtasks
 * @param maxParallelism key groups
 * @param recordsIn records received ({@code numRecordsIn}); for a source: records read (its source operator's
 *     {@code numRecordsOut})
 * @param recordsOut records emitted ({@code numRecordsOut})
 * @param busyMs {@code accumulateBusyTimeMs} summed; NaN when Flink has no busy time (legacy sources)
 * @param backPressuredMs {@code accumulateBackPressuredTimeMs} summed
 * @param pendingRecords a source's backlog ({@code <operator>.pendingRecords} summed); NaN when not reported
 * @param busyTimeMsPerSecond the {@code busyTimeMsPerSecond} gauge, average over subtasks (NaN if none)
 * @param backPressuredTimeMsPerSecond the {@code backPressuredTimeMsPerSecond} gauge, average over subtasks
 */
public record VertexSample(
    String vertexId,
    String name,
    int parallelism,
    int maxParallelism,
    double recordsIn,
    double recordsOut,
    double busyMs,
    double backPressuredMs,
    double pendingRecords,
    double busyTimeMsPerSecond,
    double backPressuredTimeMsPerSecond) {}
