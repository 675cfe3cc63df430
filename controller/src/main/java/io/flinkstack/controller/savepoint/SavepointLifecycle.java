package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.StatusError;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.flink.CheckpointStatistics;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.snapshot.SnapshotKeeper;
import io.flinkstack.controller.snapshot.SnapshotRules;
import io.flinkstack.controller.snapshot.SnapshotUpdate;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.step.Outcome;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepMachine;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link SavepointDecider}'s decisions as a {@link StepMachine}: every operation is in the
 * status before Flink is asked for it (written ahead), and every result is in the status before the next
 * decision. A status write that loses a race ({@code StatusConflictException}) ends the pass at once, before
 * anything is asked of Flink on the strength of it.
 *
 * <p>An operation still running after one look ends the pass with a re-look after {@code lookAgain}; the
 * next pass polls the same recorded operation. Its timeout runs from the time recorded when it started. No
 * answer from the JobManager ends the pass and leaves the operation pending: the next pass observes, and
 * resumes it when the JobManager answers again.
 */
public final class SavepointLifecycle extends StepMachine<SavepointDecision> {
  private static final Logger LOG = LoggerFactory.getLogger(SavepointLifecycle.class);
  static final String OPERATION_SAVEPOINT = "savepoint";
  static final String OPERATION_DISPOSAL = "savepoint-disposal";

  private final Backoffs backoffs;
  private final Duration operationTimeout;
  private final SnapshotKeeper snapshots;
  // Trigger ids this process started: any other pending operation it finds was left by an earlier run.
  private final Set<String> startedHere = ConcurrentHashMap.newKeySet();

  /**
   * @param operationTimeout a savepoint or disposal still running this long after it was recorded fails
   * @param maxActionsPerPass savepoint actions (take, finish, dispose) at most in one pass
   */
  public SavepointLifecycle(Dependencies dependencies, Backoffs backoffs, Duration operationTimeout, int maxActionsPerPass,
      SnapshotKeeper snapshots) {
    super("savepoints", maxActionsPerPass, dependencies);
    this.backoffs = backoffs;
    this.operationTimeout = operationTimeout;
    this.snapshots = snapshots;
  }

  @Override
  protected SavepointDecision decide(Pass pass) {
    return SavepointDecider.decide(pass.declaration(), pass.status(), pass.observation(), pass.snapshots(), clock.instant());
  }

  @Override
  protected Ahead writeAhead(Pass pass, SavepointDecision decision) {
    if (decision instanceof SavepointDecision.TakeSavepoint take) {
      PendingOperation operation = new PendingOperation(OperationKind.SAVEPOINT, FlinkIds.random(), take.jobId(),
          take.trigger(), take.nonce(), null, clock.instant(), null, take.snapshot(), take.format());
      return new Ahead(StatusEdit.of(pass.status()).pending(operation), SavepointStep.PENDING_RECORDED);
    }
    if (decision instanceof SavepointDecision.TakeCheckpoint take) {
      PendingOperation operation = new PendingOperation(OperationKind.CHECKPOINT, FlinkIds.random(), take.jobId(),
          SavepointTrigger.CHECKPOINT, null, null, clock.instant(), null, take.snapshot(), take.type());
      return new Ahead(StatusEdit.of(pass.status()).pending(operation), SavepointStep.PENDING_RECORDED);
    }
    if (decision instanceof SavepointDecision.DisposeSavepoint dispose) {
      PendingOperation operation = new PendingOperation(OperationKind.SAVEPOINT_DISPOSAL, null, null, null, null,
          dispose.savepoint().path(), clock.instant(), null, dispose.snapshot());
      return new Ahead(StatusEdit.of(pass.status()).pending(operation), SavepointStep.DISPOSAL_RECORDED);
    }
    return null;
  }

  @Override
  protected void recorded(Pass pass, SavepointDecision decision) {
    if (decision instanceof SavepointDecision.TakeSavepoint || decision instanceof SavepointDecision.TakeCheckpoint) {
      PendingOperation operation = pass.status().pendingOperation();
      startedHere.add(operation.triggerId());
      if (operation.snapshot() != null) {
        snapshots.write(pass, new SnapshotUpdate.Status(operation.snapshot(), FlinkSnapshotStatus.State.IN_PROGRESS,
            operation.triggerId(), operation.startedAt(), null, null, null));
      }
    } else if (decision instanceof SavepointDecision.DisposeSavepoint dispose) {
      LOG.info("{}: disposing {} ({})", pass, dispose.savepoint().path(), dispose.reason());
    }
  }

