package io.flinkstack.controller.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a deleted FlinkJob waits for, without Flink or Kubernetes. */
class FinalSavepointDeciderTest {
  private static final Instant DELETED = Instant.parse("2026-12-04T12:00:00Z");
  private static final Duration WAIT = Duration.ofMinutes(15);
  private static final SavepointInfo LAST = new SavepointInfo("file:/sp/last", SavepointTrigger.PERIODIC, DELETED.minusSeconds(600),
      "job-1", "t-1");
  private static final RuntimeStatus WITH_SAVEPOINT = StatusEdit.of(RuntimeStatus.initial(null)).savepointCompleted(LAST).build();

  @Test
  void aSessionJobThatRunsIsStoppedFirstAndReleasedOnceSuspendedWithItsSavepointRecorded() {
    assertThat(decide(DeclarationKind.SESSION_JOB, false, WITH_SAVEPOINT, running(JobState.RUNNING), DELETED.plusSeconds(1)))
        .isInstanceOf(FinalSavepointDecision.Stop.class);
    SavepointInfo stopped = new SavepointInfo("file:/sp/final", SavepointTrigger.SUSPEND, DELETED.plusSeconds(2), "job-1", "t-2");
    RuntimeStatus suspended = StatusEdit.of(WITH_SAVEPOINT).savepointCompleted(stopped).lifecycle(LifecycleState.SUSPENDED).build();
    assertThat(decide(DeclarationKind.SESSION_JOB, false, suspended, running(JobState.FINISHED), DELETED.plusSeconds(5)))
        .isEqualTo(new FinalSavepointDecision.Release("the job was stopped with a savepoint", stopped, false));
  }

  @Test
  void aSessionJobWhoseJobManagerDoesNotAnswerWaitsAtMostTheWaitThenGoesWithAWarning() {
    JobObservation away = JobObservation.unreachable(DELETED, "connection refused");
    assertThat(decide(DeclarationKind.SESSION_JOB, false, WITH_SAVEPOINT, away, DELETED.plus(WAIT).minusSeconds(1)))
        .isInstanceOf(FinalSavepointDecision.Wait.class);
    assertThat(decide(DeclarationKind.SESSION_JOB, false, WITH_SAVEPOINT, away, DELETED.plus(WAIT)))
        .isInstanceOfSatisfying(FinalSavepointDecision.Release.class, release -> {
          assertThat(release.warning()).isTrue();
          assertThat(release.savepoint()).isEqualTo(LAST);
          assertThat(release.cancelJobId()).isNull();
        });
  }

  @Test
  void aSessionJobThatCannotBeStoppedWithASavepointInTimeIsCancelledNotLeftHoldingItsSlots() {
    assertThat(decide(DeclarationKind.SESSION_JOB, false, WITH_SAVEPOINT, running(JobState.RESTARTING), DELETED.plus(WAIT)))
        .isEqualTo(new FinalSavepointDecision.Release("the job could not be stopped with a savepoint within " + WAIT
            + " (not running with all tasks?); it is cancelled, the last savepoint known is recorded", LAST, true, "job-1"));
  }

  @Test
  void anApplicationOrASkipGoesAtOnceAndNoJobMeansNothingToStop() {
    assertThat(decide(DeclarationKind.APPLICATION, false, WITH_SAVEPOINT, running(JobState.RUNNING), DELETED))
        .isInstanceOfSatisfying(FinalSavepointDecision.Release.class, release -> assertThat(release.savepoint()).isEqualTo(LAST));
    assertThat(decide(DeclarationKind.SESSION_JOB, true, WITH_SAVEPOINT, running(JobState.RUNNING), DELETED))
        .isInstanceOfSatisfying(FinalSavepointDecision.Release.class, release -> assertThat(release.savepoint()).isNull());
    assertThat(decide(DeclarationKind.SESSION_JOB, false, RuntimeStatus.initial(null), JobObservation.reachable(DELETED, Optional.empty()),
        DELETED)).isEqualTo(new FinalSavepointDecision.Release("no job of it runs; the last savepoint known is recorded", null, false));
  }

  private static FinalSavepointDecision decide(DeclarationKind kind, boolean skip, RuntimeStatus status, JobObservation observation,
      Instant now) {
    return FinalSavepointDecider.decide(kind, skip, DELETED, status, observation, WAIT, now);
  }

  private static JobObservation running(JobState state) {
    return JobObservation.reachable(DELETED, Optional.of(new ObservedJob("job-1", "job", state, state == JobState.RUNNING,
        DELETED.minusSeconds(3600))));
  }
}
