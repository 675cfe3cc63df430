package io.flinkstack.controller.flink;

import java.util.Optional;

/**
 * Where an {@link OperationTrigger}'s operation stands.
 *
 * @param location the savepoint path once a savepoint (or stop-with-savepoint) succeeded
 * @param checkpointId the checkpoint's id once a triggered checkpoint succeeded (its path is in the checkpoint's
 *     statistics: {@link FlinkRestClient#checkpoint})
 * @param failureCause the exception chain in one line ({@code Outer: msg; caused by: Root: msg})
 * @param failureStackTrace Flink's full server-side stack trace of the failure
 */
public record OperationStatus(
    State state, Optional<String> location, Optional<String> failureCause, Optional<String> failureStackTrace,
    Optional<Long> checkpointId) {

  /** Of an operation that yields no checkpoint id (savepoints, disposals). */
  public OperationStatus(State state, Optional<String> location, Optional<String> failureCause, Optional<String> failureStackTrace) {
    this(state, location, failureCause, failureStackTrace, Optional.empty());
  }

  public enum State {
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
  }

  static OperationStatus inProgress() {
    return new OperationStatus(State.IN_PROGRESS, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean isDone() {
    return state != State.IN_PROGRESS;
  }

  public boolean succeeded() {
    return state == State.SUCCEEDED;
  }

  public boolean failed() {
    return state == State.FAILED;
  }
}