  @Override
  protected Outcome act(Pass pass, SavepointDecision decision) {
    if (decision instanceof SavepointDecision.ResumePending resume) {
      return advance(pass, resume.operation());
    }
    if (decision instanceof SavepointDecision.TakeSavepoint || decision instanceof SavepointDecision.TakeCheckpoint
        || decision instanceof SavepointDecision.DisposeSavepoint) {
      return advance(pass, pass.status().pendingOperation());
    }
    return Outcome.DONE;
  }

  /** While a savepoint or disposal is pending. */
  @Override
  public boolean holds(RuntimeStatus status) {
    return status.pendingOperation() != null;
  }

  /**
   * A savepoint that another part of this process recorded as the pending operation (a rescale's savepoint
   * before scaling down): finishing it is not "resuming one left by an earlier controller".
   */
  public void recordedHere(String triggerId) {
    startedHere.add(triggerId);
  }

  // ---- savepoints and checkpoints -------------------------------------------------------------------

  /**
   * NEXT when the operation ended (decide again), a re-look while it runs. A checkpoint (a FlinkSnapshot's) goes
   * through the same steps as a savepoint: its trigger id chosen and recorded first, Flink asked with it (a repeated
   * trigger is the same operation), its result polled by that id; only its path comes from elsewhere (Flink's result
   * is the checkpoint's id: {@link #checkpointCompleted}).
   */
  private Outcome advance(Pass pass, PendingOperation operation) {
    if (operation.kind() == OperationKind.SAVEPOINT_DISPOSAL) {
      return advanceDisposal(pass, operation);
    }
    boolean checkpoint = operation.kind() == OperationKind.CHECKPOINT;
    if (startedHere.add(operation.triggerId())) {
      events.normal(pass.ref(), reason(operation, EventReasons.SAVEPOINT_RESUMED), "resuming " + noun(operation) + " "
          + operation.triggerId() + " of job " + operation.jobId() + " (" + operation.trigger() + "), recorded before the"
          + " controller restarted");
    }
    SavepointService service = new SavepointService(pass.flink());
    OperationTrigger trigger = checkpoint ? service.checkpointTrigger(operation.jobId(), operation.triggerId())
        : service.savepointTrigger(operation.jobId(), operation.triggerId());
    try {
      if (operation.triggeredAt() == null) {
        Optional<String> refusal = checkpoint ? SnapshotRules.checkpointRefusal(service.flinkVersion(), operation.format()) : Optional.empty();
        if (refusal.isPresent()) {
          refused(pass, operation, refusal.get());
          return Outcome.NEXT;
        }
        // Not known to have reached Flink: trigger with the recorded id. If it did reach Flink, Flink answers
        // with the same operation instead of starting a second savepoint (or checkpoint).
        trigger = checkpoint ? service.triggerCheckpoint(operation.jobId(), operation.triggerId(), operation.format())
            : service.triggerSavepoint(operation.jobId(), operation.triggerId(), operation.format());
        pass.reached(SavepointStep.SAVEPOINT_TRIGGERED);
        operation = operation.withTrigger(operation.triggerId(), clock.instant());
        pass.write(StatusEdit.of(pass.status()).pending(operation));
        events.normal(pass.ref(), reason(operation, EventReasons.SAVEPOINT_TRIGGERED), noun(operation) + " "
            + operation.triggerId() + " of job " + operation.jobId() + " triggered (" + describe(operation) + ")");
        pass.reached(SavepointStep.TRIGGER_RECORDED);
      }
      OperationStatus result = service.poll(trigger);
      if (result.succeeded() && checkpoint) {
        return checkpointCompleted(pass, service, operation, result);
      }
      if (result.succeeded()) {
        completed(pass, operation, result.location().orElseThrow());
      } else if (result.failed()) {
        failed(pass, operation, "failed", result.failureCause().orElse("Flink gave no cause"));
      } else if (clock.instant().isAfter(operation.startedAt().plus(operationTimeout))) {
        failed(pass, operation, "timeout", "still in progress after " + operationTimeout + "; giving up on it");
      } else {
        return Outcome.lookAgainAfter(lookAgain);
      }
      return Outcome.NEXT;
    } catch (FlinkRestException e) {
      if (e.isNotFound() && operation.triggeredAt() != null) {
        forgotten(pass, operation, e.getMessage());
      } else {
        failed(pass, operation, "rejected", e.getMessage());
      }
      return Outcome.NEXT;
    }
  }

