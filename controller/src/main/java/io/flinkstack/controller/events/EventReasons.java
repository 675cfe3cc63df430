package io.flinkstack.controller.events;

/** The {@code reason} of every Event the controller records (what {@code kubectl get events} shows). */
public final class EventReasons {
  public static final String SAVEPOINT_TRIGGERED = "SavepointTriggered";
  public static final String SAVEPOINT_RESUMED = "SavepointResumed";
  public static final String SAVEPOINT_COMPLETED = "SavepointCompleted";
  public static final String SAVEPOINT_FAILED = "SavepointFailed";
  public static final String SAVEPOINT_FORGOTTEN = "SavepointForgotten";
  public static final String SAVEPOINT_DISPOSED = "SavepointDisposed";
  public static final String SAVEPOINT_DISPOSAL_FAILED = "SavepointDisposalFailed";
  /** The checkpoint a FlinkSnapshot of spec.type checkpoint asked for, as the savepoint reasons above. */
  public static final String CHECKPOINT_TRIGGERED = "CheckpointTriggered";
  public static final String CHECKPOINT_RESUMED = "CheckpointResumed";
  public static final String CHECKPOINT_COMPLETED = "CheckpointCompleted";
  /** It failed, was refused (a Flink version without the checkpoint trigger) or timed out. */
  public static final String CHECKPOINT_FAILED = "CheckpointFailed";
  public static final String CHECKPOINT_FORGOTTEN = "CheckpointForgotten";
  /** A FlinkSnapshot with disposeOnDelete was deleted after its FlinkJob: no JobManager is known to dispose it. */
  public static final String SNAPSHOT_NOT_DISPOSED = "SnapshotNotDisposed";
  /** A deleted FlinkJob's job was stopped with a savepoint (session jobs) and its last savepoint recorded. */
  public static final String FINAL_SAVEPOINT = "FinalSavepoint";
  /** A deleted FlinkJob went without a final savepoint (the JobManager did not answer in time, or its spec was unreadable). */
  public static final String FINAL_SAVEPOINT_MISSING = "FinalSavepointMissing";
  public static final String JOBMANAGER_UNREACHABLE = "JobManagerUnreachable";
  public static final String JOBMANAGER_REACHABLE = "JobManagerReachable";
  public static final String UPGRADE_STARTED = "UpgradeStarted";
  public static final String SUSPEND_STARTED = "SuspendStarted";
  public static final String RESUME_STARTED = "ResumeStarted";
  public static final String SUBMIT_STARTED = "SubmitStarted";
  public static final String RESTART_STARTED = "RestartStarted";
  public static final String REDEPLOY_STARTED = "RedeployStarted";
  public static final String TRANSITION_WAITING = "TransitionWaiting";
  public static final String TRANSITION_RESUMED = "TransitionResumed";
  public static final String RESTORE_PATH_RECORDED = "RestorePathRecorded";
  /** A last-state stop could not read the cancelled job's final checkpoint; the one read before the cancel is used. */
  public static final String LATEST_STATE_UNKNOWN = "LatestStateUnknown";
  /** A stop-with-savepoint whose result Flink no longer kept, found again in the finished job's checkpoint history. */
  public static final String STOP_SAVEPOINT_FOUND = "StopSavepointFound";
  /** The stop completed but its result went with the JobManager: the new JobManager restores the savepoint in its directory. */
  public static final String STOP_SAVEPOINT_IN_DIRECTORY = "StopSavepointInDirectory";
  public static final String STALE_HA_DATA_DELETED = "StaleHaDataDeleted";
  public static final String PODS_DELETED = "PodsDeleted";
  /** The partition of a RollingUpdate StatefulSet lowered after the savepoint, so its pods move to the new revision. */
  public static final String GATE_OPENED = "UpgradeGateOpened";
  /** A rollback closed the upgrade gate before replacing the failing pods. */
  public static final String GATE_CLOSED = "UpgradeGateClosed";
  /**
   * Warning: an upgrade's job did not run within its readiness timeout; the pods go back to their sets' current
   * revision and the job to the upgrade's savepoint. The applied manifests still hold the failing template.
   */
  public static final String UPGRADE_ROLLED_BACK = "UpgradeRolledBack";
  /**
   * An upgrade's job did not run within its readiness timeout and cannot be rolled back ({@code rollback: false}, or
   * pods without the readiness gate): it keeps waiting, and the applied manifests hold the failing template.
   */
  public static final String UPGRADE_NOT_READY = "UpgradeNotReady";
  /**
   * A rollback's job did not run within the readiness timeout either: nothing older is tried, it keeps waiting for a
   * person (the revision that ran before fails now too).
   */
  public static final String ROLLBACK_NOT_READY = "RollbackNotReady";
  /**
   * Warning: a resume's job did not run with all its tasks within the readiness timeout (its pods run a template whose
   * job fails, which a suspend may have made current: a StatefulSet at zero replicas completes any rollout); it keeps
   * waiting, stalled, until a newer template or a suspend replaces it.
   */
  public static final String RESUME_NOT_READY = "ResumeNotReady";
  /**
   * Warning: a restart's job (a changed {@code restartNonce}) did not run with all its tasks within the readiness
   * timeout: nothing to roll back to (the spec did not change), so it keeps waiting, stalled, until the nonce is changed
   * again, a newer template or spec is applied, or a suspend is declared.
   */
  public static final String RESTART_NOT_READY = "RestartNotReady";
  /** Warning: {@link #RESTART_NOT_READY} for a redeploy (a changed {@code redeployNonce}). */
  public static final String REDEPLOY_NOT_READY = "RedeployNotReady";
  /**
   * Warning: a session job's rescale by restart (stop-with-savepoint, the job submitted at the new parallelism) did not
   * run with all its tasks within the readiness timeout of its submission (typically: the slots it was sized for went
   * away). The spec did not change: it keeps waiting (Flink starts it when slots free up), stalled, until a newer spec
   * or a suspend replaces it.
   */
  public static final String RESCALE_NOT_READY = "RescaleNotReady";
  /**
   * Warning: a session job that had not ended is listed no more by its JobManager (one without HA restarted and lost
   * it), and cannot be submitted again from a checkpoint (none found, or the cluster has HA); the message says why and
   * what to do. A lost job that can be is restarted instead ({@link #RESTART_STARTED}, or {@link #UPGRADE_STARTED} when
   * its declaration changed meanwhile).
   */
  public static final String JOB_LOST = "JobLost";
  /** The job of a failing upgrade was cancelled before its rollback, so HA data does not bring it back. */
  public static final String JOB_CANCELLED = "JobCancelled";
  /**
   * Warning: a stateless transition's job (a redeploy, or a restart in stateless mode) had not ended an operation
   * timeout after its cancel; the transition replaced its JobManager anyway, as declared.
   */
  public static final String CANCEL_OVERDUE = "CancelOverdue";
  public static final String SCALED = "Scaled";
  public static final String JOB_SUBMITTED = "JobSubmitted";
  /** A session job's jar is downloaded without a declared {@code jarSha256}: nothing checks it is the intended jar. */
  public static final String JAR_DIGEST_MISSING = "JarDigestMissing";
  /**
   * A session job's upgrade did not start: the new jar could not be fetched or checked (HTTP error, digest,
   * host, size, deadline); the running job was left untouched.
   */
  public static final String UPGRADE_JAR_UNAVAILABLE = "UpgradeJarUnavailable";
  public static final String TRANSITION_SUCCEEDED = "TransitionSucceeded";
  public static final String TRANSITION_FAILED = "TransitionFailed";
  public static final String DECLARATION_INVALID = "DeclarationInvalid";
  public static final String RESCALE_STARTED = "RescaleStarted";
  public static final String RESCALE_RETARGETED = "RescaleRetargeted";
  public static final String RESCALED = "Rescaled";
  public static final String RESCALE_FAILED = "RescaleFailed";
  public static final String RESCALE_UNSUPPORTED = "RescaleUnsupported";

  private EventReasons() {}
}
