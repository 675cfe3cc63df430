package io.flinkstack.controller.transition;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.controller.savepoint.Backoffs;
import java.time.Instant;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Jobs that cannot take a savepoint and will not get better by waiting: restarting or failing (a crash loop, or a
 * restart strategy still trying), failed (it gave up) or cancelled. Flink takes savepoints of running jobs only, so
 * their upgrade or suspend goes from their latest completed checkpoint or savepoint. So does a job that a
 * stop-with-savepoint FINISHED without the controller recording it (a stop that completed after the controller's
 * operation timeout, or one made outside the controller): its latest state is that savepoint. Until 2026-12-07 such a
 * job's upgrade or suspend waited for good for the job to run again, and a session job's resume went back to an older
 * savepoint. A job that is starting (INITIALIZING, CREATED, RUNNING with tasks still deploying) or finished in any other
 * way (a bounded job that ran out of input) is not one of them.
 */
final class StuckJobs {
  private static final Set<JobState> STUCK = EnumSet.of(JobState.RESTARTING, JobState.FAILING, JobState.FAILED, JobState.CANCELED);

  private StuckJobs() {}

  /** The observed job's state when it is one of those. */
  static Optional<JobState> state(JobObservation observation) {
    return observation.job().filter(job -> STUCK.contains(job.state()) || job.finishedByStop().isPresent()).map(ObservedJob::state);
  }

  /**
   * Starts a transition of a stuck job from its latest state: a crash loop must not block its own fix, so no
   * savepoint is waited for. Only a failure of such a transition (checkpoints not retained, say) holds the next one
   * back, for the backoff it set; failed periodic savepoints of the looping job do not.
   */
  static TransitionDecision start(TransitionKind kind, String reason, JobState state, RuntimeStatus status, Instant now) {
    boolean lastFailed = status.lastTransition() != null && "failed".equals(status.lastTransition().outcome());
    if (lastFailed && Backoffs.holdsBack(status.savepointBackoff(), now)) {
      return new TransitionDecision.Wait(kind, reason + "; backing off after a failed " + status.lastTransition().kind()
          + " until " + status.savepointBackoff().retryAt());
    }
    return new TransitionDecision.Start(kind, reason + "; " + why(state), true);
  }

  static String why(JobState state) {
    if (state == JobState.FINISHED) {
      return "the job FINISHED by a stop-with-savepoint the controller did not record and cannot take another savepoint: it goes"
          + " from that stop's savepoint, its latest state";
    }
    return "the job is " + state + " and cannot take a savepoint: it goes from its latest completed checkpoint or savepoint";
  }
}
