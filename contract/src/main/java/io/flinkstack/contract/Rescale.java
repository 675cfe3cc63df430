package io.flinkstack.contract;

import java.time.Instant;

/**
 * A rescale in flight, written to the status before Flink is asked (write-ahead): a controller that dies
 * at any point finds it and finishes it. Asking Flink again is safe: the in-place request sets resource
 * requirements (idempotent), the restart is a session-job {@link Transition} with its own recorded steps.
 *
 * @param from the parallelism the job was set to when decided (with the adaptive scheduler, the upper bound
 *     of its resource requirements; otherwise what it ran at)
 * @param to the target parallelism
 * @param method {@code in-place} (adaptive scheduler, {@code PUT /jobs/:id/resource-requirements}) or
 *     {@code restart} (stop-with-savepoint and resubmit, session jobs without the adaptive scheduler)
 * @param step how far it got
 * @param reason one line: why (slots, bounds)
 * @param jobId the job being rescaled
 * @param startedAt when it was decided
 * @param stepAt when {@link #step} was reached
 */
public record Rescale(
    Integer from,
    Integer to,
    String method,
    RescaleStep step,
    String reason,
    String jobId,
    Instant startedAt,
    Instant stepAt) {

  public static final String IN_PLACE = "in-place";
  public static final String RESTART = "restart";

  public Rescale at(RescaleStep next, Instant when) {
    return new Rescale(from, to, method, next, reason, jobId, startedAt, when);
  }

  /** A new target while in flight (slots went away): the rescale goes on towards {@code target}. */
  public Rescale retarget(int target, String why, Instant when) {
    return new Rescale(from, target, method, RescaleStep.RECORDED, why, jobId, startedAt, when);
  }
}
