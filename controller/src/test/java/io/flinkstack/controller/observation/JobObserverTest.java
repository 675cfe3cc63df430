package io.flinkstack.controller.observation;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.JobKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.controller.declaration.SavepointPolicy;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.kubernetes.ObjectRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which of the jobs a JobManager lists is the one a declaration is about. */
class JobObserverTest {
  private static final JobSummary OLD_FINISHED = new JobSummary("old", "seq", JobState.FINISHED, 1_000, 2_000);
  private static final JobSummary NEW_RUNNING = new JobSummary("new", "seq", JobState.RUNNING, 3_000, -1);

  @Test
  void aKnownJobThatEndedGivesWayToTheJobTheNewJobManagerRuns() {
    // Under HA the JobManager after an upgrade lists the job its predecessor stopped (FINISHED, cleaned up by
    // the new one) beside the job it runs under a new id: the status must move on to the running one.
    assertThat(JobObserver.locate(List.of(OLD_FINISHED, NEW_RUNNING), application(), "old")).hasValue(NEW_RUNNING);
  }

  @Test
  void aKnownJobIsFollowedWhileItRunsOrWhenNothingElseRuns() {
    JobSummary oldRunning = new JobSummary("old", "seq", JobState.RUNNING, 1_000, -1);
    assertThat(JobObserver.locate(List.of(oldRunning, NEW_RUNNING), application(), "old")).hasValue(oldRunning);
    // A finished bounded job stays the one followed: it is not replaced by another ended one.
    JobSummary otherFinished = new JobSummary("other", "seq", JobState.CANCELED, 5_000, 6_000);
    assertThat(JobObserver.locate(List.of(OLD_FINISHED, otherFinished), application(), "old")).hasValue(OLD_FINISHED);
    assertThat(JobObserver.locate(List.of(OLD_FINISHED), application(), "old")).hasValue(OLD_FINISHED);
  }

  @Test
  void withoutAKnownJobARunningOneComesFirstThenTheNewest() {
    assertThat(JobObserver.locate(List.of(OLD_FINISHED, NEW_RUNNING), application(), null)).hasValue(NEW_RUNNING);
    assertThat(JobObserver.locate(List.of(), application(), null)).isEmpty();
  }

  private static Declaration application() {
    DeclarationIdentity identity = new DeclarationIdentity(
        new ObjectRef("v1", "ConfigMap", "flink", "seq-runtime", "uid-1"), DeclarationKind.APPLICATION, "seq", "seq");
    JobDeclaration job = new JobDeclaration("seq", JobKind.APPLICATION, null, null, null, 2, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, null, null, null,
        null, null, null, null, null, null, null);
    return new Declaration(identity, job, new SavepointPolicy(Optional.empty(), 3, Optional.<Duration>empty()));
  }
}
