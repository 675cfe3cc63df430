package io.flinkstack.contract;

import java.util.List;

/**
 * One job as the constructs declare it and the runtime controller reads it (YAML, field names as here; absent fields
 * are null; the enums as their {@code toString()}, which the YAML mappers of both sides are set to use).
 *
 * @param name the job's name, unique in its session cluster
 * @param kind what runs the job: the application cluster's own job, a jar or SQL
 * @param jarUri where the job jar is ({@code https://…}), or {@link SessionJobs#BUNDLED_SQL_RUNNER}
 * @param entryClass main class; null for the jar's Main-Class
 * @param args program arguments (a SQL job's statements are passed by the controller)
 * @param parallelism the job's parallelism
 * @param upgradeMode how the job's state survives an upgrade
 * @param state whether the job should run
 * @param savepointTriggerNonce a changed value asks for a savepoint
 * @param restartNonce a changed value asks for a restart from the latest state ({@link TransitionKind#RESTART})
 * @param redeployNonce a changed value asks for a redeploy from {@code initialSavepointPath} ({@link TransitionKind#REDEPLOY})
 * @param initialSavepointPath savepoint to start from the first time
 * @param allowNonRestoredState start even with state of removed operators
 * @param savepointInterval periodic savepoints, a Flink duration
 * @param savepointHistoryMaxCount savepoints to keep
 * @param savepointHistoryMaxAge dispose savepoints older than this, a Flink duration
 * @param parallelismMin the lowest parallelism the runtime controller may rescale the job to; null with
 *     {@link #parallelismMax} null: no rescaling, the job keeps {@link #parallelism}
 * @param parallelismMax the highest parallelism the runtime controller may rescale the job to (null: as
 *     many as the slots allow)
 * @param savepointBeforeScaleDown take a savepoint before a scale-down the controller chose, so the
 *     rescaled job replays little (null: false)
 * @param jarSha256 the SHA-256 digest of the jar at {@link #jarUri}, 64 lower-case hex digits: the controller
 *     refuses a downloaded jar with another digest; null: not checked, and the controller warns about it
 * @param jarCredentials the Secret key whose value the controller sends as the {@code Authorization} header when it
 *     downloads the jar at {@link #jarUri}; null: no credentials (a token can still be in the URI)
 * @param readinessTimeout how long an upgrade's new job may take to run with all its tasks (an application's from its
 *     pods' replacement, a session job's from the old job's stop), a Flink duration (null: {@link #DEFAULT_READINESS_TIMEOUT});
 *     a rollback's, resume's, restart's or redeploy's job not running within it is reported stalled
 * @param rollback whether an upgrade whose job does not run within {@link #readinessTimeout} is rolled back to the
 *     last revision whose job ran (a session job: to the job submitted before), from the upgrade's savepoint (null: true)
 */
