package io.flinkstack.controller.flink;

/**
 * One entry of {@code GET /taskmanagers}.
 *
 * @param lastHeartbeat epoch milliseconds of the last heartbeat (Flink names it {@code timeSinceLastHeartbeat})
 */
public record TaskManagerInfo(String id, int slots, int freeSlots, long lastHeartbeat) {}
