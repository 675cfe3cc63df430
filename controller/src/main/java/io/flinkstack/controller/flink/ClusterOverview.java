package io.flinkstack.controller.flink;

/** {@code GET /overview}: what the JobManager sees of the whole cluster. */
public record ClusterOverview(
    int taskManagers,
    int slotsTotal,
    int slotsAvailable,
    int jobsRunning,
    int jobsFinished,
    int jobsCancelled,
    int jobsFailed,
    String flinkVersion) {}
