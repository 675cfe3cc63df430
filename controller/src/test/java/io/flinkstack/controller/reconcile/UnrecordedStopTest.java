package io.flinkstack.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which stop-with-savepoint of a FINISHED job the observation records as the last savepoint: only one the status does
 * not hold, of the job the status follows, while no transition is in flight.
 */
class UnrecordedStopTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String STOP = "file:/state/savepoints/stop-t1/savepoint-000001";
  private static final ObservedJob STOPPED = new ObservedJob("job-1", "job", JobState.FINISHED, false, NOW.minusSeconds(600), false,
      new ObservedJob.StopSavepoint(STOP, NOW.minusSeconds(30)));

  private static RuntimeStatus following(String jobId) {
    return StatusEdit.of(RuntimeStatus.initial(null)).job(jobId, "RUNNING")
        .savepointCompleted(new SavepointInfo("file:/state/savepoints/savepoint-older", SavepointTrigger.PERIODIC, NOW.minusSeconds(900), jobId, "t0"))
        .build();
  }

  @Test
  void aStopTheStatusDoesNotHoldIsRecordedAsTheLastSavepointOfThatJob() {
    assertThat(Reconciler.unrecordedStop(following("job-1"), STOPPED)).hasValueSatisfying(found -> {
      assertThat(found.path()).isEqualTo(STOP);
      assertThat(found.trigger()).isEqualTo(SavepointTrigger.STOP);
      assertThat(found.jobId()).isEqualTo("job-1");
      assertThat(found.time()).as("when Flink completed it").isEqualTo(NOW.minusSeconds(30));
    });
  }

  @Test
  void nothingIsRecordedForAStopTheStatusHoldsAnotherJobOrWhileATransitionRuns() {
    RuntimeStatus recorded = StatusEdit.of(following("job-1"))
        .savepointCompleted(new SavepointInfo(STOP, SavepointTrigger.SUSPEND, NOW.minusSeconds(30), "job-1", "t1")).build();
    assertThat(Reconciler.unrecordedStop(recorded, STOPPED)).as("the controller's own suspend").isEmpty();
    RuntimeStatus newer = StatusEdit.of(recorded)
        .savepointCompleted(new SavepointInfo("file:/state/savepoints/savepoint-newer", SavepointTrigger.PERIODIC, NOW, "job-2", "t2")).build();
    assertThat(Reconciler.unrecordedStop(newer, STOPPED)).as("listed in the history (maybe disposed since)").isEmpty();
    assertThat(Reconciler.unrecordedStop(following("job-2"), STOPPED)).as("not the job the status follows").isEmpty();
    RuntimeStatus upgrading = StatusEdit.of(following("job-1")).transition(new Transition(TransitionKind.UPGRADE, TransitionStep.STOP_TRIGGERED,
        UpgradeMode.SAVEPOINT, "job-1", "t1", null, "rev-2", null, Map.of(), null, NOW, NOW, null)).build();
    assertThat(Reconciler.unrecordedStop(upgrading, STOPPED)).as("the transition records its own stop").isEmpty();
    ObservedJob running = new ObservedJob("job-1", "job", JobState.RUNNING, true, NOW.minusSeconds(600));
    assertThat(Reconciler.unrecordedStop(following("job-1"), running)).isEmpty();
  }
}
