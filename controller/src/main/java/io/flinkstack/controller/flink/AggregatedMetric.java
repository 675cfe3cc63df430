package io.flinkstack.controller.flink;

/**
 * One metric aggregated over a vertex's subtasks ({@code GET /jobs/{jobId}/vertices/{vertexId}/subtasks/metrics}).
 * A value Flink did not report is NaN.
 */
public record AggregatedMetric(String name, double min, double max, double avg, double sum) {}
