package io.flinkstack.controller.flink;

/** One entry of {@code GET /jobs/overview}. Times are epoch milliseconds; {@code endTime} is -1 while running. */
public record JobSummary(String id, String name, JobState state, long startTime, long endTime) {}
