package io.flinkstack.controller.snapshot;

import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a job's FlinkSnapshots ask of the controller, from the snapshots and the job's record alone (pure: the caller
 * passes the time). The job's record is the source of truth: a savepoint a snapshot asked for is written ahead there
 * as the pending operation (naming the snapshot), and lands in the job's savepoint history (naming it too) when
 * Flink completed it. A snapshot's own status follows the record, so a controller that stopped between the two
 * writes puts the snapshot right on its next pass instead of asking Flink again.
 */
public final class SnapshotRules {
  private SnapshotRules() {}

  /** The first Flink version with {@code POST /jobs/:jobid/checkpoints} (FLINK-27101; flink-runtime 1.16.3 lacks it). */
  static final FlinkVersion FIRST_WITH_CHECKPOINT_TRIGGER = FlinkVersion.V1_17;
  /**
   * The first Flink version whose JobManager refuses {@code checkpointType: INCREMENTAL} (FLINK-33723: flink-runtime
   * 1.19.3's {@code CheckpointHandlers.CheckpointTriggerHandler} throws "Flink does not support triggering incremental
   * checkpoint explicitly", an HTTP 500; 1.17.2 and 1.18.1 take it as a regular checkpoint, {@code CheckpointCoordinator}
   * mapping it to {@code CheckpointType.CHECKPOINT}).
   */
  static final FlinkVersion FIRST_REFUSING_INCREMENTAL_TRIGGER = FlinkVersion.V1_19;

  /** Why a checkpoint snapshot with {@code disposeOnDelete} is refused (see the controller README, "FlinkSnapshots"). */
  static final String CHECKPOINT_NOT_DISPOSABLE = "spec.disposeOnDelete is for savepoints: Flink owns checkpoints and"
      + " deletes them itself (state.checkpoints.num-retained); create the FlinkSnapshot without disposeOnDelete, or with"
      + " spec.type savepoint to have the controller dispose it";

  /** What is due to bring each snapshot, and the job's history of snapshot savepoints, in step with the record. */
  public static List<SnapshotUpdate> updates(List<FlinkSnapshot> snapshots, RuntimeStatus status, Instant now) {
    List<SnapshotUpdate> updates = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (FlinkSnapshot snapshot : snapshots) {
      String name = snapshot.getMetadata().getName();
      names.add(name);
      FlinkSnapshotStatus.State state = state(snapshot);
      Optional<PendingOperation> taking = pendingSavepoint(status, name);
      Optional<SavepointInfo> taken = inHistory(status, name);
      boolean deleting = deleting(snapshot);
      // Nothing is disposed for a checkpoint (Flink owns it), so nothing holds its deletion.
      if (!deleting && disposeOnDelete(snapshot) && !isCheckpoint(snapshot) && !hasFinalizer(snapshot)) {
        updates.add(new SnapshotUpdate.AddFinalizer(name));
      }
      Optional<SnapshotUpdate> statusUpdate = statusUpdate(snapshot, state, taking, taken, deleting, now);
      statusUpdate.ifPresent(updates::add);
      FlinkSnapshotStatus.State next = statusUpdate.map(u -> ((SnapshotUpdate.Status) u).state()).orElse(state);
      if (deleting && hasFinalizer(snapshot) && taking.isEmpty() && pendingDisposal(status, name).isEmpty()
          && !(next == FlinkSnapshotStatus.State.COMPLETED && disposeOnDelete(snapshot) && !isCheckpoint(snapshot)
              && path(snapshot, taken) != null)) {
        updates.add(new SnapshotUpdate.RemoveFinalizer(name, isCheckpoint(snapshot) ? "a checkpoint is Flink's to delete"
            : disposeOnDelete(snapshot) ? "no savepoint was written for it, so there is nothing to dispose" : "disposeOnDelete is not set"));
      }
    }
    for (SavepointInfo savepoint : status.savepointHistory()) {
      if (savepoint.snapshot() != null && !names.contains(savepoint.snapshot())) {
        updates.add(new SnapshotUpdate.ForgetSavepoint(savepoint.snapshot(), savepoint.path()));
      }
    }
    return updates;
  }

