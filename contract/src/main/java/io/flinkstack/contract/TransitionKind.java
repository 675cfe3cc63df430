package io.flinkstack.contract;

/** A change of what runs, carried out by the runtime controller in recorded steps ({@link Transition}). */
public enum TransitionKind {
  /** New pod revisions (application) or a changed job (session job): stop, record the restore path, start the new one. */
  UPGRADE,
  /** Desired state {@code suspended}: stop with a savepoint, then scale to zero (application) or leave it stopped. */
  SUSPEND,
  /** Desired state {@code running} after a suspend: start again from the recorded savepoint. */
  RESUME,
  /** A session job that is declared but not running: submit it. */
  SUBMIT,
  /**
   * {@code restartNonce} changed: the same job stopped and started again from its latest state (a savepoint in
   * savepoint mode, the latest checkpoint in last-state mode or when it cannot take one; nothing when stateless),
   * without a change of its declaration.
   */
  RESTART,
  /**
   * {@code redeployNonce} changed: the job cancelled without a savepoint and started again from its
   * {@code initialSavepointPath} (without state when there is none); its current state is discarded.
   */
  REDEPLOY,
  /**
   * An upgrade whose new job did not run within its readiness timeout: back to the sets' current revision (the last
   * one whose job ran), or for a session job to the job submitted before ({@link RuntimeStatus#submittedJob}),
   * restoring the upgrade's own savepoint. The applied manifests still hold the failing template or spec; it is not
   * upgraded to again ({@link RuntimeStatus#rolledBack}).
   */
  ROLLBACK
}
