package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.snapshot.SnapshotRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the next savepoint action from the declaration, the status and what was just observed. A pure
 * function: it reads no clock and calls nothing, so every rule is tested without Flink or Kubernetes.
 *
 * <p>In order: an unknown cluster state only observes; an operation in flight is finished first; a
 * requested savepoint (nonce changed, a FlinkSnapshot asking for one or for a checkpoint, or interval elapsed, in that
 * order) comes before
 * disposals, so a full history never delays a savepoint; the savepoint of a FlinkSnapshot being deleted (its finalizer
 * holds it) is disposed before expired ones.
 */
public final class SavepointDecider {
  private SavepointDecider() {}

  public static SavepointDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation, Instant now) {
    return decide(declaration, status, observation, List.of(), now);
  }

  /** @param snapshots the job's FlinkSnapshots, oldest first */
  public static SavepointDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation,
      List<FlinkSnapshot> snapshots, Instant now) {
    if (!observation.jobManagerReachable()) {
      return new SavepointDecision.ObserveOnly(observation.problem());
    }
    if (status.pendingOperation() != null) {
      return new SavepointDecision.ResumePending(status.pendingOperation());
    }
    String waiting = null;
    Optional<SavepointTrigger> due = savepointDue(declaration, status, observation.job(), now);
    Optional<FlinkSnapshot> requested = SnapshotRules.requested(snapshots, status);
    if (requested.isPresent() && (due.isEmpty() || due.get() == SavepointTrigger.PERIODIC)) {
      due = Optional.of(SavepointTrigger.SNAPSHOT);
    }
    if (due.isPresent()) {
      if (!observation.jobFullyRunning()) {
        waiting = due.get() + " savepoint due, but the job is not running with all tasks";
      } else if (Backoffs.holdsBack(status.savepointBackoff(), now)) {
        waiting = due.get() + " savepoint due, backing off after " + status.savepointBackoff().failures()
            + " failure(s) until " + status.savepointBackoff().retryAt();
      } else {
        Long nonce = due.get() == SavepointTrigger.NONCE ? declaration.savepointTriggerNonce() : null;
        String snapshot = due.get() == SavepointTrigger.SNAPSHOT ? requested.orElseThrow().getMetadata().getName() : null;
        String jobId = observation.job().orElseThrow().id();
        if (snapshot != null && SnapshotRules.isCheckpoint(requested.get())) {
          return new SavepointDecision.TakeCheckpoint(jobId, snapshot, SnapshotRules.checkpointType(requested.get()));
        }
        String format = snapshot == null ? null : SnapshotRules.savepointFormat(requested.get());
        return new SavepointDecision.TakeSavepoint(jobId, due.get(), nonce, snapshot, format);
      }
    }
    Optional<SavepointInfo> deleted = SnapshotRules.toDispose(snapshots, status);
    if (deleted.isPresent()) {
      if (Backoffs.holdsBack(status.disposalBackoff(), now)) {
        return new SavepointDecision.Idle("disposal backing off until " + status.disposalBackoff().retryAt());
      }
      return new SavepointDecision.DisposeSavepoint(deleted.get(), "FlinkSnapshot " + deleted.get().snapshot()
          + " was deleted with disposeOnDelete", deleted.get().snapshot());
    }
    List<HistoryRetention.Expired> expired =
        HistoryRetention.expired(status.savepointHistory(), status.lastSavepoint(), declaration.savepoints(), now);
    if (!expired.isEmpty()) {
      if (Backoffs.holdsBack(status.disposalBackoff(), now)) {
        return new SavepointDecision.Idle("disposal backing off until " + status.disposalBackoff().retryAt());
      }
      return new SavepointDecision.DisposeSavepoint(expired.get(0).savepoint(), expired.get(0).reason());
    }
    return new SavepointDecision.Idle(waiting != null ? waiting : "no savepoint due");
  }

  /** Why a savepoint is wanted now, if it is: a changed nonce first, then the interval. */
  static Optional<SavepointTrigger> savepointDue(Declaration declaration, RuntimeStatus status, Optional<ObservedJob> job, Instant now) {
    Long nonce = declaration.savepointTriggerNonce();
    // Removing the nonce from a declaration asks for nothing; only a new value does.
    if (nonce != null && !Objects.equals(nonce, status.observedSavepointTriggerNonce())) {
      return Optional.of(SavepointTrigger.NONCE);
    }
    Optional<Duration> interval = declaration.savepoints().interval();
    if (interval.isEmpty() || job.isEmpty()) {
      return Optional.empty();
    }
    // The clock runs from the newest savepoint, or from the job's start if that is later (a job restored
    // from an old savepoint has not been running for that long).
    Instant since = job.get().startTime();
    if (status.lastSavepoint() != null && status.lastSavepoint().time().isAfter(since)) {
      since = status.lastSavepoint().time();
    }
    return now.isBefore(since.plus(interval.get())) ? Optional.empty() : Optional.of(SavepointTrigger.PERIODIC);
  }
}