  /**
   * Flink's result of a checkpoint trigger is the checkpoint's id; its path is in the checkpoint's statistics. Those
   * are cached by the REST endpoint ({@code rest.cache.checkpoint-statistics.timeout}), so a checkpoint just completed
   * may not be listed yet: looked at again until the operation timeout. A completed checkpoint is kept only while
   * Flink retains it, so the path is read now rather than derived.
   */
  private Outcome checkpointCompleted(Pass pass, SavepointService service, PendingOperation operation, OperationStatus result) {
    if (result.checkpointId().isEmpty()) {
      failed(pass, operation, "failed", "Flink reported it completed without a checkpoint id");
      return Outcome.NEXT;
    }
    long id = result.checkpointId().get();
    CheckpointStatistics statistics;
    try {
      statistics = service.checkpoint(operation.jobId(), id);
    } catch (FlinkRestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      statistics = null;
    }
    Optional<String> unusable = unusableCheckpoint(id, statistics);
    if (statistics != null && statistics.completed() && unusable.isEmpty()) {
      completed(pass, operation, statistics.addressablePath().orElseThrow());
    } else if (unusable.isPresent()) {
      failed(pass, operation, "failed", unusable.get());
    } else if (clock.instant().isAfter(operation.startedAt().plus(operationTimeout))) {
      failed(pass, operation, "timeout", "checkpoint " + id + " completed, but Flink's checkpoint statistics did not list it"
          + " within " + operationTimeout + " (only the last web.checkpoints.history are kept), so its path is unknown");
    } else {
      return Outcome.lookAgainAfter(lookAgain);
    }
    return Outcome.NEXT;
  }

  /**
   * Why a checkpoint Flink completed cannot be recorded, if it cannot: it has no path (the cluster keeps checkpoints in
   * the JobManager's memory). Empty also while its statistics ({@code null}: not listed) do not say it completed.
   */
  static Optional<String> unusableCheckpoint(long id, CheckpointStatistics statistics) {
    if (statistics == null || !statistics.completed() || statistics.addressablePath().isPresent()) {
      return Optional.empty();
    }
    return Optional.of("checkpoint " + id + " completed without a path (" + statistics.externalPath().orElse("none")
        + "): the cluster has no checkpoint directory; set execution.checkpointing.dir (state.checkpoints.dir before"
        + " Flink 2.0) in its configuration");
  }

  private void completed(Pass pass, PendingOperation operation, String path) {
    Instant now = clock.instant();
    Instant taken = operation.triggeredAt() != null ? operation.triggeredAt() : operation.startedAt();
    SavepointInfo savepoint = new SavepointInfo(path, operation.trigger(), taken, operation.jobId(), operation.triggerId(),
        operation.snapshot());
    StatusEdit edit = StatusEdit.of(pass.status()).pending(null).savepointBackoff(null);
    if (operation.snapshot() != null) {
      edit.snapshotCompleted(savepoint);
    } else {
      edit.savepointCompleted(savepoint);
    }
    if (operation.nonce() != null) {
      edit.observedNonce(operation.nonce());
    }
    pass.write(edit);
    if (operation.snapshot() != null) {
      snapshots.write(pass, new SnapshotUpdate.Status(operation.snapshot(), FlinkSnapshotStatus.State.COMPLETED,
          operation.triggerId(), taken, path, now, null));
    }
    Duration took = Duration.between(operation.startedAt(), now);
    metrics.savepointCompleted(pass.identity(), operation.trigger(), took);
    events.normal(pass.ref(), reason(operation, EventReasons.SAVEPOINT_COMPLETED),
        noun(operation) + " " + path + " (" + describe(operation) + ") completed in " + seconds(took));
    pass.reached(SavepointStep.SAVEPOINT_COMPLETED);
  }