  private static Optional<SnapshotUpdate> statusUpdate(FlinkSnapshot snapshot, FlinkSnapshotStatus.State state,
      Optional<PendingOperation> taking, Optional<SavepointInfo> taken, boolean deleting, Instant now) {
    String name = snapshot.getMetadata().getName();
    FlinkSnapshotSpec spec = snapshot.getSpec();
    FlinkSnapshotStatus current = snapshot.getStatus();
    if (spec.path != null) {
      return state == FlinkSnapshotStatus.State.COMPLETED ? Optional.empty()
          : Optional.of(new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.COMPLETED, null, null, spec.path, now, null));
    }
    if (isCheckpoint(snapshot) && disposeOnDelete(snapshot) && taking.isEmpty() && taken.isEmpty()) {
      return state == FlinkSnapshotStatus.State.FAILED ? Optional.empty()
          : Optional.of(new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.FAILED, null, null, null, now,
              CHECKPOINT_NOT_DISPOSABLE));
    }
    if (taken.isPresent()) {
      SavepointInfo savepoint = taken.get();
      return state == FlinkSnapshotStatus.State.COMPLETED && savepoint.path().equals(current.path) ? Optional.empty()
          : Optional.of(new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.COMPLETED, savepoint.triggerId(),
              savepoint.time(), savepoint.path(), now, null));
    }
    if (taking.isPresent()) {
      PendingOperation operation = taking.get();
      return state == FlinkSnapshotStatus.State.IN_PROGRESS && Objects.equals(operation.triggerId(), current.triggerId)
          ? Optional.empty()
          : Optional.of(new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.IN_PROGRESS, operation.triggerId(),
              Optional.ofNullable(operation.triggeredAt()).orElse(operation.startedAt()), null, null, null));
    }
    if (state == FlinkSnapshotStatus.State.IN_PROGRESS) {
      // Recorded as taken, but the record has neither the operation nor its savepoint: it ended without a path, and
      // the controller stopped before saying so here. The job's lastError and Events tell how it ended.
      return Optional.of(new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.ABANDONED, current.triggerId,
          parse(current.triggerTime), null, now, noun(snapshot) + " " + current.triggerId + " ended without a path (see the"
          + " FlinkJob's status.runtime.lastError and its Events); create another FlinkSnapshot to try again"));
    }
    if (state == null && !deleting) {
      return Optional.of(new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.PENDING, null, null, null, null, null));
    }
    return Optional.empty();
  }

  /**
   * The FlinkSnapshots that record the savepoints the controller took itself (periodic, nonce, upgrade, suspend,
   * rescale), so that {@code kubectl get flinksnapshots} lists every savepoint of the job, as the Apache operator's
   * FlinkStateSnapshots do. The job's history stays the truth and the objects follow it: a savepoint in the history
   * without its object gets one ({@link SnapshotUpdate.Record}, named by {@link #recordName}); an object whose savepoint
   * left the history (the history's count and age rules disposed it) goes ({@link SnapshotUpdate.Unrecord}). The history
   * is not written for it (its entries do not name these objects), so listing a savepoint costs the API server the
   * object's create and status write only; an object deleted by hand is created again while its savepoint is in the
   * history. Derived from the record alone, so a controller that stopped between a disposal and the delete finds the
   * same step due again.
   *
   * @param job the FlinkJob's name, which the objects' names start with
   * @param create whether savepoints get new objects (the controller's {@code --savepoint-snapshots}); off, the
   *     objects a controller created while it was on still go once their savepoint left the history
   */
  public static List<SnapshotUpdate> records(String job, List<FlinkSnapshot> snapshots, RuntimeStatus status, boolean create) {
    List<SnapshotUpdate> updates = new ArrayList<>();
    Set<String> historyPaths = new HashSet<>();
    status.savepointHistory().forEach(savepoint -> historyPaths.add(savepoint.path()));
    if (create) { // off: no new objects; those made while it was on still go below
      for (SavepointInfo savepoint : status.savepointHistory()) {
        if (savepoint.snapshot() != null || savepoint.trigger() == SavepointTrigger.SNAPSHOT
            || savepoint.trigger() == SavepointTrigger.CHECKPOINT) {
          continue; // a FlinkSnapshot's own
        }
        String name = recordName(job, savepoint);
        // An object of that name is the record (or someone else's, which is left alone: the savepoint stays in the history).
        if (snapshots.stream().noneMatch(snapshot -> snapshot.getMetadata().getName().equals(name))) {
          updates.add(new SnapshotUpdate.Record(name, savepoint));
        }
      }
    }
    for (FlinkSnapshot snapshot : snapshots) {
      if (isRecord(snapshot) && !deleting(snapshot) && !historyPaths.contains(snapshot.getSpec().path)) {
        updates.add(new SnapshotUpdate.Unrecord(snapshot.getMetadata().getName(), snapshot.getSpec().path));
      }
    }
    return updates;
  }

  /**
   * {@code <job>-<trigger>-<the first 10 hex digits of the path's SHA-256>}, e.g. {@code orders-periodic-1a2b3c4d5e}: the
   * same for the same savepoint whichever controller creates it, and a valid object name (the trigger's underscores
   * become dashes).
   */
  public static String recordName(String job, SavepointInfo savepoint) {
    return job + "-" + triggerLabel(savepoint.trigger()) + "-" + io.flinkstack.controller.hashing.Sha256.hex(savepoint.path()).substring(0, 10);
  }

  /** The value of {@link io.flinkstack.contract.Labels#SAVEPOINT_TRIGGER}: the trigger in lower case, dashes for underscores. */
  public static String triggerLabel(SavepointTrigger trigger) {
    return trigger.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** A FlinkSnapshot the controller created to record a savepoint of the history ({@link #records}). */
  static boolean isRecord(FlinkSnapshot snapshot) {
    Map<String, String> labels = snapshot.getMetadata().getLabels();
    return labels != null && labels.containsKey(io.flinkstack.contract.Labels.SAVEPOINT_TRIGGER)
        && io.flinkstack.contract.Labels.MANAGED_BY_CONTROLLER.equals(labels.get(io.flinkstack.contract.Labels.MANAGED_BY))
        && snapshot.getSpec() != null && snapshot.getSpec().path != null;
  }

  /**
   * The oldest snapshot that asks for a savepoint or a checkpoint now (not being deleted, no path of its own, not
   * refused, not yet taken).
   */
  public static Optional<FlinkSnapshot> requested(List<FlinkSnapshot> snapshots, RuntimeStatus status) {
    return snapshots.stream()
        .filter(snapshot -> !deleting(snapshot) && snapshot.getSpec().path == null
            && !(isCheckpoint(snapshot) && disposeOnDelete(snapshot)))
        .filter(snapshot -> {
          FlinkSnapshotStatus.State state = state(snapshot);
          return state == null || state == FlinkSnapshotStatus.State.PENDING;
        })
        .filter(snapshot -> inHistory(status, snapshot.getMetadata().getName()).isEmpty()
            && pendingSavepoint(status, snapshot.getMetadata().getName()).isEmpty())
        .findFirst();
  }

  /**
   * The oldest snapshot being deleted whose savepoint is to be disposed first: it has the controller's finalizer,
   * {@code disposeOnDelete}, and a completed path.
   */
  public static Optional<SavepointInfo> toDispose(List<FlinkSnapshot> snapshots, RuntimeStatus status) {
    for (FlinkSnapshot snapshot : snapshots) {
      String name = snapshot.getMetadata().getName();
      Optional<SavepointInfo> taken = inHistory(status, name);
      String path = path(snapshot, taken);
      if (deleting(snapshot) && hasFinalizer(snapshot) && disposeOnDelete(snapshot) && !isCheckpoint(snapshot) && path != null
          && (taken.isPresent() || state(snapshot) == FlinkSnapshotStatus.State.COMPLETED)) {
        return Optional.of(taken.orElseGet(() -> new SavepointInfo(path, SavepointTrigger.SNAPSHOT,
            parse(snapshot.getStatus().triggerTime), null, snapshot.getStatus().triggerId, name)));
      }
    }
    return Optional.empty();
  }

  /**
   * A savepoint snapshot's {@code spec.format} as Flink's REST API names it ({@code formatType}: {@code CANONICAL},
   * {@code NATIVE}); null when not declared (Flink's default, canonical).
   */
  public static String savepointFormat(FlinkSnapshot snapshot) {
    return snapshot.getSpec().format == null ? null : snapshot.getSpec().format.name();
  }

  /**
   * A checkpoint snapshot's {@code spec.checkpointType} as Flink's REST API names it ({@code checkpointType}:
   * {@code CONFIGURED}, {@code FULL}, {@code INCREMENTAL}); null when not declared (configured).
   */
  public static String checkpointType(FlinkSnapshot snapshot) {
    return snapshot.getSpec().checkpointType == null ? null : snapshot.getSpec().checkpointType.name();
  }

  /** A snapshot of {@code spec.type: checkpoint}. */
  public static boolean isCheckpoint(FlinkSnapshot snapshot) {
    return snapshot.getSpec().type == FlinkSnapshotSpec.Type.CHECKPOINT;
  }

  /**
   * Why a cluster running {@code flinkVersion} (as its JobManager reports it in {@code GET /overview}) cannot take a
   * checkpoint snapshot of {@code checkpointType} (Flink's name, null for configured), if it cannot; a version this
   * controller does not know is tried (Flink then answers). Before 1.17 there is no checkpoint trigger; from 1.19 on
   * Flink refuses an incremental one, so the refusal names {@code spec.checkpointType} and the way to an incremental
   * checkpoint there: the configured type on a state backend with incremental checkpoints.
   */
  public static Optional<String> checkpointRefusal(String flinkVersion, String checkpointType) {
    Optional<FlinkVersion> version = FlinkVersion.parse(flinkVersion);
    if (version.filter(known -> !known.isAtLeast(FIRST_WITH_CHECKPOINT_TRIGGER)).isPresent()) {
      return Optional.of("spec.type checkpoint needs Flink " + FIRST_WITH_CHECKPOINT_TRIGGER + " or later (POST"
          + " /jobs/:jobid/checkpoints, FLINK-27101), but the job's cluster runs Flink " + flinkVersion
          + "; create a FlinkSnapshot with spec.type savepoint, or upgrade the cluster's Flink version");
    }
    if (FlinkSnapshotSpec.CheckpointType.INCREMENTAL.name().equals(checkpointType)
        && version.filter(known -> known.isAtLeast(FIRST_REFUSING_INCREMENTAL_TRIGGER)).isPresent()) {
      return Optional.of("spec.checkpointType incremental is refused by Flink " + FIRST_REFUSING_INCREMENTAL_TRIGGER
          + " and later (FLINK-33723: it does not trigger incremental checkpoints on request), and the job's cluster runs"
          + " Flink " + flinkVersion + "; leave spec.checkpointType out (configured): the checkpoint is then incremental"
          + " when the cluster's state backend is (RocksDB with execution.checkpointing.incremental: true)");
    }
    return Optional.empty();
  }

  private static String noun(FlinkSnapshot snapshot) {
    return isCheckpoint(snapshot) ? "checkpoint" : "savepoint";
  }

  static FlinkSnapshotStatus.State state(FlinkSnapshot snapshot) {
    return snapshot.getStatus() == null ? null : snapshot.getStatus().state;
  }

  static boolean deleting(FlinkSnapshot snapshot) {
    return snapshot.getMetadata().getDeletionTimestamp() != null;
  }

  static boolean hasFinalizer(FlinkSnapshot snapshot) {
    return io.flinkstack.controller.kubernetes.Finalizers.has(snapshot, FlinkSnapshot.DISPOSE_FINALIZER);
  }

  private static boolean disposeOnDelete(FlinkSnapshot snapshot) {
    return Boolean.TRUE.equals(snapshot.getSpec().disposeOnDelete);
  }

  /** The savepoint's path: from the record, the snapshot's status, or (a recorded savepoint) its spec. */
  private static String path(FlinkSnapshot snapshot, Optional<SavepointInfo> taken) {
    if (taken.isPresent()) {
      return taken.get().path();
    }
    if (snapshot.getStatus() != null && snapshot.getStatus().path != null) {
      return snapshot.getStatus().path;
    }
    return snapshot.getSpec().path;
  }

  private static Optional<PendingOperation> pendingSavepoint(RuntimeStatus status, String snapshot) {
    return Optional.ofNullable(status.pendingOperation())
        .filter(operation -> (operation.kind() == OperationKind.SAVEPOINT || operation.kind() == OperationKind.CHECKPOINT)
            && snapshot.equals(operation.snapshot()));
  }

  private static Optional<PendingOperation> pendingDisposal(RuntimeStatus status, String snapshot) {
    return Optional.ofNullable(status.pendingOperation())
        .filter(operation -> operation.kind() == OperationKind.SAVEPOINT_DISPOSAL && snapshot.equals(operation.snapshot()));
  }

  private static Optional<SavepointInfo> inHistory(RuntimeStatus status, String snapshot) {
    return status.savepointHistory().stream().filter(savepoint -> snapshot.equals(savepoint.snapshot())).findFirst();
  }

  private static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }
}
