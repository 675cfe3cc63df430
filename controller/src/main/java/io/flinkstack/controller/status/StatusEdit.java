package io.flinkstack.controller.status;

import io.flinkstack.contract.AutoscalerMemory;
import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.FlinkObservation;
import io.flinkstack.contract.JarFetchBackoff;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RescaleResult;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.SubmittedJob;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A changed copy of a {@link RuntimeStatus} (records have no withers): {@code StatusEdit.of(s).pending(op).build()}. */
public final class StatusEdit {
  private LifecycleState lifecycle;
  private String jobId;
  private String jobState;
  private FlinkObservation observation;
  private Long observedNonce;
  private SavepointInfo lastSavepoint;
  private List<SavepointInfo> history;
  private PendingOperation pending;
  private StatusError lastError;
  private Backoff savepointBackoff;
  private Backoff disposalBackoff;
  private Transition transition;
  private TransitionResult lastTransition;
  private String deployedSpec;
  private ScalingDecisionRecord lastScalingDecision;
  private Map<String, Integer> suspendedReplicas;
  private Rescale rescale;
  private RescaleResult lastRescale;
  private Long observedRestartNonce;
  private Long observedRedeployNonce;
  private JarFetchBackoff jarFetchBackoff;
  private AutoscalerMemory autoscaler;
  private io.flinkstack.contract.Rollback rolledBack;
  private SubmittedJob submittedJob;

  private StatusEdit(RuntimeStatus status) {
    lifecycle = status.lifecycle();
    jobId = status.jobId();
    jobState = status.jobState();
    observation = status.observation();
    observedNonce = status.observedSavepointTriggerNonce();
    lastSavepoint = status.lastSavepoint();
    history = new ArrayList<>(status.savepointHistory());
    pending = status.pendingOperation();
    lastError = status.lastError();
    savepointBackoff = status.savepointBackoff();
    disposalBackoff = status.disposalBackoff();
    transition = status.transition();
    lastTransition = status.lastTransition();
    deployedSpec = status.deployedSpec();
    suspendedReplicas = status.suspendedReplicas();
    lastScalingDecision = status.lastScalingDecision();
    rescale = status.rescale();
    lastRescale = status.lastRescale();
    observedRestartNonce = status.observedRestartNonce();
    observedRedeployNonce = status.observedRedeployNonce();
    jarFetchBackoff = status.jarFetchBackoff();
    autoscaler = status.autoscaler();
    rolledBack = status.rolledBack();
    submittedJob = status.submittedJob();
  }

  public static StatusEdit of(RuntimeStatus status) {
    return new StatusEdit(status);
  }

  public StatusEdit lifecycle(LifecycleState value) {
    lifecycle = value;
    return this;
  }

  public StatusEdit job(String id, String state) {
    jobId = id;
    jobState = state;
    return this;
  }

  public StatusEdit observation(FlinkObservation value) {
    observation = value;
    return this;
  }

  public StatusEdit observedNonce(Long value) {
    observedNonce = value;
    return this;
  }

  /** Records a completed savepoint as the newest and appends it to the history (once). */
  public StatusEdit savepointCompleted(SavepointInfo savepoint) {
    lastSavepoint = savepoint;
    if (history.stream().noneMatch(kept -> kept.path().equals(savepoint.path()))) {
      history.add(savepoint);
    }
    return this;
  }

  /**
   * A savepoint a FlinkSnapshot asked for: listed in the history (naming its snapshot) but not the job's {@code
   * lastSavepoint}, which stays the controller's own to resume from and to keep.
   */
  public StatusEdit snapshotCompleted(SavepointInfo savepoint) {
    if (history.stream().noneMatch(kept -> kept.path().equals(savepoint.path()))) {
      history.add(savepoint);
    }
    return this;
  }

  public StatusEdit removeFromHistory(String path) {
    history.removeIf(kept -> kept.path().equals(path));
    return this;
  }

  public StatusEdit pending(PendingOperation value) {
    pending = value;
    return this;
  }

  public StatusEdit lastError(StatusError value) {
    lastError = value;
    return this;
  }

  public StatusEdit savepointBackoff(Backoff value) {
    savepointBackoff = value;
    return this;
  }

  public StatusEdit disposalBackoff(Backoff value) {
    disposalBackoff = value;
    return this;
  }

  public StatusEdit transition(Transition value) {
    transition = value;
    return this;
  }

  public StatusEdit lastTransition(TransitionResult value) {
    lastTransition = value;
    return this;
  }

  public StatusEdit deployedSpec(String value) {
    deployedSpec = value;
    return this;
  }

  public StatusEdit suspendedReplicas(Map<String, Integer> value) {
    suspendedReplicas = value;
    return this;
  }

  public StatusEdit rescale(Rescale value) {
    rescale = value;
    return this;
  }

  public StatusEdit lastRescale(RescaleResult value) {
    lastRescale = value;
    return this;
  }

  public StatusEdit lastScalingDecision(ScalingDecisionRecord value) {
    lastScalingDecision = value;
    return this;
  }

  /** The restart and redeploy nonces answered (by the transition this edit records). */
  public StatusEdit observedNonces(Long restart, Long redeploy) {
    observedRestartNonce = restart;
    observedRedeployNonce = redeploy;
    return this;
  }

  public StatusEdit jarFetchBackoff(JarFetchBackoff value) {
    jarFetchBackoff = value;
    return this;
  }

  /** What the live autoscaler remembers about the running job (null: nothing). */
  public StatusEdit autoscaler(AutoscalerMemory value) {
    autoscaler = value;
    return this;
  }

  /** The upgrade rolled back while its template is still applied (null: none, or another one applied since). */
  public StatusEdit rolledBack(io.flinkstack.contract.Rollback value) {
    rolledBack = value;
    return this;
  }

  /** What a session job's running job was submitted from (null: not known). */
  public StatusEdit submittedJob(SubmittedJob value) {
    submittedJob = value;
    return this;
  }

  public RuntimeStatus build() {
    return new RuntimeStatus(lifecycle, jobId, jobState, observation, observedNonce, lastSavepoint, history, pending,
        lastError, savepointBackoff, disposalBackoff, transition, lastTransition, deployedSpec, suspendedReplicas, rescale, lastRescale, lastScalingDecision,
        observedRestartNonce, observedRedeployNonce, jarFetchBackoff, autoscaler, rolledBack, submittedJob);
  }
}