  private void failed(Pass pass, PendingOperation operation, String reason, String cause) {
    Instant now = clock.instant();
    var backoff = backoffs.next(pass.status().savepointBackoff(), now);
    String message = noun(operation) + " " + operation.triggerId() + " of job " + operation.jobId() + " (" + describe(operation)
        + ") " + (reason.equals("failed") ? "failed: " : reason + ": ") + cause;
    pass.write(StatusEdit.of(pass.status())
        .pending(null)
        .lastError(new StatusError(now, OPERATION_SAVEPOINT, message))
        .savepointBackoff(backoff));
    metrics.savepointFailed(pass.identity(), reason);
    snapshotEnded(pass, operation, FlinkSnapshotStatus.State.FAILED, message);
    events.warning(pass.ref(), reason(operation, EventReasons.SAVEPOINT_FAILED), message + "; the job keeps running; next"
        + " attempt not before " + backoff.retryAt() + " (failure " + backoff.failures() + " in a row)");
  }

  /**
   * A checkpoint this cluster's Flink cannot take: the snapshot fails naming the version; nothing was asked of Flink, so
   * neither the job's lastError nor its savepoint backoff changes.
   */
  private void refused(Pass pass, PendingOperation operation, String why) {
    pass.write(StatusEdit.of(pass.status()).pending(null));
    metrics.savepointFailed(pass.identity(), "refused");
    snapshots.write(pass, new SnapshotUpdate.Status(operation.snapshot(), FlinkSnapshotStatus.State.FAILED, operation.triggerId(),
        operation.startedAt(), null, clock.instant(), why));
    events.warning(pass.ref(), EventReasons.CHECKPOINT_FAILED, "FlinkSnapshot " + operation.snapshot() + ": " + why);
  }

  // A JobManager that restarted (or dropped old results) no longer knows the trigger. Whatever happened to
  // that savepoint, its path cannot be learned: record that, and let the next decision take a new one
  // (under a new id). The last recorded savepoint stays as it is.
  private void forgotten(Pass pass, PendingOperation operation, String answer) {
    String message = "the JobManager does not know " + noun(operation) + " " + operation.triggerId() + " of job " + operation.jobId()
        + " any more (it restarted?): " + answer + "; a new savepoint will be triggered if one is still due";
    pass.write(StatusEdit.of(pass.status()).pending(null).lastError(new StatusError(clock.instant(), OPERATION_SAVEPOINT, message)));
    metrics.savepointFailed(pass.identity(), "forgotten");
    snapshotEnded(pass, operation, FlinkSnapshotStatus.State.ABANDONED, message);
    events.warning(pass.ref(), reason(operation, EventReasons.SAVEPOINT_FORGOTTEN), message);
  }

  /** The FlinkSnapshot that asked for a savepoint that ended without a path, if one did: it is not taken again. */
  private void snapshotEnded(Pass pass, PendingOperation operation, FlinkSnapshotStatus.State state, String message) {
    if (operation.snapshot() != null) {
      snapshots.write(pass, new SnapshotUpdate.Status(operation.snapshot(), state, operation.triggerId(),
          operation.triggeredAt() != null ? operation.triggeredAt() : operation.startedAt(), null, clock.instant(),
          message + "; create another FlinkSnapshot to try again"));
    }
  }

  // ---- disposals ----------------------------------------------------------------------------------

