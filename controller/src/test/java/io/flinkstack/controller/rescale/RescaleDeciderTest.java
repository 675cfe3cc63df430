package io.flinkstack.controller.rescale;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.JobKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RescaleStep;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionResult;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RescaleDeciderTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final RuntimeStatus IDLE = RuntimeStatus.initial(null);

  private static JobDeclaration job(Integer min, Integer max, Boolean savepointFirst) {
    return new JobDeclaration("a", JobKind.APPLICATION, null, null, null, 2, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, null, null, null, null, null, null,
        min, max, savepointFirst, null);
  }

  /** Running with all tasks, adaptive scheduler with upper bound {@code upper}. */
  private static RescaleView adaptive(int parallelism, int upper, int slots) {
    return new RescaleView("job-1", true, parallelism, 128, upper, slots);
  }

  private static RescaleView defaultScheduler(int parallelism, int slots) {
    return new RescaleView("job-1", true, parallelism, 128, null, slots);
  }

  private static RescaleDecision decide(JobDeclaration job, RuntimeStatus status, RescaleView view) {
    return RescaleDecider.decide(job, false, false, status, view);
  }

  private static Rescale inFlight(int from, int to, String method, RescaleStep step) {
    return new Rescale(from, to, method, step, "test", "job-1", NOW, NOW);
  }

  @Test
  void noBoundsNoRescale() {
    assertThat(decide(job(null, null, null), IDLE, adaptive(2, 2, 6))).isInstanceOf(RescaleDecision.None.class);
  }

  @Test
  void moreSlotsScaleUpInPlaceWithinTheMaximum() {
    assertThat(decide(job(1, 4, null), IDLE, adaptive(2, 2, 3)))
        .isEqualTo(new RescaleDecision.Start(2, 3, Rescale.IN_PLACE, false, "3 usable slots, bounds 1…4: 2 → 3"));
    assertThat(decide(job(1, 4, null), IDLE, adaptive(2, 2, 10))).extracting(d -> ((RescaleDecision.Start) d).to()).isEqualTo(4);
  }

  @Test
  void theTargetIsAlsoCappedByTheJobsMaxParallelism() {
    RescaleView view = new RescaleView("job-1", true, 2, 3, 2, 10);
    assertThat(((RescaleDecision.Start) decide(job(1, null, null), IDLE, view)).to()).isEqualTo(3);
  }

  @Test
  void atTheTargetNothingHappens() {
    assertThat(decide(job(1, 4, null), IDLE, adaptive(3, 3, 3))).isInstanceOf(RescaleDecision.None.class);
    // The adaptive scheduler has not used a new slot yet, but the bound already allows it: its business.
    assertThat(decide(job(1, 4, null), IDLE, adaptive(2, 3, 3))).isInstanceOf(RescaleDecision.None.class);
  }

  @Test
  void aJobThatAlreadyShrankAfterLosingATaskManagerGetsTheLowerTargetRecorded() {
    RescaleDecision decision = decide(job(1, 4, true), IDLE, adaptive(2, 3, 2));
    // from = the bound it was set to; no savepoint: it runs at the target already, nothing to shorten.
    assertThat(decision).isEqualTo(new RescaleDecision.Start(3, 2, Rescale.IN_PLACE, false, "2 usable slots, bounds 1…4: 3 → 2"));
  }

  @Test
  void aLowerBoundAboveTheSlotsDoesNotMakeTheJobWaitForSlots() {
    assertThat(((RescaleDecision.Start) decide(job(4, 8, null), IDLE, adaptive(4, 4, 2))).to()).isEqualTo(2);
  }

  @Test
  void aChosenScaleDownTakesASavepointFirstWhenAsked() {
    assertThat(((RescaleDecision.Start) decide(job(1, 2, true), IDLE, adaptive(3, 3, 3))).savepointFirst()).isTrue();
    assertThat(((RescaleDecision.Start) decide(job(1, 2, null), IDLE, adaptive(3, 3, 3))).savepointFirst()).isFalse();
    assertThat(((RescaleDecision.Start) decide(job(1, 4, true), IDLE, adaptive(2, 2, 3))).savepointFirst()).isFalse();
  }

  @Test
  void onlyARunningJobWithoutAPendingSavepointIsRescaled() {
    assertThat(decide(job(1, 4, null), IDLE, null)).isInstanceOf(RescaleDecision.None.class);
    assertThat(decide(job(1, 4, null), IDLE, new RescaleView("job-1", false, 2, 128, 2, 3))).isInstanceOf(RescaleDecision.None.class);
    RuntimeStatus pending = StatusEdit.of(IDLE)
        .pending(new PendingOperation(OperationKind.SAVEPOINT, "t", "job-1", SavepointTrigger.PERIODIC, null, null, NOW, null)).build();
    assertThat(decide(job(1, 4, null), pending, adaptive(2, 2, 3))).isInstanceOf(RescaleDecision.None.class);
    assertThat(RescaleDecider.decide(job(1, 4, null), true, true, IDLE, defaultScheduler(2, 3))).isInstanceOf(RescaleDecision.None.class);
  }

  @Test
  void withoutTheAdaptiveSchedulerASessionJobRestartsAndAnApplicationCannot() {
    assertThat(RescaleDecider.decide(job(1, 4, null), true, false, IDLE, defaultScheduler(1, 2)))
        .isEqualTo(new RescaleDecision.Start(1, 2, Rescale.RESTART, false, "2 usable slots, bounds 1…4: 1 → 2"));
    assertThat(decide(job(1, 4, null), IDLE, defaultScheduler(1, 2))).isInstanceOf(RescaleDecision.Unsupported.class);
  }

  @Test
  void aRecordedRescaleIsRequestedAgainAndARequestedOneEndsAtTheTarget() {
    Rescale recorded = inFlight(2, 3, Rescale.IN_PLACE, RescaleStep.RECORDED);
    assertThat(decide(job(1, 4, null), StatusEdit.of(IDLE).rescale(recorded).build(), adaptive(2, 3, 3)))
        .isEqualTo(new RescaleDecision.Request(recorded));
    Rescale requested = recorded.at(RescaleStep.REQUESTED, NOW);
    RuntimeStatus status = StatusEdit.of(IDLE).rescale(requested).build();
    assertThat(decide(job(1, 4, null), status, new RescaleView("job-1", false, 3, 128, 3, 3))).isInstanceOf(RescaleDecision.Wait.class);
    assertThat(decide(job(1, 4, null), status, adaptive(3, 3, 3))).isEqualTo(new RescaleDecision.Done(requested, 3));
  }

  @Test
  void slotsLostWhileInFlightLowerTheTarget() {
    Rescale requested = inFlight(2, 3, Rescale.IN_PLACE, RescaleStep.REQUESTED);
    RuntimeStatus status = StatusEdit.of(IDLE).rescale(requested).build();
    assertThat(decide(job(1, 4, null), status, adaptive(2, 3, 2)))
        .isEqualTo(new RescaleDecision.Retarget(requested, 2, "only 2 usable slots left: 3 → 2"));
  }

  @Test
  void aScaleDownWaitsForItsSavepointThenGoesOnWhateverCameOfIt() {
    Rescale waiting = inFlight(3, 2, Rescale.IN_PLACE, RescaleStep.SAVEPOINT_PENDING);
    RuntimeStatus pending = StatusEdit.of(IDLE).rescale(waiting)
        .pending(new PendingOperation(OperationKind.SAVEPOINT, "t", "job-1", SavepointTrigger.RESCALE, null, null, NOW, null)).build();
    assertThat(decide(job(1, 2, true), pending, adaptive(3, 3, 3))).isInstanceOf(RescaleDecision.Wait.class);
    assertThat(decide(job(1, 2, true), StatusEdit.of(pending).pending(null).build(), adaptive(3, 3, 3)))
        .isEqualTo(new RescaleDecision.Request(waiting));
  }

  @Test
  void aRestartEndsWhenTheNewJobRunsOrWhenItsTransitionFailed() {
    Rescale restarting = inFlight(1, 2, Rescale.RESTART, RescaleStep.REQUESTED);
    RuntimeStatus status = StatusEdit.of(IDLE).rescale(restarting).build();
    assertThat(RescaleDecider.decide(job(1, 4, null), true, false, status, defaultScheduler(1, 2))).isInstanceOf(RescaleDecision.Wait.class);
    RescaleView newJob = new RescaleView("job-2", true, 2, 128, null, 2);
    assertThat(RescaleDecider.decide(job(1, 4, null), true, false, status, newJob)).isEqualTo(new RescaleDecision.Done(restarting, 2));
    RuntimeStatus failed = StatusEdit.of(status).lastTransition(new TransitionResult(TransitionKind.UPGRADE, "failed", null, NOW,
        NOW.plusSeconds(5), null, "stop-with-savepoint failed")).build();
    assertThat(RescaleDecider.decide(job(1, 4, null), true, false, failed, defaultScheduler(1, 2)))
        .isEqualTo(new RescaleDecision.Failed(restarting, "stop-with-savepoint failed"));
  }
}
