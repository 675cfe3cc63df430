package io.flinkstack.contract;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the runtime controller knows about one declared job, kept in a ConfigMap only the controller writes
 * (a FlinkJob's {@code status.runtime}, written through the status subresource). It is a write-ahead
 * log: an operation is recorded in {@link #pendingOperation} before Flink is asked for it, so savepoint
 * paths are never lost and no savepoint is taken twice.
 *
 * @param lifecycle where the job stands
 * @param jobId the Flink job the controller follows
 * @param jobState Flink's state of that job when last seen
 * @param observation whether the JobManager answers
 * @param observedSavepointTriggerNonce the {@code savepointTriggerNonce} already answered with a savepoint
 *     (or found when the status was created)
 * @param lastSavepoint the newest completed savepoint; never replaced by nothing
 * @param savepointHistory the savepoints the controller keeps, oldest first (including the newest)
 * @param pendingOperation the operation in flight, if any
 * @param lastError the last failure
 * @param savepointBackoff set while savepoints fail
 * @param disposalBackoff set while disposals fail
 * @param transition an upgrade, suspend, resume or submission in flight, if any
 * @param lastTransition how the last one ended
 * @param deployedSpec the digest of the job spec that runs (session jobs; a changed declaration is an upgrade)
 * @param lastScalingDecision the autoscaler's last decision, with its inputs (when the job declares an autoscaler)
 * @param observedRestartNonce the {@code restartNonce} already answered with a restart (or found when the status was
 *     created); recorded with the restart's first step, so a restarted controller does not restart the job twice
 * @param observedRedeployNonce the same for {@code redeployNonce}
 * @param jarFetchBackoff set while a session job's upgrade waits because its new jar could not be fetched
 * @param autoscaler what the live autoscaler remembers about the running job (its window's first sample, the last
 *     rescale, pending scale-downs, the last decision's time), so a restarted controller continues its window; null
 *     when the job declares no autoscaler or it has not sampled the job yet
 * @param suspendedReplicas StatefulSet name → replicas to restore on resume (applications, while suspended)
 * @param rescale a rescale in flight, if any (recorded before Flink is asked)
 * @param lastRescale how the last rescale ended
 * @param rolledBack the last upgrade rolled back after its readiness timeout, while the applied manifests still hold
 *     its template or spec (cleared when another one is applied and upgraded to, or the running one applied again)
 * @param submittedJob a session job: what its running job was submitted from (the controller's last submission whose job
 *     ran with all its tasks), so that an upgrade whose new job does not run can be rolled back to it; null for
 *     applications, for a job the controller adopted, and in a status written by a controller from before it
 */
public record RuntimeStatus(
    LifecycleState lifecycle,
    String jobId,
    String jobState,
    FlinkObservation observation,
    Long observedSavepointTriggerNonce,
    SavepointInfo lastSavepoint,
    List<SavepointInfo> savepointHistory,
    PendingOperation pendingOperation,
    StatusError lastError,
    Backoff savepointBackoff,
    Backoff disposalBackoff,
    Transition transition,
    TransitionResult lastTransition,
    String deployedSpec,
    Map<String, Integer> suspendedReplicas,
    Rescale rescale,
    RescaleResult lastRescale,
    ScalingDecisionRecord lastScalingDecision,
    Long observedRestartNonce,
    Long observedRedeployNonce,
    JarFetchBackoff jarFetchBackoff,
    AutoscalerMemory autoscaler,
    Rollback rolledBack,
    SubmittedJob submittedJob) {

  public RuntimeStatus {
    savepointHistory = savepointHistory == null ? List.of() : List.copyOf(savepointHistory);
    // Map.copyOf refuses null values; an autoscaler-owned StatefulSet is recorded with a null count.
    suspendedReplicas = suspendedReplicas == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(suspendedReplicas));
  }

  /** A status without {@link #submittedJob} (the components before it was added). */
  public RuntimeStatus(LifecycleState lifecycle, String jobId, String jobState, FlinkObservation observation,
      Long observedSavepointTriggerNonce, SavepointInfo lastSavepoint, List<SavepointInfo> savepointHistory,
      PendingOperation pendingOperation, StatusError lastError, Backoff savepointBackoff, Backoff disposalBackoff,
      Transition transition, TransitionResult lastTransition, String deployedSpec, Map<String, Integer> suspendedReplicas,
      Rescale rescale, RescaleResult lastRescale, ScalingDecisionRecord lastScalingDecision, Long observedRestartNonce,
      Long observedRedeployNonce, JarFetchBackoff jarFetchBackoff, AutoscalerMemory autoscaler, Rollback rolledBack) {
    this(lifecycle, jobId, jobState, observation, observedSavepointTriggerNonce, lastSavepoint, savepointHistory,
        pendingOperation, lastError, savepointBackoff, disposalBackoff, transition, lastTransition, deployedSpec,
        suspendedReplicas, rescale, lastRescale, lastScalingDecision, observedRestartNonce, observedRedeployNonce,
        jarFetchBackoff, autoscaler, rolledBack, null);
  }

  /** A status without {@link #rolledBack} (the components before it was added). */
  public RuntimeStatus(LifecycleState lifecycle, String jobId, String jobState, FlinkObservation observation,
      Long observedSavepointTriggerNonce, SavepointInfo lastSavepoint, List<SavepointInfo> savepointHistory,
      PendingOperation pendingOperation, StatusError lastError, Backoff savepointBackoff, Backoff disposalBackoff,
      Transition transition, TransitionResult lastTransition, String deployedSpec, Map<String, Integer> suspendedReplicas,
      Rescale rescale, RescaleResult lastRescale, ScalingDecisionRecord lastScalingDecision, Long observedRestartNonce,
      Long observedRedeployNonce, JarFetchBackoff jarFetchBackoff, AutoscalerMemory autoscaler) {
    this(lifecycle, jobId, jobState, observation, observedSavepointTriggerNonce, lastSavepoint, savepointHistory,
        pendingOperation, lastError, savepointBackoff, disposalBackoff, transition, lastTransition, deployedSpec,
        suspendedReplicas, rescale, lastRescale, lastScalingDecision, observedRestartNonce, observedRedeployNonce,
        jarFetchBackoff, autoscaler, null, null);
  }

  /** A status without {@link #autoscaler} (the components before it was added). */
  public RuntimeStatus(LifecycleState lifecycle, String jobId, String jobState, FlinkObservation observation,
      Long observedSavepointTriggerNonce, SavepointInfo lastSavepoint, List<SavepointInfo> savepointHistory,
      PendingOperation pendingOperation, StatusError lastError, Backoff savepointBackoff, Backoff disposalBackoff,
      Transition transition, TransitionResult lastTransition, String deployedSpec, Map<String, Integer> suspendedReplicas,
      Rescale rescale, RescaleResult lastRescale, ScalingDecisionRecord lastScalingDecision, Long observedRestartNonce,
      Long observedRedeployNonce, JarFetchBackoff jarFetchBackoff) {
    this(lifecycle, jobId, jobState, observation, observedSavepointTriggerNonce, lastSavepoint, savepointHistory,
        pendingOperation, lastError, savepointBackoff, disposalBackoff, transition, lastTransition, deployedSpec,
        suspendedReplicas, rescale, lastRescale, lastScalingDecision, observedRestartNonce, observedRedeployNonce,
        jarFetchBackoff, null, null, null);
  }

  /** The status of a declaration seen for the first time; its current savepoint nonce counts as answered. */
  public static RuntimeStatus initial(Long currentNonce) {
    return initial(currentNonce, null, null);
  }

  /** The status of a declaration seen for the first time; its current nonces count as answered. */
  public static RuntimeStatus initial(Long savepointNonce, Long restartNonce, Long redeployNonce) {
    return new RuntimeStatus(LifecycleState.CREATED, null, null, null, savepointNonce, null, List.of(), null, null, null, null, null,
        null, null, Map.of(), null, null, null, restartNonce, redeployNonce, null, null, null, null);
  }
}