public record JobDeclaration(
    String name,
    JobKind kind,
    String jarUri,
    String entryClass,
    List<String> args,
    Integer parallelism,
    UpgradeMode upgradeMode,
    DesiredState state,
    Long savepointTriggerNonce,
    String initialSavepointPath,
    Boolean allowNonRestoredState,
    String savepointInterval,
    Integer savepointHistoryMaxCount,
    String savepointHistoryMaxAge,
    Integer parallelismMin,
    Integer parallelismMax,
    Boolean savepointBeforeScaleDown,
    String jarSha256,
    Long restartNonce,
    Long redeployNonce,
    JarCredentials jarCredentials,
    String readinessTimeout,
    Boolean rollback) {

  /** As the Apache operator's {@code kubernetes.operator.deployment.readiness.timeout} default. */
  public static final String DEFAULT_READINESS_TIMEOUT = "5 min";

  /** Without the readiness timeout and rollback switch. */
  public JobDeclaration(String name, JobKind kind, String jarUri, String entryClass, List<String> args, Integer parallelism,
      UpgradeMode upgradeMode, DesiredState state, Long savepointTriggerNonce, String initialSavepointPath,
      Boolean allowNonRestoredState, String savepointInterval, Integer savepointHistoryMaxCount, String savepointHistoryMaxAge,
      Integer parallelismMin, Integer parallelismMax, Boolean savepointBeforeScaleDown, String jarSha256, Long restartNonce,
      Long redeployNonce, JarCredentials jarCredentials) {
    this(name, kind, jarUri, entryClass, args, parallelism, upgradeMode, state, savepointTriggerNonce, initialSavepointPath,
        allowNonRestoredState, savepointInterval, savepointHistoryMaxCount, savepointHistoryMaxAge, parallelismMin, parallelismMax,
        savepointBeforeScaleDown, jarSha256, restartNonce, redeployNonce, jarCredentials, null, null);
  }

  /** Without jar credentials, readiness timeout and rollback switch. */
  public JobDeclaration(String name, JobKind kind, String jarUri, String entryClass, List<String> args, Integer parallelism,
      UpgradeMode upgradeMode, DesiredState state, Long savepointTriggerNonce, String initialSavepointPath,
      Boolean allowNonRestoredState, String savepointInterval, Integer savepointHistoryMaxCount, String savepointHistoryMaxAge,
      Integer parallelismMin, Integer parallelismMax, Boolean savepointBeforeScaleDown, String jarSha256, Long restartNonce,
      Long redeployNonce) {
    this(name, kind, jarUri, entryClass, args, parallelism, upgradeMode, state, savepointTriggerNonce, initialSavepointPath,
        allowNonRestoredState, savepointInterval, savepointHistoryMaxCount, savepointHistoryMaxAge, parallelismMin, parallelismMax,
        savepointBeforeScaleDown, jarSha256, restartNonce, redeployNonce, null, null, null);
  }

  /** Without the restart and redeploy nonces. */
  public JobDeclaration(String name, JobKind kind, String jarUri, String entryClass, List<String> args, Integer parallelism,
      UpgradeMode upgradeMode, DesiredState state, Long savepointTriggerNonce, String initialSavepointPath,
      Boolean allowNonRestoredState, String savepointInterval, Integer savepointHistoryMaxCount, String savepointHistoryMaxAge,
      Integer parallelismMin, Integer parallelismMax, Boolean savepointBeforeScaleDown, String jarSha256) {
    this(name, kind, jarUri, entryClass, args, parallelism, upgradeMode, state, savepointTriggerNonce, initialSavepointPath,
        allowNonRestoredState, savepointInterval, savepointHistoryMaxCount, savepointHistoryMaxAge, parallelismMin, parallelismMax,
        savepointBeforeScaleDown, jarSha256, null, null, null);
  }

  /** The same declaration in another desired state (a session job whose FlinkJob is being deleted is stopped). */
  public JobDeclaration withState(DesiredState value) {
    return new JobDeclaration(name, kind, jarUri, entryClass, args, parallelism, upgradeMode, value, savepointTriggerNonce,
        initialSavepointPath, allowNonRestoredState, savepointInterval, savepointHistoryMaxCount, savepointHistoryMaxAge,
        parallelismMin, parallelismMax, savepointBeforeScaleDown, jarSha256, restartNonce, redeployNonce, jarCredentials,
        readinessTimeout, rollback);
  }

  /** The same declaration at another parallelism (a rescale restarting a session job submits this). */
  public JobDeclaration withParallelism(Integer value) {
    return new JobDeclaration(name, kind, jarUri, entryClass, args, value, upgradeMode, state, savepointTriggerNonce,
        initialSavepointPath, allowNonRestoredState, savepointInterval, savepointHistoryMaxCount, savepointHistoryMaxAge,
        parallelismMin, parallelismMax, savepointBeforeScaleDown, jarSha256, restartNonce, redeployNonce, jarCredentials,
        readinessTimeout, rollback);
  }

  /** Whether an upgrade that does not come up in time is rolled back (the default). */
  public boolean rollsBack() {
    return !Boolean.FALSE.equals(rollback);
  }

  /** The controller rescales the job when either bound is declared. */
  public boolean rescalable() {
    return parallelismMin != null || parallelismMax != null;
  }
}
