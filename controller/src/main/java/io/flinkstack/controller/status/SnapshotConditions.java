package io.flinkstack.controller.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A FlinkSnapshot's {@code Ready}, {@code Reconciling} and {@code Stalled} conditions, from its state (pure), in the
 * same kstatus conventions as {@link JobConditions}: {@code kubectl wait --for=condition=Ready flinksnapshot/x} returns
 * once the savepoint is written; a failed or abandoned one is Stalled (another FlinkSnapshot is the way to try again).
 */
public final class SnapshotConditions {
  private SnapshotConditions() {}

  public static List<Condition> of(FlinkSnapshotStatus status, Long generation, List<Condition> previous, Instant now) {
    FlinkSnapshotStatus.State state = status.state;
    boolean ready = state == FlinkSnapshotStatus.State.COMPLETED;
    boolean stalled = state == FlinkSnapshotStatus.State.FAILED || state == FlinkSnapshotStatus.State.ABANDONED;
    String reason;
    String message;
    if (state == null || state == FlinkSnapshotStatus.State.PENDING) {
      reason = "Pending";
      message = "waiting for the job to run with all tasks and nothing else in flight";
    } else if (state == FlinkSnapshotStatus.State.IN_PROGRESS) {
      reason = "InProgress";
      message = "savepoint " + status.triggerId + " in progress";
    } else if (ready) {
      reason = "Completed";
      message = "savepoint at " + status.path;
    } else {
      reason = state == FlinkSnapshotStatus.State.FAILED ? "Failed" : "Abandoned";
      message = Objects.toString(status.error, reason.toLowerCase(java.util.Locale.ROOT));
    }
    return List.of(
        JobConditions.condition(FlinkJobStatus.READY, ready, reason, message, generation, previous, now),
        JobConditions.condition(FlinkJobStatus.RECONCILING, !ready && !stalled, reason, !ready && !stalled ? message : "",
            generation, previous, now),
        JobConditions.condition(FlinkJobStatus.STALLED, stalled, reason, stalled ? message : "", generation, previous, now));
  }
}
