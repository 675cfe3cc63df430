package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.StatusError;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.FlinkUnreachableException;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link SavepointDecider}'s decisions, write-ahead: every operation is in the status
 * before Flink is asked for it, and every result is in the status before the next decision. A status write
 * that loses a race ({@code StatusConflictException}) ends the pass at once, before anything is asked of
 * Flink on the strength of it.
 *
 * <p>No answer from the JobManager in the middle ends the pass and leaves the operation pending: the next
 * pass observes, and resumes it when the JobManager answers again.
 */
public final class SavepointLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SavepointLifecycle.class);
  static final String OPERATION_SAVEPOINT = "savepoint";
  static final String OPERATION_DISPOSAL = "savepoint-disposal";

  private final StatusStore store;
  private final EventRecorder events;
  private final ControllerMetrics metrics;
  private final StepListener steps;
  private final Backoffs backoffs;
  private final Duration waitPerPass;
  private final Duration operationTimeout;
  private final int maxActionsPerPass;
  private final Clock clock;
  // Trigger ids this process started: any other pending operation it finds was left by an earlier run.
  private final Set<String> startedHere = ConcurrentHashMap.newKeySet();

  public SavepointLifecycle(StatusStore store, EventRecorder events, ControllerMetrics metrics, StepListener steps,
      Backoffs backoffs, Duration waitPerPass, Duration operationTimeout, int maxActionsPerPass, Clock clock) {
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.steps = steps;
    this.backoffs = backoffs;
    this.waitPerPass = waitPerPass;
    this.operationTimeout = operationTimeout;
    this.maxActionsPerPass = maxActionsPerPass;
    this.clock = clock;
  }

  /** Decides and acts until there is nothing to do or an operation is still running; returns the status. */
  public VersionedStatus run(Declaration declaration, VersionedStatus status, JobObservation observation, FlinkRestClient flink) {
    Pass pass = new Pass(declaration, status, new SavepointService(flink));
    for (int action = 0; action < maxActionsPerPass; action++) {
      SavepointDecision decision = SavepointDecider.decide(declaration, pass.status.status(), observation, clock.instant());
      LOG.debug("{}: {}", declaration, decision);
      boolean decideAgain;
      if (decision instanceof SavepointDecision.ResumePending resume) {
        decideAgain = advance(pass, resume.operation());
      } else if (decision instanceof SavepointDecision.TakeSavepoint take) {
        decideAgain = take(pass, take);
      } else if (decision instanceof SavepointDecision.DisposeSavepoint dispose) {
        decideAgain = dispose(pass, dispose);
      } else {
        decideAgain = false;
      }
      if (!decideAgain) {
        break;
      }
    }
    return pass.status;
  }

  /**
   * A savepoint that another part of this process recorded as the pending operation (a rescale's savepoint
   * before scaling down): finishing it is not "resuming one left by an earlier controller".
   */
  public void recordedHere(String triggerId) {
    startedHere.add(triggerId);
  }

  // ---- savepoints ---------------------------------------------------------------------------------

  private boolean take(Pass pass, SavepointDecision.TakeSavepoint decision) {
    PendingOperation operation = new PendingOperation(OperationKind.SAVEPOINT, FlinkIds.random(), decision.jobId(),
        decision.trigger(), decision.nonce(), null, clock.instant(), null);
    pass.write(StatusEdit.of(pass.status()).pending(operation));
    startedHere.add(operation.triggerId());
    steps.reached(SavepointStep.PENDING_RECORDED, pass.identity());
    return advance(pass, operation);
  }

  /** @return true when the operation ended (decide again), false while it runs or Flink does not answer */
  private boolean advance(Pass pass, PendingOperation operation) {
    if (operation.kind() == OperationKind.SAVEPOINT_DISPOSAL) {
      return advanceDisposal(pass, operation);
    }
    if (startedHere.add(operation.triggerId())) {
      events.normal(pass.ref(), EventReasons.SAVEPOINT_RESUMED, "resuming savepoint " + operation.triggerId() + " of job "
          + operation.jobId() + " (" + operation.trigger() + "), recorded before the controller restarted");
    }
    OperationTrigger trigger = pass.service.savepointTrigger(operation.jobId(), operation.triggerId());
    try {
      if (operation.triggeredAt() == null) {
        // Not known to have reached Flink: trigger with the recorded id. If it did reach Flink, Flink answers
        // with the same operation instead of starting a second savepoint.
        trigger = pass.service.triggerSavepoint(operation.jobId(), operation.triggerId());
        steps.reached(SavepointStep.SAVEPOINT_TRIGGERED, pass.identity());
        operation = operation.withTrigger(operation.triggerId(), clock.instant());
        pass.write(StatusEdit.of(pass.status()).pending(operation));
        events.normal(pass.ref(), EventReasons.SAVEPOINT_TRIGGERED, "savepoint " + operation.triggerId() + " of job "
            + operation.jobId() + " triggered (" + describe(operation) + ")");
        steps.reached(SavepointStep.TRIGGER_RECORDED, pass.identity());
      }
      OperationStatus result = pass.service.pollWithin(trigger, waitPerPass);
      if (result.succeeded()) {
        completed(pass, operation, result.location().orElseThrow());
        return true;
      }
      if (result.failed()) {
        failed(pass, operation, "failed", result.failureCause().orElse("Flink gave no cause"));
        return true;
      }
      if (clock.instant().isAfter(operation.startedAt().plus(operationTimeout))) {
        failed(pass, operation, "timeout", "still in progress after " + operationTimeout + "; giving up on it");
        return true;
      }
      return false;
    } catch (FlinkUnreachableException e) {
      LOG.info("{}: JobManager does not answer, savepoint {} stays pending: {}", pass.declaration, operation.triggerId(), e.getMessage());
      return false;
    } catch (FlinkRestException e) {
      if (e.isNotFound() && operation.triggeredAt() != null) {
        forgotten(pass, operation, e.getMessage());
      } else {
        failed(pass, operation, "rejected", e.getMessage());
      }
      return true;
    }
  }

  private void completed(Pass pass, PendingOperation operation, String path) {
    Instant now = clock.instant();
    Instant taken = operation.triggeredAt() != null ? operation.triggeredAt() : operation.startedAt();
    SavepointInfo savepoint = new SavepointInfo(path, operation.trigger(), taken, operation.jobId(), operation.triggerId());
    StatusEdit edit = StatusEdit.of(pass.status()).savepointCompleted(savepoint).pending(null).savepointBackoff(null);
    if (operation.nonce() != null) {
      edit.observedNonce(operation.nonce());
    }
    pass.write(edit);
    Duration took = Duration.between(operation.startedAt(), now);
    metrics.savepointCompleted(pass.identity(), operation.trigger(), took);
    events.normal(pass.ref(), EventReasons.SAVEPOINT_COMPLETED,
        "savepoint " + path + " (" + describe(operation) + ") completed in " + seconds(took));
    steps.reached(SavepointStep.SAVEPOINT_COMPLETED, pass.identity());
  }

  private void failed(Pass pass, PendingOperation operation, String reason, String cause) {
    Instant now = clock.instant();
    var backoff = backoffs.next(pass.status().savepointBackoff(), now);
    String message = "savepoint " + operation.triggerId() + " of job " + operation.jobId() + " (" + describe(operation) + ") "
        + (reason.equals("failed") ? "failed: " : reason + ": ") + cause;
    pass.write(StatusEdit.of(pass.status())
        .pending(null)
        .lastError(new StatusError(now, OPERATION_SAVEPOINT, message))
        .savepointBackoff(backoff));
    metrics.savepointFailed(pass.identity(), reason);
    events.warning(pass.ref(), EventReasons.SAVEPOINT_FAILED, message + "; the job keeps running; next attempt not before "
        + backoff.retryAt() + " (failure " + backoff.failures() + " in a row)");
  }

  // A JobManager that restarted (or dropped old results) no longer knows the trigger. Whatever happened to
  // that savepoint, its path cannot be learned: record that, and let the next decision take a new one
  // (under a new id). The last recorded savepoint stays as it is.
  private void forgotten(Pass pass, PendingOperation operation, String answer) {
    String message = "the JobManager does not know savepoint " + operation.triggerId() + " of job " + operation.jobId()
        + " any more (it restarted?): " + answer + "; a new savepoint will be triggered if one is still due";
    pass.write(StatusEdit.of(pass.status()).pending(null).lastError(new StatusError(clock.instant(), OPERATION_SAVEPOINT, message)));
    metrics.savepointFailed(pass.identity(), "forgotten");
    events.warning(pass.ref(), EventReasons.SAVEPOINT_FORGOTTEN, message);
  }

  // ---- disposals ----------------------------------------------------------------------------------

  private boolean dispose(Pass pass, SavepointDecision.DisposeSavepoint decision) {
    PendingOperation operation = new PendingOperation(OperationKind.SAVEPOINT_DISPOSAL, null, null, null, null,
        decision.savepoint().path(), clock.instant(), null);
    pass.write(StatusEdit.of(pass.status()).pending(operation));
    LOG.info("{}: disposing {} ({})", pass.declaration, decision.savepoint().path(), decision.reason());
    steps.reached(SavepointStep.DISPOSAL_RECORDED, pass.identity());
    return advanceDisposal(pass, operation);
  }

  private boolean advanceDisposal(Pass pass, PendingOperation operation) {
    try {
      OperationTrigger trigger;
      if (operation.triggerId() == null) {
        // Flink picks a disposal's id, so a disposal cut short before its id was recorded is simply
        // asked for again: disposing a savepoint that is already gone fails with "not found", taken as done.
        trigger = pass.service.triggerDisposal(operation.savepointPath());
        steps.reached(SavepointStep.DISPOSAL_TRIGGERED, pass.identity());
        operation = operation.withTrigger(trigger.triggerId(), clock.instant());
        pass.write(StatusEdit.of(pass.status()).pending(operation));
      } else {
        trigger = pass.service.disposalTrigger(operation.triggerId());
      }
      OperationStatus result = pass.service.pollWithin(trigger, waitPerPass);
      if (result.succeeded()) {
        disposed(pass, operation, "disposed savepoint " + operation.savepointPath());
      } else if (result.failed() && alreadyGone(result.failureCause().orElse(""))) {
        disposed(pass, operation, "savepoint " + operation.savepointPath() + " was already gone; dropped from the history");
      } else if (result.failed()) {
        disposalFailed(pass, operation, result.failureCause().orElse("Flink gave no cause"));
      } else if (clock.instant().isAfter(operation.startedAt().plus(operationTimeout))) {
        disposalFailed(pass, operation, "still in progress after " + operationTimeout);
      } else {
        return false;
      }
      return true;
    } catch (FlinkUnreachableException e) {
      LOG.info("{}: JobManager does not answer, disposal of {} stays pending: {}", pass.declaration, operation.savepointPath(), e.getMessage());
      return false;
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        // The JobManager forgot the disposal's id: ask again (idempotent, see above).
        pass.write(StatusEdit.of(pass.status()).pending(operation.withTrigger(null, null)));
      } else {
        disposalFailed(pass, operation, e.getMessage());
      }
      return true;
    }
  }

  private void disposed(Pass pass, PendingOperation operation, String message) {
    pass.write(StatusEdit.of(pass.status()).removeFromHistory(operation.savepointPath()).pending(null).disposalBackoff(null));
    metrics.savepointDisposed(pass.identity());
    events.normal(pass.ref(), EventReasons.SAVEPOINT_DISPOSED, message);
    steps.reached(SavepointStep.DISPOSAL_COMPLETED, pass.identity());
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

  private static String describe(PendingOperation operation) {
    return operation.nonce() != null ? operation.trigger() + ", nonce " + operation.nonce() : String.valueOf(operation.trigger());
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }

  /** One run over one declaration: the status as last written, and the Flink calls for its cluster. */
  private final class Pass {
    private final Declaration declaration;
    private final SavepointService service;
    private VersionedStatus status;

    Pass(Declaration declaration, VersionedStatus status, SavepointService service) {
      this.declaration = declaration;
      this.status = status;
      this.service = service;
    }

    RuntimeStatus status() {
      return status.status();
    }

    DeclarationIdentity identity() {
      return declaration.identity();
    }

    ObjectRef ref() {
      return declaration.identity().source();
    }

    void write(StatusEdit edit) {
      status = store.write(declaration.identity(), status, edit.build());
    }
  }
}
