package io.flinkstack.controller.step;

/**
 * Boundaries a recorded step cannot name: Flink accepted a request, and the status does not say so yet. A
 * controller dying here leaves a step whose repetition must be harmless (the same trigger id, the same
 * requirements).
 */
public enum Unrecorded {
  /** A transition's stop-with-savepoint was accepted; the status still says {@code RECORDED}. */
  STOP_WITH_SAVEPOINT_TRIGGERED,
  /** A rescale's resource requirements were accepted; the status still says {@code RECORDED}. */
  RESOURCE_REQUIREMENTS_SET
}
