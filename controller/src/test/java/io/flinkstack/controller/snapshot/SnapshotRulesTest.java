package io.flinkstack.controller.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How a job's FlinkSnapshots follow the job's record, without Flink or Kubernetes. */
class SnapshotRulesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final RuntimeStatus EMPTY = RuntimeStatus.initial(null);

  @Test
  void aNewRequestIsMarkedPendingARecordedPathCompleted() {
    assertThat(SnapshotRules.updates(List.of(snapshot("new", s -> { }, null)), EMPTY, NOW)).containsExactly(
        new SnapshotUpdate.Status("new", FlinkSnapshotStatus.State.PENDING, null, null, null, null, null));
    assertThat(SnapshotRules.updates(List.of(snapshot("rec", s -> s.path = "file:/sp/1", null)), EMPTY, NOW)).containsExactly(
        new SnapshotUpdate.Status("rec", FlinkSnapshotStatus.State.COMPLETED, null, null, "file:/sp/1", NOW, null));
    assertThat(SnapshotRules.updates(List.of(snapshot("done", s -> s.path = "file:/sp/1", FlinkSnapshotStatus.State.COMPLETED)),
        EMPTY, NOW)).as("nothing twice").isEmpty();
  }

  @Test
  void aCheckpointIsRequestedLikeASavepointAndFollowsTheRecordOfItsOwnOperation() {
    FlinkSnapshot checkpoint = snapshot("cp", s -> s.type = FlinkSnapshotSpec.Type.CHECKPOINT, null);
    assertThat(SnapshotRules.updates(List.of(checkpoint), EMPTY, NOW)).containsExactly(
        new SnapshotUpdate.Status("cp", FlinkSnapshotStatus.State.PENDING, null, null, null, null, null));
    assertThat(SnapshotRules.requested(List.of(checkpoint), EMPTY)).containsSame(checkpoint);

    PendingOperation operation = new PendingOperation(OperationKind.CHECKPOINT, "t-c", "job-1", SavepointTrigger.CHECKPOINT, null,
        null, NOW.minusSeconds(3), null, "cp");
    RuntimeStatus inFlight = StatusEdit.of(EMPTY).pending(operation).build();
    assertThat(SnapshotRules.updates(List.of(checkpoint), inFlight, NOW)).containsExactly(
        new SnapshotUpdate.Status("cp", FlinkSnapshotStatus.State.IN_PROGRESS, "t-c", NOW.minusSeconds(3), null, null, null));
    assertThat(SnapshotRules.requested(List.of(checkpoint), inFlight)).as("not asked for twice").isEmpty();

    SavepointInfo taken = new SavepointInfo("file:/cp/job-1/chk-7", SavepointTrigger.CHECKPOINT, NOW.minusSeconds(3), "job-1", "t-c", "cp");
    RuntimeStatus recorded = StatusEdit.of(EMPTY).snapshotCompleted(taken).build();
    assertThat(recorded.lastSavepoint()).as("never the job's own").isNull();
    assertThat(SnapshotRules.updates(List.of(checkpoint), recorded, NOW)).containsExactly(new SnapshotUpdate.Status("cp",
        FlinkSnapshotStatus.State.COMPLETED, "t-c", NOW.minusSeconds(3), "file:/cp/job-1/chk-7", NOW, null));
    assertThat(SnapshotRules.requested(List.of(checkpoint), recorded)).isEmpty();

    FlinkSnapshot abandoned = snapshot("cp", s -> s.type = FlinkSnapshotSpec.Type.CHECKPOINT, FlinkSnapshotStatus.State.IN_PROGRESS);
    abandoned.getStatus().triggerId = "t-c";
    assertThat(SnapshotRules.updates(List.of(abandoned), EMPTY, NOW)).singleElement()
        .satisfies(update -> assertThat(((SnapshotUpdate.Status) update).error()).startsWith("checkpoint t-c ended without a path"));
  }

  @Test
  void aCheckpointIsNeverDisposedAndDisposeOnDeleteOnOneIsRefusedNamingTheField() {
    FlinkSnapshot disposable = snapshot("cp", s -> {
      s.type = FlinkSnapshotSpec.Type.CHECKPOINT;
      s.disposeOnDelete = true;
    }, null);
    assertThat(SnapshotRules.updates(List.of(disposable), EMPTY, NOW)).as("no finalizer, failed").singleElement().satisfies(update -> {
      SnapshotUpdate.Status status = (SnapshotUpdate.Status) update;
      assertThat(status.state()).isEqualTo(FlinkSnapshotStatus.State.FAILED);
      assertThat(status.error()).contains("spec.disposeOnDelete").contains("without disposeOnDelete");
    });
    assertThat(SnapshotRules.requested(List.of(disposable), EMPTY)).isEmpty();

    // One taken by a controller version without that refusal, then deleted: Flink's to delete, nothing disposed.
    FlinkSnapshot deleted = deleting(snapshot("cp", s -> {
      s.type = FlinkSnapshotSpec.Type.CHECKPOINT;
      s.disposeOnDelete = true;
    }, FlinkSnapshotStatus.State.COMPLETED));
    deleted.getStatus().path = "file:/cp/job-1/chk-7";
    SavepointInfo taken = new SavepointInfo("file:/cp/job-1/chk-7", SavepointTrigger.CHECKPOINT, NOW, "job-1", "t-c", "cp");
    RuntimeStatus recorded = StatusEdit.of(EMPTY).snapshotCompleted(taken).build();
    assertThat(SnapshotRules.toDispose(List.of(deleted), recorded)).isEmpty();
    assertThat(SnapshotRules.updates(List.of(deleted), recorded, NOW))
        .containsExactly(new SnapshotUpdate.RemoveFinalizer("cp", "a checkpoint is Flink's to delete"));
    assertThat(SnapshotRules.updates(List.of(), recorded, NOW)).as("gone: unlisted")
        .containsExactly(new SnapshotUpdate.ForgetSavepoint("cp", "file:/cp/job-1/chk-7"));
  }

  @Test
  void aCheckpointIsRefusedOnAFlinkVersionWithoutTheTriggerNamingTheVersion() {
    // flink-runtime 1.16.3 has no CheckpointTriggerRequestBody; 1.17.2 and later have it (checked in their jars).
    assertThat(SnapshotRules.checkpointRefusal("1.16.3", null)).hasValueSatisfying(why -> assertThat(why)
        .contains("Flink 1.16.3").contains("1.17").contains("spec.type savepoint"));
    assertThat(SnapshotRules.checkpointRefusal("1.16.3", "FULL")).isPresent();
    assertThat(SnapshotRules.checkpointRefusal("1.17.2", null)).isEmpty();
    assertThat(SnapshotRules.checkpointRefusal("1.20.3", "FULL")).isEmpty();
    assertThat(SnapshotRules.checkpointRefusal("2.3.0", "CONFIGURED")).isEmpty();
    assertThat(SnapshotRules.checkpointRefusal("<unknown>", null)).as("not known here: Flink answers").isEmpty();
  }

  @Test
  void anIncrementalCheckpointIsRefusedFromFlink119OnNamingTheFieldAndTheWayToOne() {
    // flink-runtime 1.19.3 and later refuse checkpointType INCREMENTAL in CheckpointTriggerHandler (FLINK-33723); 1.17.2
    // and 1.18.1 take it (checked in their jars; against their JobManagers by e2e's ControllerRestCheck).
    for (String version : List.of("1.19.3", "1.20.3", "2.0.2", "2.3.0")) {
      assertThat(SnapshotRules.checkpointRefusal(version, "INCREMENTAL")).as(version).hasValueSatisfying(why -> assertThat(why)
          .contains("spec.checkpointType incremental").contains("Flink " + version).contains("FLINK-33723")
          .contains("leave spec.checkpointType out").contains("execution.checkpointing.incremental"));
    }
    assertThat(SnapshotRules.checkpointRefusal("1.17.2", "INCREMENTAL")).isEmpty();
    assertThat(SnapshotRules.checkpointRefusal("1.18.1", "INCREMENTAL")).isEmpty();
    assertThat(SnapshotRules.checkpointRefusal("1.16.3", "INCREMENTAL")).as("no trigger at all: that refusal")
        .hasValueSatisfying(why -> assertThat(why).contains("spec.type savepoint"));
    assertThat(SnapshotRules.checkpointRefusal("<unknown>", "INCREMENTAL")).as("not known here: Flink answers").isEmpty();
  }


  @Test
  void theStatusFollowsTheRecordInFlightTakenOrEndedWithoutAPath() {
    FlinkSnapshot pending = snapshot("s", s -> { }, FlinkSnapshotStatus.State.PENDING);
    PendingOperation operation = new PendingOperation(OperationKind.SAVEPOINT, "t-1", "job-1", SavepointTrigger.SNAPSHOT, null, null,
        NOW.minusSeconds(5), null, "s");
    RuntimeStatus inFlight = StatusEdit.of(EMPTY).pending(operation).build();
    assertThat(SnapshotRules.updates(List.of(pending), inFlight, NOW)).containsExactly(
        new SnapshotUpdate.Status("s", FlinkSnapshotStatus.State.IN_PROGRESS, "t-1", NOW.minusSeconds(5), null, null, null));

    SavepointInfo savepoint = new SavepointInfo("file:/sp/s", SavepointTrigger.SNAPSHOT, NOW.minusSeconds(4), "job-1", "t-1", "s");
    RuntimeStatus taken = StatusEdit.of(EMPTY).snapshotCompleted(savepoint).build();
    assertThat(SnapshotRules.updates(List.of(pending), taken, NOW))
        .as("the controller stopped between recording the savepoint and writing the snapshot").containsExactly(
            new SnapshotUpdate.Status("s", FlinkSnapshotStatus.State.COMPLETED, "t-1", NOW.minusSeconds(4), "file:/sp/s", NOW, null));

    FlinkSnapshot inProgress = snapshot("s", s -> { }, FlinkSnapshotStatus.State.IN_PROGRESS);
    inProgress.getStatus().triggerId = "t-1";
    inProgress.getStatus().triggerTime = "2026-12-04T11:59:55Z";
    assertThat(SnapshotRules.updates(List.of(inProgress), EMPTY, NOW)).singleElement().satisfies(update -> {
      SnapshotUpdate.Status status = (SnapshotUpdate.Status) update;
      assertThat(status.state()).isEqualTo(FlinkSnapshotStatus.State.ABANDONED);
      assertThat(status.error()).contains("t-1").contains("lastError");
    });
    assertThat(SnapshotRules.requested(List.of(inProgress), EMPTY)).as("an abandoned one is not retried").isEmpty();
  }

  @Test
  void theFinalizerGoesOnWithDisposeOnDeleteAndComesOffWhenThereIsNothingToDispose() {
    assertThat(SnapshotRules.updates(List.of(snapshot("d", s -> s.disposeOnDelete = true, FlinkSnapshotStatus.State.PENDING)), EMPTY, NOW))
        .containsExactly(new SnapshotUpdate.AddFinalizer("d"));

    FlinkSnapshot deletedBeforeTaken = deleting(snapshot("d", s -> s.disposeOnDelete = true, FlinkSnapshotStatus.State.PENDING));
    assertThat(SnapshotRules.updates(List.of(deletedBeforeTaken), EMPTY, NOW))
        .containsExactly(new SnapshotUpdate.RemoveFinalizer("d", "no savepoint was written for it, so there is nothing to dispose"));

    FlinkSnapshot deletedTaken = deleting(snapshot("d", s -> s.disposeOnDelete = true, FlinkSnapshotStatus.State.COMPLETED));
    deletedTaken.getStatus().path = "file:/sp/d";
    assertThat(SnapshotRules.updates(List.of(deletedTaken), EMPTY, NOW)).as("its disposal holds the finalizer").isEmpty();
    assertThat(SnapshotRules.toDispose(List.of(deletedTaken), EMPTY)).hasValueSatisfying(savepoint -> {
      assertThat(savepoint.path()).isEqualTo("file:/sp/d");
      assertThat(savepoint.snapshot()).isEqualTo("d");
    });

    PendingOperation inFlight = new PendingOperation(OperationKind.SAVEPOINT, "t-2", "job-1", SavepointTrigger.SNAPSHOT, null, null,
        NOW, NOW, "d");
    FlinkSnapshot deletedInFlight = deleting(snapshot("d", s -> s.disposeOnDelete = true, FlinkSnapshotStatus.State.IN_PROGRESS));
    deletedInFlight.getStatus().triggerId = "t-2";
    assertThat(SnapshotRules.updates(List.of(deletedInFlight), StatusEdit.of(EMPTY).pending(inFlight).build(), NOW))
        .as("a savepoint in flight is finished first; its path is then disposed").isEmpty();
  }

  @Test
  void aSnapshotsSavepointIsUnlistedWhenTheSnapshotIsGoneAndOnlyThen() {
    SavepointInfo savepoint = new SavepointInfo("file:/sp/x", SavepointTrigger.SNAPSHOT, NOW, "job-1", "t-x", "x");
    RuntimeStatus listed = StatusEdit.of(EMPTY).snapshotCompleted(savepoint).build();
    assertThat(SnapshotRules.updates(List.of(), listed, NOW)).containsExactly(new SnapshotUpdate.ForgetSavepoint("x", "file:/sp/x"));
    FlinkSnapshot x = snapshot("x", s -> { }, FlinkSnapshotStatus.State.COMPLETED);
    x.getStatus().path = "file:/sp/x";
    assertThat(SnapshotRules.updates(List.of(x), listed, NOW)).isEmpty();
  }

  /**
   * The controller's own savepoints get a FlinkSnapshot each; one that left the history loses it; a FlinkSnapshot's own
   * savepoints, checkpoints, a final savepoint's object and someone else's object of the same name are left alone.
   */
  @Test
  void theControllersOwnSavepointsAreRecordedAsFlinkSnapshotsThatFollowTheHistory() {
    SavepointInfo periodic = new SavepointInfo("file:/sp/savepoint-1", SavepointTrigger.PERIODIC, NOW.minusSeconds(60), "job-1", "t-1");
    SavepointInfo upgrade = new SavepointInfo("file:/sp/savepoint-2", SavepointTrigger.UPGRADE, NOW, "job-1", "t-2");
    SavepointInfo asked = new SavepointInfo("file:/sp/savepoint-3", SavepointTrigger.SNAPSHOT, NOW, "job-1", "t-3", "mine");
    SavepointInfo checkpoint = new SavepointInfo("file:/cp/job-1/chk-4", SavepointTrigger.CHECKPOINT, NOW, "job-1", "t-4", "cp");
    RuntimeStatus taken = StatusEdit.of(EMPTY).savepointCompleted(periodic).savepointCompleted(upgrade).snapshotCompleted(asked)
        .snapshotCompleted(checkpoint).build();
    String periodicName = SnapshotRules.recordName("orders", periodic);
    String upgradeName = SnapshotRules.recordName("orders", upgrade);
    assertThat(periodicName).matches("orders-periodic-[0-9a-f]{10}");
    assertThat(upgradeName).matches("orders-upgrade-[0-9a-f]{10}");
    FlinkSnapshot mine = snapshot("mine", s -> { }, FlinkSnapshotStatus.State.COMPLETED);

    assertThat(SnapshotRules.records("orders", List.of(mine), taken, true)).containsExactly(
        new SnapshotUpdate.Record(periodicName, periodic), new SnapshotUpdate.Record(upgradeName, upgrade));

    // Recorded: nothing more, and nothing for the rules of the snapshots' own (the history does not name the records).
    FlinkSnapshot periodicRecord = record(periodicName, periodic);
    FlinkSnapshot upgradeRecord = record(upgradeName, upgrade);
    assertThat(SnapshotRules.records("orders", List.of(mine, periodicRecord, upgradeRecord), taken, true)).isEmpty();
    assertThat(SnapshotRules.updates(List.of(periodicRecord, upgradeRecord), StatusEdit.of(EMPTY).savepointCompleted(periodic)
        .savepointCompleted(upgrade).build(), NOW)).as("complete, nothing forgotten").isEmpty();

    // Deleted by hand while its savepoint is in the history: created again.
    assertThat(SnapshotRules.records("orders", List.of(mine, upgradeRecord), taken, true)).containsExactly(
        new SnapshotUpdate.Record(periodicName, periodic));

    // Disposed by the history's rules: the object goes too; one being deleted already is left to go.
    RuntimeStatus disposed = StatusEdit.of(taken).removeFromHistory(periodic.path()).build();
    assertThat(SnapshotRules.records("orders", List.of(mine, periodicRecord, upgradeRecord), disposed, true)).containsExactly(
        new SnapshotUpdate.Unrecord(periodicName, periodic.path()));
    periodicRecord.getMetadata().setDeletionTimestamp("2026-12-04T11:59:00Z");
    assertThat(SnapshotRules.records("orders", List.of(mine, periodicRecord, upgradeRecord), disposed, true)).isEmpty();

    // Not the controller's records: a final savepoint's object (no trigger label), someone's object with the name.
    FlinkSnapshot finalOne = record("orders-final-0123456789", periodic);
    finalOne.getMetadata().getLabels().remove(io.flinkstack.contract.Labels.SAVEPOINT_TRIGGER);
    FlinkSnapshot squatter = snapshot(upgradeName, s -> s.path = "file:/elsewhere", FlinkSnapshotStatus.State.COMPLETED);
    assertThat(SnapshotRules.records("orders", List.of(finalOne, squatter), StatusEdit.of(EMPTY).savepointCompleted(upgrade).build(),
        true)).isEmpty();
  }

  /**
   * With {@code --savepoint-snapshots} off (the default) no savepoint gets an object; those a controller created while it
   * was on still go once their savepoint left the history, and stay while it is in it.
   */
  @Test
  void offNoSavepointIsRecordedAndTheRecordsOfEarlierStillFollowTheHistory() {
    SavepointInfo periodic = new SavepointInfo("file:/sp/savepoint-1", SavepointTrigger.PERIODIC, NOW.minusSeconds(60), "job-1", "t-1");
    SavepointInfo upgrade = new SavepointInfo("file:/sp/savepoint-2", SavepointTrigger.UPGRADE, NOW, "job-1", "t-2");
    RuntimeStatus taken = StatusEdit.of(EMPTY).savepointCompleted(periodic).savepointCompleted(upgrade).build();
    assertThat(SnapshotRules.records("orders", List.of(), taken, false)).isEmpty();

    FlinkSnapshot periodicRecord = record(SnapshotRules.recordName("orders", periodic), periodic);
    RuntimeStatus disposed = StatusEdit.of(taken).removeFromHistory(periodic.path()).build();
    assertThat(SnapshotRules.records("orders", List.of(periodicRecord), taken, false)).isEmpty();
    assertThat(SnapshotRules.records("orders", List.of(periodicRecord), disposed, false)).containsExactly(
        new SnapshotUpdate.Unrecord(periodicRecord.getMetadata().getName(), periodic.path()));
  }


  /** A FlinkSnapshot as the controller creates one to record a savepoint of the history. */
  private static FlinkSnapshot record(String name, SavepointInfo savepoint) {
    FlinkSnapshot snapshot = snapshot(name, s -> s.path = savepoint.path(), FlinkSnapshotStatus.State.COMPLETED);
    snapshot.getMetadata().setLabels(new java.util.HashMap<>(java.util.Map.of(io.flinkstack.contract.Labels.MANAGED_BY,
        io.flinkstack.contract.Labels.MANAGED_BY_CONTROLLER, io.flinkstack.contract.Labels.SAVEPOINT_TRIGGER,
        SnapshotRules.triggerLabel(savepoint.trigger()))));
    snapshot.getStatus().path = savepoint.path();
    return snapshot;
  }

  private static FlinkSnapshot snapshot(String name, Consumer<FlinkSnapshotSpec> spec, FlinkSnapshotStatus.State state) {
    FlinkSnapshot snapshot = new FlinkSnapshot();
    snapshot.getMetadata().setName(name);
    snapshot.getMetadata().setNamespace("flink");
    snapshot.setSpec(new FlinkSnapshotSpec());
    snapshot.getSpec().job = "a";
    spec.accept(snapshot.getSpec());
    if (state != null) {
      snapshot.setStatus(new FlinkSnapshotStatus());
      snapshot.getStatus().state = state;
    }
    return snapshot;
  }

  /** Marked for deletion, held by the controller's finalizer. */
  private static FlinkSnapshot deleting(FlinkSnapshot snapshot) {
    snapshot.getMetadata().setFinalizers(List.of(FlinkSnapshot.DISPOSE_FINALIZER));
    snapshot.getMetadata().setDeletionTimestamp("2026-12-04T11:59:00Z");
    return snapshot;
  }
}
