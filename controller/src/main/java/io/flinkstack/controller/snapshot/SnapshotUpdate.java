package io.flinkstack.controller.snapshot;

import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import java.time.Instant;

/** A change {@link SnapshotRules#updates} finds due, to one FlinkSnapshot or to the job's record of it. */
public sealed interface SnapshotUpdate {

  /** The FlinkSnapshot's name. */
  String snapshot();

  /**
   * Its status becomes {@code state} with these fields (null: none).
   *
   * @param triggerTime when Flink was asked; {@code resultTime} when it ended
   */
  record Status(String snapshot, FlinkSnapshotStatus.State state, String triggerId, Instant triggerTime, String path,
      Instant resultTime, String error) implements SnapshotUpdate {}

  /** It asks for its savepoint to be disposed with it: the controller's finalizer goes on. */
  record AddFinalizer(String snapshot) implements SnapshotUpdate {}

  /** It is being deleted and nothing is (or can be) disposed for it: the controller's finalizer comes off. */
  record RemoveFinalizer(String snapshot, String why) implements SnapshotUpdate {}

  /** Its savepoint is in the job's history but the FlinkSnapshot is gone: the entry goes (nothing is disposed). */
  record ForgetSavepoint(String snapshot, String path) implements SnapshotUpdate {}

  /**
   * A savepoint the controller took itself is in the job's history without a FlinkSnapshot: one is created to record
   * it ({@code spec.path}, status completed).
   */
  record Record(String snapshot, SavepointInfo savepoint) implements SnapshotUpdate {}

  /**
   * A FlinkSnapshot the controller created to record a savepoint of the history, whose savepoint left the history
   * (the history's rules disposed it): the object goes too.
   */
  record Unrecord(String snapshot, String path) implements SnapshotUpdate {}
}
