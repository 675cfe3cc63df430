package io.flinkstack.controller.snapshot;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.kubernetes.Finalizers;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGatewayException;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.status.SnapshotConditions;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.step.Pass;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what {@link SnapshotRules} finds due: FlinkSnapshot statuses (with their conditions), the controller's
 * finalizer, and, when {@code savepointSnapshots} is on, the FlinkSnapshots that record the savepoints the controller
 * took itself ({@link SnapshotRules#records}). Every write is of the object as read, with its resource version,
 * through the status subresource for the status. A write that fails (a race, a missing right) is logged and left: the
 * job's record is the truth, and the next pass finds the same update due again, so no snapshot write ever stops a
 * savepoint or a disposal of the job.
 */
public final class SnapshotKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotKeeper.class);
  private static final KubernetesSerialization COPIES = new KubernetesSerialization();

  private final KubernetesGateway kubernetes;
  private final EventRecorder events;
  private final Clock clock;
  private final boolean savepointSnapshots;

  /**
   * @param savepointSnapshots whether the savepoints the controller took itself get a FlinkSnapshot each (off: none is
   *     created, and those a controller created while it was on still go once their savepoint left the history)
   */
  public SnapshotKeeper(KubernetesGateway kubernetes, EventRecorder events, Clock clock, boolean savepointSnapshots) {
    this.kubernetes = kubernetes;
    this.events = events;
    this.clock = clock;
    this.savepointSnapshots = savepointSnapshots;
  }

  /** The FlinkSnapshots of a job, oldest first. */
  public List<FlinkSnapshot> read(String namespace, String job) {
    return kubernetes.flinkSnapshots(namespace, job);
  }

  /** Brings the pass's snapshots, and the job's history of their savepoints, in step with the job's record. */
  public void sync(Pass pass) {
    for (SnapshotUpdate update : SnapshotRules.updates(pass.snapshots(), pass.status(), clock.instant())) {
      if (update instanceof SnapshotUpdate.Status status) {
        write(pass, status);
      } else if (update instanceof SnapshotUpdate.AddFinalizer add) {
        finalizer(pass, add.snapshot(), true);
      } else if (update instanceof SnapshotUpdate.RemoveFinalizer remove) {
        LOG.info("{}: FlinkSnapshot {} is deleted, {}", pass, remove.snapshot(), remove.why());
        finalizer(pass, remove.snapshot(), false);
        Optional.ofNullable(findIn(pass.status().savepointHistory(), remove.snapshot()))
            .ifPresent(path -> pass.write(StatusEdit.of(pass.status()).removeFromHistory(path)));
      } else if (update instanceof SnapshotUpdate.ForgetSavepoint forget) {
        // Deleted without disposeOnDelete: the savepoint stays where it is, the job just stops listing it.
        LOG.info("{}: FlinkSnapshot {} is gone; its savepoint {} is kept but no longer listed", pass, forget.snapshot(), forget.path());
        pass.write(StatusEdit.of(pass.status()).removeFromHistory(forget.path()));
      }
    }
    syncRecords(pass);
  }

  /**
   * Brings the FlinkSnapshots recording the controller's own savepoints in step with the job's history ({@link
   * SnapshotRules#records}). Also run at the end of a pass, so that a savepoint completed or disposed in it is listed or
   * unlisted then, not only at the job's next pass.
   */
  public void syncRecords(Pass pass) {
    for (SnapshotUpdate update : SnapshotRules.records(pass.ref().name(), pass.snapshots(), pass.status(), savepointSnapshots)) {
      try {
        if (update instanceof SnapshotUpdate.Record record) {
          ObjectRef job = pass.ref();
          FlinkSnapshot created = createRecord(kubernetes, clock, job.namespace(), job.name(), record.snapshot(), record.savepoint(),
              Map.of(Labels.SAVEPOINT_TRIGGER, SnapshotRules.triggerLabel(record.savepoint().trigger())), job);
          pass.snapshotWritten(record.snapshot(), created);
        } else if (update instanceof SnapshotUpdate.Unrecord unrecord) {
          LOG.info("{}: savepoint {} left the history; FlinkSnapshot {} that recorded it goes too", pass, unrecord.path(), unrecord.snapshot());
          kubernetes.deleteFlinkSnapshot(pass.ref().namespace(), unrecord.snapshot());
          pass.snapshotWritten(unrecord.snapshot(), null);
        }
      } catch (KubernetesGatewayException e) {
        LOG.warn("{}: could not bring FlinkSnapshot {} in step with the savepoint history ({}); the next pass tries again: {}", pass,
            update.snapshot(), update.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  /**
   * Creates a FlinkSnapshot that records {@code savepoint} ({@code spec.path}: nothing is taken for it) and writes its
   * status completed with the savepoint's trigger id and time. The status write is best effort: the spec holds the path
   * either way, and the next pass completes the status from it.
   *
   * @param labels besides the controller's ({@link Labels#MANAGED_BY}, {@link Labels#FLINK_JOB})
   * @param owner the FlinkJob whose history the savepoint is in: Kubernetes' garbage collector deletes the object with
   *     it; null for one that outlives the job (its final savepoint)
   * @return what the API server stored
   */
  public static FlinkSnapshot createRecord(KubernetesGateway kubernetes, Clock clock, String namespace, String job, String name,
      SavepointInfo savepoint, Map<String, String> labels, ObjectRef owner) {
    FlinkSnapshot snapshot = new FlinkSnapshot();
    snapshot.getMetadata().setName(name);
    snapshot.getMetadata().setNamespace(namespace);
    Map<String, String> all = new java.util.TreeMap<>(labels);
    all.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CONTROLLER);
    all.put(Labels.FLINK_JOB, job);
    snapshot.getMetadata().setLabels(all);
    if (owner != null) {
      snapshot.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
          .withApiVersion(owner.apiVersion()).withKind(owner.kind()).withName(owner.name()).withUid(owner.uid()).build()));
    }
    snapshot.setSpec(new FlinkSnapshotSpec());
    snapshot.getSpec().job = job;
    snapshot.getSpec().path = savepoint.path();
    FlinkSnapshot created = kubernetes.createFlinkSnapshot(snapshot);
    SnapshotUpdate.Status completed = new SnapshotUpdate.Status(name, FlinkSnapshotStatus.State.COMPLETED,
        savepoint.triggerId(), savepoint.time(), savepoint.path(), clock.instant(), null);
    try {
      return kubernetes.writeFlinkSnapshotStatus(withStatus(created, completed, clock.instant()));
    } catch (KubernetesGatewayException e) {
      LOG.warn("{}/{}: FlinkSnapshot {} created, its status not written: {}", namespace, job, name, e.getMessage());
      return created;
    }
  }

  /** Writes one snapshot's new status (best effort, see the class comment). */
  public void write(Pass pass, SnapshotUpdate.Status update) {
    FlinkSnapshot snapshot = find(pass, update.snapshot());
    if (snapshot == null) {
      return;
    }
    try {
      pass.snapshotWritten(update.snapshot(), kubernetes.writeFlinkSnapshotStatus(withStatus(snapshot, update, clock.instant())));
    } catch (KubernetesGatewayException e) {
      LOG.warn("{}: could not write FlinkSnapshot {}'s status ({}); the next pass tries again: {}", pass, update.snapshot(),
          update.state(), e.getMessage());
    }
  }

  /**
   * A copy of {@code snapshot} whose status is {@code update} applied to the one it has (a trigger id or time the update
   * does not name is kept), with {@code observedGeneration} and the conditions ({@link SnapshotConditions}) to match.
   */
  public static FlinkSnapshot withStatus(FlinkSnapshot snapshot, SnapshotUpdate.Status update, Instant now) {
    FlinkSnapshot copy = COPIES.clone(snapshot);
    FlinkSnapshotStatus status = copy.getStatus() != null ? copy.getStatus() : new FlinkSnapshotStatus();
    List<io.fabric8.kubernetes.api.model.Condition> previous = new ArrayList<>(status.conditions);
    status.state = update.state();
    status.triggerId = update.triggerId() != null ? update.triggerId() : status.triggerId;
    status.triggerTime = update.triggerTime() != null ? time(update.triggerTime()) : status.triggerTime;
    status.path = update.path();
    status.resultTime = update.resultTime() != null ? time(update.resultTime()) : null;
    status.error = update.error();
    status.observedGeneration = copy.getMetadata().getGeneration();
    status.conditions = new ArrayList<>(SnapshotConditions.of(status, copy.getMetadata().getGeneration(), previous, now));
    copy.setStatus(status);
    return copy;
  }

  /** Takes the controller's finalizer off a snapshot whose savepoint was disposed (or had none). */
  public void released(Pass pass, String snapshot) {
    finalizer(pass, snapshot, false);
  }

  /**
   * A job that no longer exists: its snapshots being deleted cannot have a savepoint disposed (without the FlinkJob
   * the controller does not know the cluster), so the finalizer comes off with a warning Event on the snapshot
   * naming the savepoint left behind.
   */
  public void releaseOrphans(String namespace, String job) {
    for (FlinkSnapshot snapshot : read(namespace, job)) {
      if (!SnapshotRules.deleting(snapshot) || !SnapshotRules.hasFinalizer(snapshot)) {
        continue;
      }
      String path = snapshot.getStatus() != null ? snapshot.getStatus().path : null;
      ObjectRef ref = new ObjectRef(snapshot.getApiVersion(), snapshot.getKind(), namespace, snapshot.getMetadata().getName(),
          snapshot.getMetadata().getUid());
      try {
        kubernetes.updateFlinkSnapshot(Finalizers.with(snapshot, FlinkSnapshot.DISPOSE_FINALIZER, false));
        if (path != null) {
          events.warning(ref, EventReasons.SNAPSHOT_NOT_DISPOSED, "FlinkJob " + job + " no longer exists, so its JobManager is not"
              + " known: savepoint " + path + " was not disposed; delete it from the storage by hand if it is not wanted");
        }
      } catch (KubernetesGatewayException e) {
        LOG.warn("{}/{}: could not take the finalizer off FlinkSnapshot {}: {}", namespace, job, snapshot.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  private void finalizer(Pass pass, String name, boolean present) {
    FlinkSnapshot snapshot = find(pass, name);
    if (snapshot == null || SnapshotRules.hasFinalizer(snapshot) == present) {
      return;
    }
    try {
      FlinkSnapshot written = kubernetes.updateFlinkSnapshot(Finalizers.with(snapshot, FlinkSnapshot.DISPOSE_FINALIZER, present));
      // The last finalizer of an object marked for deletion: the API server deletes it (null: no object came back).
      boolean gone = written == null || (!present && SnapshotRules.deleting(snapshot)
          && (written.getMetadata().getFinalizers() == null || written.getMetadata().getFinalizers().isEmpty()));
      pass.snapshotWritten(name, gone ? null : written);
    } catch (KubernetesGatewayException e) {
      LOG.warn("{}: could not {} the finalizer of FlinkSnapshot {}; the next pass tries again: {}", pass,
          present ? "add" : "remove", name, e.getMessage());
    }
  }

  private static FlinkSnapshot find(Pass pass, String name) {
    return pass.snapshots().stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElse(null);
  }

  private static String findIn(List<io.flinkstack.contract.SavepointInfo> history, String snapshot) {
    return history.stream().filter(s -> snapshot.equals(s.snapshot())).map(io.flinkstack.contract.SavepointInfo::path)
        .findFirst().orElse(null);
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
