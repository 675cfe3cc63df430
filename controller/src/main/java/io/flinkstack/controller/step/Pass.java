package io.flinkstack.controller.step;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.resource.FlinkSnapshot;
import java.util.ArrayList;
import java.util.List;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;

/**
 * One reconcile pass over one declaration, shared by every {@link StepMachine} in it: what was observed at
 * its start, the Flink client of its cluster, and the status as last written. Every write goes through
 * {@link #write}, with the resource version last read: a write that lost a race ends the pass
 * ({@code StatusConflictException}) before anything is done on the strength of it.
 */
public final class Pass {
  private final Declaration declaration;
  private final JobObservation observation;
  private final FlinkRestClient flink;
  private final StatusStore store;
  private final StepListener listener;
  private VersionedStatus status;
  private final List<FlinkSnapshot> snapshots;

  public Pass(Declaration declaration, VersionedStatus status, JobObservation observation, FlinkRestClient flink,
      StatusStore store, StepListener listener) {
    this(declaration, status, observation, flink, store, listener, List.of());
  }

  /** @param snapshots the job's FlinkSnapshots, as read at the start of the pass, oldest first */
  public Pass(Declaration declaration, VersionedStatus status, JobObservation observation, FlinkRestClient flink,
      StatusStore store, StepListener listener, List<FlinkSnapshot> snapshots) {
    this.snapshots = new ArrayList<>(snapshots);
    this.declaration = declaration;
    this.status = status;
    this.observation = observation;
    this.flink = flink;
    this.store = store;
    this.listener = listener;
  }

  public Declaration declaration() {
    return declaration;
  }

  public JobObservation observation() {
    return observation;
  }

  public FlinkRestClient flink() {
    return flink;
  }

  /** The status as last written (or read at the start of the pass). */
  public RuntimeStatus status() {
    return status.status();
  }

  public VersionedStatus versioned() {
    return status;
  }

  /** Takes a status written elsewhere in this pass (by a part of the controller that is not a step machine). */
  public void replace(VersionedStatus written) {
    status = written;
  }

  /** The job's FlinkSnapshots as last read or written in this pass, oldest first. */
  public List<FlinkSnapshot> snapshots() {
    return List.copyOf(snapshots);
  }

  /** Takes what the API server stored for one of the snapshots (null {@code written}: it is gone; a new name: created). */
  public void snapshotWritten(String name, FlinkSnapshot written) {
    for (int i = 0; i < snapshots.size(); i++) {
      if (snapshots.get(i).getMetadata().getName().equals(name)) {
        if (written == null) {
          snapshots.remove(i);
        } else {
          snapshots.set(i, written);
        }
        return;
      }
    }
    if (written != null) {
      snapshots.add(written);
    }
  }

  public DeclarationIdentity identity() {
    return declaration.identity();
  }

  /** The FlinkJob: where Events go. */
  public ObjectRef ref() {
    return declaration.identity().source();
  }

  public boolean session() {
    return declaration.identity().kind() == DeclarationKind.SESSION_JOB;
  }

  public void write(StatusEdit edit) {
    status = store.write(declaration.identity(), status, edit.build());
  }

  /** Tells the listener a step boundary was reached (after its write, if it has one). */
  public void reached(Enum<?> step) {
    listener.reached(step, declaration.identity());
  }

  @Override
  public String toString() {
    return declaration.toString();
  }
}
