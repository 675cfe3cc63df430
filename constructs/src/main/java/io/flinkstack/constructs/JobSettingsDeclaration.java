package io.flinkstack.constructs;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.props.Props;

/**
 * How a job is run over time: its upgrade mode, desired state, savepoint policy and restore settings —
 * the Apache operator's job fields. The operator backend writes them into its resources; the standalone
 * backend writes them for flinkstack's runtime controller.
 */
@Props(name = "JobSettings")
final class JobSettingsDeclaration {
  /** How state survives an upgrade; null means SAVEPOINT when the cluster has state storage, else STATELESS. */
  UpgradeMode upgradeMode;

  /** RUNNING (default) or SUSPENDED (stopped with a savepoint). */
  DesiredState state = DesiredState.RUNNING;

  /** Change the number to trigger a savepoint on the next reconcile; null for none. */
  Long savepointTriggerNonce;

  /**
   * Change the number to restart the job from its latest state without changing anything else: a savepoint in
   * SAVEPOINT mode, the latest checkpoint in LAST_STATE mode (or when the job is restarting or failed), no state
   * when STATELESS. Null for none. The operator backend writes it as the FlinkDeployment's {@code restartNonce}.
   */
  Long restartNonce;

  /**
   * Change the number to replace the job with one started from {@link #initialSavepointPath} (without state when
   * that is null), discarding its current state: the job is cancelled, no savepoint is taken. Null for none. The
   * operator backend writes it as {@code job.savepointRedeployNonce}.
   */
  Long redeployNonce;

  /** Savepoint the job starts from the first time, and again on every change of {@link #redeployNonce}. */
  String initialSavepointPath;

  /** Start even when the savepoint holds state of operators the job no longer has. */
  Boolean allowNonRestoredState;

  /** Take a savepoint this often, as a Flink duration (e.g. {@code 1 h}); null for none. */
  String savepointInterval;

  /** Keep at most this many savepoints (older ones are disposed). */
  Integer savepointHistoryMaxCount;

  /** Dispose savepoints older than this, e.g. {@code 7 d}. */
  String savepointHistoryMaxAge;

  /**
   * Take a savepoint before the runtime controller scales the job down (autoscaled clusters), so the
   * rescaled job replays little from its last checkpoint. Null means false. Only with {@code autoscaling}: the
   * runtime controller then rescales the job to the slots the TaskManagers give.
   */
  Boolean savepointBeforeScaleDown;

  /**
   * How long an upgrade's new job may take to run with all its tasks once its pods were replaced (a session job: once
   * its old job stopped), a Flink duration (jobs upgraded by the runtime controller). A rollback's, resume's,
   * restart's or redeploy's job not running within it is reported stalled. Null means the controller's default,
   * {@code 5 min}. With {@code Backend.OPERATOR} it is the operator's
   * {@code kubernetes.operator.deployment.readiness.timeout}; null there means the operator's default (1 min in 1.10).
   */
  String readinessTimeout;

  /**
   * Roll an upgrade whose job does not run within {@link #readinessTimeout} back to the last revision whose job ran
   * (a session job: the job submitted before), restoring the upgrade's savepoint; the applied manifests keep the failing template, which is not upgraded to
   * again. Null means true; false leaves the upgrade waiting for its job, reported as an Event. With
   * {@code Backend.OPERATOR} it is the operator's {@code kubernetes.operator.deployment.rollback.enabled} (true needs
   * highAvailability); null there means the operator's default (off).
   */
  Boolean rollback;

  /** Running, upgrade mode chosen from the storage (savepoint with state storage, else stateless). */
  static JobSettings defaults() {
    return JobSettings.builder().build();
  }
}
