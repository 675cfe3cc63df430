package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.JobKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.controller.flink.CheckpointStatistics;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.declaration.SavepointPolicy;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision rules, without Flink or Kubernetes. */
class SavepointDeciderTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final SavepointPolicy NO_PERIODIC = new SavepointPolicy(Optional.empty(), 10, Optional.empty());
  private static final SavepointPolicy HOURLY = new SavepointPolicy(Optional.of(Duration.ofHours(1)), 10, Optional.empty());

  @Test
  void aChangedNonceAsksForOneSavepointAnUnchangedOrRemovedOneForNone() {
    RuntimeStatus observedOne = RuntimeStatus.initial(1L);

    assertThat(decide(declaration(2L, NO_PERIODIC), observedOne, running(NOW.minusSeconds(60))))
        .isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.NONCE, 2L));
    assertThat(decide(declaration(1L, NO_PERIODIC), observedOne, running(NOW.minusSeconds(60))))
        .isInstanceOf(SavepointDecision.Idle.class);
    assertThat(decide(declaration(null, NO_PERIODIC), observedOne, running(NOW.minusSeconds(60))))
        .isInstanceOf(SavepointDecision.Idle.class);
    assertThat(decide(declaration(5L, NO_PERIODIC), RuntimeStatus.initial(null), running(NOW.minusSeconds(60))))
        .as("a nonce set for the first time on a known job is a request too")
        .isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.NONCE, 5L));
  }

  @Test
  void periodicSavepointsCountFromTheNewestSavepointOrTheJobsStartWhicheverIsLater() {
    Declaration hourly = declaration(null, HOURLY);
    RuntimeStatus none = RuntimeStatus.initial(null);

    assertThat(decide(hourly, none, running(NOW.minus(Duration.ofMinutes(61)))))
        .isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.PERIODIC, null));
    assertThat(decide(hourly, none, running(NOW.minus(Duration.ofMinutes(59))))).isInstanceOf(SavepointDecision.Idle.class);
    assertThat(decide(hourly, withSavepoints(none, savepoint("a", 30)), running(NOW.minus(Duration.ofHours(5)))))
        .isInstanceOf(SavepointDecision.Idle.class);
    assertThat(decide(hourly, withSavepoints(none, savepoint("a", 61)), running(NOW.minus(Duration.ofHours(5)))))
        .isInstanceOf(SavepointDecision.TakeSavepoint.class);
    assertThat(decide(hourly, withSavepoints(none, savepoint("a", 300)), running(NOW.minus(Duration.ofMinutes(10)))))
        .as("restored from an old savepoint ten minutes ago: not due yet")
        .isInstanceOf(SavepointDecision.Idle.class);
  }

  @Test
  void nothingButObservingWhileTheJobManagerDoesNotAnswerEvenWithWorkPending() {
    RuntimeStatus pending = StatusEdit.of(RuntimeStatus.initial(1L)).pending(savepointPending()).build();

    assertThat(decide(declaration(2L, HOURLY), pending, JobObservation.unreachable(NOW, "connection refused")))
        .isEqualTo(new SavepointDecision.ObserveOnly("connection refused"));
  }

  @Test
  void aPendingOperationIsFinishedBeforeAnythingElse() {
    PendingOperation operation = savepointPending();
    RuntimeStatus pending = StatusEdit.of(RuntimeStatus.initial(1L)).pending(operation).build();

    assertThat(decide(declaration(2L, HOURLY), pending, running(NOW.minus(Duration.ofHours(3)))))
        .isEqualTo(new SavepointDecision.ResumePending(operation));
  }

  @Test
  void noSavepointOfAJobThatIsNotRunningWithAllTasks() {
    JobObservation restarting = JobObservation.reachable(NOW, Optional.of(
        new ObservedJob("job-1", "job", JobState.RESTARTING, false, NOW.minus(Duration.ofHours(2)))));

    assertThat(decide(declaration(2L, HOURLY), RuntimeStatus.initial(1L), restarting))
        .isInstanceOfSatisfying(SavepointDecision.Idle.class, idle -> assertThat(idle.reason()).contains("not running"));
    assertThat(decide(declaration(2L, HOURLY), RuntimeStatus.initial(1L), JobObservation.reachable(NOW, Optional.empty())))
        .isInstanceOf(SavepointDecision.Idle.class);
  }

  @Test
  void afterAFailureTheNextAttemptWaitsForTheBackoff() {
    RuntimeStatus failing = StatusEdit.of(RuntimeStatus.initial(1L)).savepointBackoff(new Backoff(2, NOW.plusSeconds(20))).build();
    RuntimeStatus waitedEnough = StatusEdit.of(RuntimeStatus.initial(1L)).savepointBackoff(new Backoff(2, NOW.minusSeconds(1))).build();

    assertThat(decide(declaration(2L, NO_PERIODIC), failing, running(NOW.minusSeconds(600))))
        .isInstanceOfSatisfying(SavepointDecision.Idle.class, idle -> assertThat(idle.reason()).contains("backing off"));
    assertThat(decide(declaration(2L, NO_PERIODIC), waitedEnough, running(NOW.minusSeconds(600))))
        .isInstanceOf(SavepointDecision.TakeSavepoint.class);
  }

  @Test
  void theOldestSavepointsBeyondTheCountAreDisposedFirstAndARequestedSavepointComesBeforeThem() {
    SavepointPolicy keepTwo = new SavepointPolicy(Optional.empty(), 2, Optional.empty());
    RuntimeStatus three = withSavepoints(RuntimeStatus.initial(1L), savepoint("old", 30), savepoint("middle", 20), savepoint("new", 10));

    assertThat(decide(declaration(1L, keepTwo), three, running(NOW.minusSeconds(7200))))
        .isInstanceOfSatisfying(SavepointDecision.DisposeSavepoint.class,
            dispose -> assertThat(dispose.savepoint().path()).isEqualTo("file:/savepoints/old"));
    assertThat(decide(declaration(2L, keepTwo), three, running(NOW.minusSeconds(7200))))
        .isInstanceOf(SavepointDecision.TakeSavepoint.class);
    assertThat(decide(declaration(1L, keepTwo), three, JobObservation.reachable(NOW, Optional.empty())))
        .as("disposal needs no running job")
        .isInstanceOf(SavepointDecision.DisposeSavepoint.class);
    RuntimeStatus disposalFailing = StatusEdit.of(three).disposalBackoff(new Backoff(1, NOW.plusSeconds(5))).build();
    assertThat(decide(declaration(1L, keepTwo), disposalFailing, running(NOW.minusSeconds(7200)))).isInstanceOf(SavepointDecision.Idle.class);
  }

  @Test
  void savepointsOlderThanTheMaxAgeExpireButTheNewestNeverDoes() {
    SavepointPolicy oneHour = new SavepointPolicy(Optional.empty(), 10, Optional.of(Duration.ofHours(1)));
    List<SavepointInfo> history = List.of(savepoint("a", 300), savepoint("b", 200), savepoint("c", 30));

    assertThat(HistoryRetention.expired(history, history.get(2), oneHour, NOW))
        .extracting(expired -> expired.savepoint().path())
        .containsExactly("file:/savepoints/a", "file:/savepoints/b");
    assertThat(HistoryRetention.expired(List.of(savepoint("only", 600)), savepoint("only", 600), oneHour, NOW)).isEmpty();
  }

  @Test
  void backoffDoublesUpToItsCap() {
    Backoffs backoffs = new Backoffs(Duration.ofSeconds(10), Duration.ofSeconds(60));
    Backoff first = backoffs.next(null, NOW);
    Backoff second = backoffs.next(first, NOW);
    Backoff third = backoffs.next(second, NOW);
    Backoff tenth = first;
    for (int i = 1; i < 10; i++) {
      tenth = backoffs.next(tenth, NOW);
    }

    assertThat(first).isEqualTo(new Backoff(1, NOW.plusSeconds(10)));
    assertThat(second).isEqualTo(new Backoff(2, NOW.plusSeconds(20)));
    assertThat(third).isEqualTo(new Backoff(3, NOW.plusSeconds(40)));
    assertThat(tenth).isEqualTo(new Backoff(10, NOW.plusSeconds(60)));
  }

  @Test
  void flinksMissingSavepointCausesCountAsAlreadyDisposed() {
    assertThat(SavepointLifecycle.alreadyGone("java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory"))
        .isTrue();
    assertThat(SavepointLifecycle.alreadyGone("java.io.IOException: Permission denied")).isFalse();
  }

  @Test
  void aFlinkSnapshotAsksForOneSavepointAfterANonceAndBeforeAPeriodicOne() {
    FlinkSnapshot asking = snapshot("asking", 1, s -> { });
    FlinkSnapshot older = snapshot("older", 0, s -> { });
    RuntimeStatus observedOne = RuntimeStatus.initial(1L);
    JobObservation running = running(NOW.minus(Duration.ofHours(2)));

    assertThat(SavepointDecider.decide(declaration(1L, HOURLY), observedOne, running, List.of(older, asking), NOW))
        .as("the oldest snapshot first, ahead of an overdue periodic savepoint")
        .isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.SNAPSHOT, null, "older", null));
    assertThat(SavepointDecider.decide(declaration(2L, HOURLY), observedOne, running, List.of(asking), NOW))
        .as("a changed nonce goes first (it is the FlinkJob's own spec)")
        .isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.NONCE, 2L));
    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), observedOne,
        JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.RESTARTING, false, NOW))),
        List.of(asking), NOW))
        .as("waits for the job to run with all tasks").isInstanceOf(SavepointDecision.Idle.class);

    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), observedOne, running,
        List.of(snapshot("native", 0, s -> s.format = FlinkSnapshotSpec.Format.NATIVE)), NOW))
        .as("its spec.format, in Flink's spelling (formatType)")
        .isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.SNAPSHOT, null, "native", "NATIVE"));

    RuntimeStatus taken = StatusEdit.of(observedOne).snapshotCompleted(new SavepointInfo("file:/sp/older", SavepointTrigger.SNAPSHOT,
        NOW, "job-1", "t-older", "older")).build();
    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), taken, running, List.of(older), NOW))
        .as("its savepoint is in the record: not taken twice, even before its own status says so")
        .isInstanceOf(SavepointDecision.Idle.class);
    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), observedOne, running,
        List.of(snapshot("recorded", 0, s -> s.path = "file:/sp/x")), NOW))
        .as("a recorded path asks Flink for nothing").isInstanceOf(SavepointDecision.Idle.class);
  }

  @Test
  void aCheckpointSnapshotIsTakenInTheSnapshotsTurnAsACheckpointAndWaitsAsASavepointWould() {
    FlinkSnapshot checkpoint = snapshot("cp", 0, s -> s.type = FlinkSnapshotSpec.Type.CHECKPOINT);
    RuntimeStatus observedOne = RuntimeStatus.initial(1L);
    JobObservation running = running(NOW.minus(Duration.ofHours(2)));

    assertThat(SavepointDecider.decide(declaration(1L, HOURLY), observedOne, running, List.of(checkpoint), NOW))
        .as("ahead of an overdue periodic savepoint, as a snapshot's savepoint")
        .isEqualTo(new SavepointDecision.TakeCheckpoint("job-1", "cp", null));
    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), observedOne, running,
        List.of(snapshot("full", 0, s -> {
          s.type = FlinkSnapshotSpec.Type.CHECKPOINT;
          s.checkpointType = FlinkSnapshotSpec.CheckpointType.FULL;
        })), NOW))
        .as("its declared type, as Flink's REST API names it").isEqualTo(new SavepointDecision.TakeCheckpoint("job-1", "full", "FULL"));
    assertThat(SavepointDecider.decide(declaration(2L, NO_PERIODIC), observedOne, running, List.of(checkpoint), NOW))
        .as("a changed nonce still goes first").isEqualTo(new SavepointDecision.TakeSavepoint("job-1", SavepointTrigger.NONCE, 2L));
    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), observedOne,
        JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.RESTARTING, false, NOW))),
        List.of(checkpoint), NOW)).isInstanceOf(SavepointDecision.Idle.class);
    assertThat(SavepointDecider.decide(declaration(1L, NO_PERIODIC), StatusEdit.of(observedOne).pending(savepointPending()).build(),
        running, List.of(checkpoint), NOW)).as("another operation in flight first").isInstanceOf(SavepointDecision.ResumePending.class);
  }

  @Test
  void aCompletedCheckpointIsRecordedByItsPathAndOneWithoutAPathNamesTheSettingToFix() {
    CheckpointStatistics addressable = new CheckpointStatistics(2, "COMPLETED", false, "CHECKPOINT", Optional.of("file:/cp/j/chk-2"));
    assertThat(SavepointLifecycle.unusableCheckpoint(2, addressable)).isEmpty();
    assertThat(SavepointLifecycle.unusableCheckpoint(2, null)).as("not listed yet: looked at again").isEmpty();
    // The path Flink gives a checkpoint kept in the JobManager's memory (NonPersistentMetadataCheckpointStorageLocation).
    CheckpointStatistics inMemory = new CheckpointStatistics(3, "COMPLETED", false, "CHECKPOINT",
        Optional.of("<checkpoint-not-externally-addressable>"));
    assertThat(SavepointLifecycle.unusableCheckpoint(3, inMemory)).hasValueSatisfying(why ->
        assertThat(why).contains("checkpoint 3").contains("execution.checkpointing.dir"));
  }

  @Test
  void aDeletedFlinkSnapshotWithDisposeOnDeleteHasItsSavepointDisposedBeforeExpiredOnes() {
    SavepointInfo taken = new SavepointInfo("file:/sp/mine", SavepointTrigger.SNAPSHOT, NOW.minusSeconds(600), "job-1", "t-mine", "mine");
    RuntimeStatus status = withSavepoints(StatusEdit.of(RuntimeStatus.initial(null)).snapshotCompleted(taken).build(),
        savepoint("a", 300), savepoint("b", 200), savepoint("c", 100));
    Declaration keepTwo = new Declaration(declaration(null, NO_PERIODIC).identity(), declaration(null, NO_PERIODIC).job(),
        new SavepointPolicy(Optional.empty(), 2, Optional.empty()));
    FlinkSnapshot deleted = snapshot("mine", 0, s -> s.disposeOnDelete = true);
    deleted.getMetadata().setDeletionTimestamp("2026-11-20T11:59:00Z");
    deleted.getMetadata().setFinalizers(List.of(FlinkSnapshot.DISPOSE_FINALIZER));

    assertThat(SavepointDecider.decide(keepTwo, status, running(NOW.minusSeconds(60)), List.of(deleted), NOW))
        .isEqualTo(new SavepointDecision.DisposeSavepoint(taken, "FlinkSnapshot mine was deleted with disposeOnDelete", "mine"));
    assertThat(SavepointDecider.decide(keepTwo, status, running(NOW.minusSeconds(60)), List.of(), NOW))
        .as("the history's rules neither count nor expire a FlinkSnapshot's savepoint: only 'a' is over the count of 2")
        .isEqualTo(new SavepointDecision.DisposeSavepoint(savepoint("a", 300), "more than savepointHistoryMaxCount 2 savepoints"));
    RuntimeStatus onlyMine = StatusEdit.of(RuntimeStatus.initial(null)).snapshotCompleted(taken).build();
    assertThat(SavepointDecider.decide(keepTwo, onlyMine, running(NOW.minusSeconds(60)), List.of(snapshot("mine", 0, s -> { })), NOW))
        .isInstanceOf(SavepointDecision.Idle.class);
  }

  private static FlinkSnapshot snapshot(String name, int createdSecond, java.util.function.Consumer<FlinkSnapshotSpec> spec) {
    FlinkSnapshot snapshot = new FlinkSnapshot();
    snapshot.getMetadata().setName(name);
    snapshot.getMetadata().setNamespace("flink");
    snapshot.getMetadata().setCreationTimestamp("2026-11-20T10:00:0" + createdSecond + "Z");
    snapshot.setSpec(new FlinkSnapshotSpec());
    snapshot.getSpec().job = "a";
    spec.accept(snapshot.getSpec());
    return snapshot;
  }

  private static SavepointDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation) {
    return SavepointDecider.decide(declaration, status, observation, NOW);
  }

  private static JobObservation running(Instant startedAt) {
    return JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.RUNNING, true, startedAt)));
  }

  private static Declaration declaration(Long nonce, SavepointPolicy policy) {
    DeclarationIdentity identity = new DeclarationIdentity(
        new ObjectRef("v1", "ConfigMap", "flink", "a-runtime", "uid-1"), DeclarationKind.APPLICATION, "a", "a");
    JobDeclaration job = new JobDeclaration("a", JobKind.APPLICATION, null, null, null, 2, UpgradeMode.SAVEPOINT, DesiredState.RUNNING, nonce, null, null,
        null, null, null, null, null, null, null);
    return new Declaration(identity, job, policy);
  }

  private static SavepointInfo savepoint(String name, int minutesAgo) {
    return new SavepointInfo("file:/savepoints/" + name, SavepointTrigger.PERIODIC, NOW.minus(Duration.ofMinutes(minutesAgo)), "job-1", "t-" + name);
  }

  private static RuntimeStatus withSavepoints(RuntimeStatus status, SavepointInfo... oldestFirst) {
    StatusEdit edit = StatusEdit.of(status);
    for (SavepointInfo savepoint : oldestFirst) {
      edit.savepointCompleted(savepoint);
    }
    return edit.build();
  }

  private static PendingOperation savepointPending() {
    return new PendingOperation(OperationKind.SAVEPOINT, "trigger-1", "job-1", SavepointTrigger.NONCE, 2L, null, NOW.minusSeconds(5), null);
  }
}
