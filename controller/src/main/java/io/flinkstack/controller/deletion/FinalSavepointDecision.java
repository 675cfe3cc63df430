package io.flinkstack.controller.deletion;

import io.flinkstack.contract.SavepointInfo;

/** What {@link FinalSavepointDecider} wants done about a FlinkJob marked for deletion. */
public sealed interface FinalSavepointDecision {

  /** The job still runs (or a transition is in flight): the pass goes on, its machines stop the job. */
  record Stop(String reason) implements FinalSavepointDecision {}

  /** Nothing can be done now (the JobManager does not answer): look again later, the finalizer stays. */
  record Wait(String reason) implements FinalSavepointDecision {}

  /**
   * Take the finalizer off, recording {@code savepoint} (if any) in a FlinkSnapshot first.
   *
   * @param warning whether the job may have been left without a final savepoint (an Event of type Warning says so)
   * @param cancelJobId a session job still running that could not be stopped with a savepoint in time: cancelled
   *     first, so it does not keep its slots with nobody managing it; null for none
   */
  record Release(String reason, SavepointInfo savepoint, boolean warning, String cancelJobId) implements FinalSavepointDecision {
    public Release(String reason, SavepointInfo savepoint, boolean warning) {
      this(reason, savepoint, warning, null);
    }
  }
}