  private Outcome advanceDisposal(Pass pass, PendingOperation operation) {
    SavepointService service = new SavepointService(pass.flink());
    try {
      OperationTrigger trigger;
      if (operation.triggerId() == null) {
        // Flink picks a disposal's id, so a disposal cut short before its id was recorded is simply
        // asked for again: disposing a savepoint that is already gone fails with "not found", taken as done.
        trigger = service.triggerDisposal(operation.savepointPath());
        pass.reached(SavepointStep.DISPOSAL_TRIGGERED);
        operation = operation.withTrigger(trigger.triggerId(), clock.instant());
        pass.write(StatusEdit.of(pass.status()).pending(operation));
      } else {
        trigger = service.disposalTrigger(operation.triggerId());
      }
      OperationStatus result = service.poll(trigger);
      if (result.succeeded()) {
        disposed(pass, operation, "disposed savepoint " + operation.savepointPath());
      } else if (result.failed() && alreadyGone(result.failureCause().orElse(""))) {
        disposed(pass, operation, "savepoint " + operation.savepointPath() + " was already gone; dropped from the history");
      } else if (result.failed()) {
        disposalFailed(pass, operation, result.failureCause().orElse("Flink gave no cause"));
      } else if (clock.instant().isAfter(operation.startedAt().plus(operationTimeout))) {
        disposalFailed(pass, operation, "still in progress after " + operationTimeout);
      } else {
        return Outcome.lookAgainAfter(lookAgain);
      }
      return Outcome.NEXT;
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        // The JobManager forgot the disposal's id: ask again (idempotent, see above).
        pass.write(StatusEdit.of(pass.status()).pending(operation.withTrigger(null, null)));
      } else {
        disposalFailed(pass, operation, e.getMessage());
      }
      return Outcome.NEXT;
    }
  }

  private void disposed(Pass pass, PendingOperation operation, String message) {
    pass.write(StatusEdit.of(pass.status()).removeFromHistory(operation.savepointPath()).pending(null).disposalBackoff(null));
    if (operation.snapshot() != null) {
      snapshots.released(pass, operation.snapshot());
    }
    metrics.savepointDisposed(pass.identity());
    events.normal(pass.ref(), EventReasons.SAVEPOINT_DISPOSED, message);
    pass.reached(SavepointStep.DISPOSAL_COMPLETED);
  }

  private void disposalFailed(Pass pass, PendingOperation operation, String cause) {
    Instant now = clock.instant();
    var backoff = backoffs.next(pass.status().disposalBackoff(), now);
    String message = "disposing savepoint " + operation.savepointPath() + " failed: " + cause;
    pass.write(StatusEdit.of(pass.status())
        .pending(null)
        .lastError(new StatusError(now, OPERATION_DISPOSAL, message))
        .disposalBackoff(backoff));
    metrics.disposalFailed(pass.identity());
    events.warning(pass.ref(), EventReasons.SAVEPOINT_DISPOSAL_FAILED,
        message + "; it stays in the history; next attempt not before " + backoff.retryAt());
  }

  /** Flink's cause when the savepoint's metadata is not there (deleted already). */
  static boolean alreadyGone(String cause) {
    return cause.contains("FileNotFoundException") || cause.contains("Cannot find checkpoint or savepoint");
  }

  private static final Map<String, String> CHECKPOINT_REASONS = Map.of(
      EventReasons.SAVEPOINT_RESUMED, EventReasons.CHECKPOINT_RESUMED,
      EventReasons.SAVEPOINT_TRIGGERED, EventReasons.CHECKPOINT_TRIGGERED,
      EventReasons.SAVEPOINT_COMPLETED, EventReasons.CHECKPOINT_COMPLETED,
      EventReasons.SAVEPOINT_FAILED, EventReasons.CHECKPOINT_FAILED,
      EventReasons.SAVEPOINT_FORGOTTEN, EventReasons.CHECKPOINT_FORGOTTEN);

  /** An Event's reason for the operation: a checkpoint's says Checkpoint where a savepoint's says Savepoint. */
  private static String reason(PendingOperation operation, String savepointReason) {
    return operation.kind() == OperationKind.CHECKPOINT ? CHECKPOINT_REASONS.get(savepointReason) : savepointReason;
  }

  private static String noun(PendingOperation operation) {
    return operation.kind() == OperationKind.CHECKPOINT ? "checkpoint" : "savepoint";
  }

  private static String describe(PendingOperation operation) {
    return operation.trigger() + (operation.nonce() != null ? ", nonce " + operation.nonce() : "")
        + (operation.format() == null ? "" : ", " + operation.format().toLowerCase(Locale.ROOT)
            + (operation.kind() == OperationKind.CHECKPOINT ? " checkpoint" : " format"));
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }
}
