package io.flinkstack.constructs;

import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.DesiredState;

/**
 * How a job is run over time: its upgrade mode, desired state, savepoint policy and restore settings —
 * the Apache operator's job fields. The operator backend writes them into its resources; the standalone
 * backend writes them for flinkstack's runtime controller.
 */
public final class JobSettings {
  private final UpgradeMode upgradeMode;
  private final DesiredState state;
  private final Long savepointTriggerNonce;
  private final String initialSavepointPath;
  private final Boolean allowNonRestoredState;
  private final String savepointInterval;
  private final Integer savepointHistoryMaxCount;
  private final String savepointHistoryMaxAge;
  private final Boolean savepointBeforeScaleDown;

  private JobSettings(Builder b) {
    upgradeMode = b.upgradeMode;
    state = b.state;
    savepointTriggerNonce = b.savepointTriggerNonce;
    initialSavepointPath = b.initialSavepointPath;
    allowNonRestoredState = b.allowNonRestoredState;
    savepointInterval = b.savepointInterval;
    savepointHistoryMaxCount = b.savepointHistoryMaxCount;
    savepointHistoryMaxAge = b.savepointHistoryMaxAge;
    savepointBeforeScaleDown = b.savepointBeforeScaleDown;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Running, upgrade mode chosen from the storage (savepoint with state storage, else stateless). */
  public static JobSettings defaults() {
    return builder().build();
  }

  /** Null means SAVEPOINT when the cluster has state storage, else STATELESS. */
  public UpgradeMode getUpgradeMode() {
    return upgradeMode;
  }

  public DesiredState getState() {
    return state;
  }

  /** Changing it asks for a savepoint now; null for none. */
  public Long getSavepointTriggerNonce() {
    return savepointTriggerNonce;
  }

  public String getInitialSavepointPath() {
    return initialSavepointPath;
  }

  public Boolean getAllowNonRestoredState() {
    return allowNonRestoredState;
  }

  /** Periodic savepoints, as a Flink duration (e.g. {@code 1 h}); null for none. */
  public String getSavepointInterval() {
    return savepointInterval;
  }

  public Integer getSavepointHistoryMaxCount() {
    return savepointHistoryMaxCount;
  }

  public String getSavepointHistoryMaxAge() {
    return savepointHistoryMaxAge;
  }

  /** Builder of {@link JobSettings}. */
  /**
   * Null means false. Only with {@code autoscaling}: the runtime controller then rescales the job to the
   * slots the TaskManagers give.
   */
  public Boolean getSavepointBeforeScaleDown() {
    return savepointBeforeScaleDown;
  }

  public static final class Builder {
    private UpgradeMode upgradeMode;
    private DesiredState state = DesiredState.RUNNING;
    private Long savepointTriggerNonce;
    private String initialSavepointPath;
    private Boolean allowNonRestoredState;
    private String savepointInterval;
    private Integer savepointHistoryMaxCount;
    private String savepointHistoryMaxAge;
    private Boolean savepointBeforeScaleDown;

    private Builder() {}

    /** How state survives an upgrade; default SAVEPOINT with state storage, else STATELESS. */
    public Builder upgradeMode(UpgradeMode upgradeMode) {
      this.upgradeMode = upgradeMode;
      return this;
    }

    /** RUNNING (default) or SUSPENDED (stopped with a savepoint). */
    public Builder state(DesiredState state) {
      this.state = state;
      return this;
    }

    /** Change the number to trigger a savepoint on the next reconcile. */
    public Builder savepointTriggerNonce(Long savepointTriggerNonce) {
      this.savepointTriggerNonce = savepointTriggerNonce;
      return this;
    }

    /** Savepoint the job starts from the first time. */
    public Builder initialSavepointPath(String initialSavepointPath) {
      this.initialSavepointPath = initialSavepointPath;
      return this;
    }

    /** Start even when the savepoint holds state of operators the job no longer has. */
    public Builder allowNonRestoredState(Boolean allowNonRestoredState) {
      this.allowNonRestoredState = allowNonRestoredState;
      return this;
    }

    /** Take a savepoint this often, e.g. {@code 1 h}. */
    public Builder savepointInterval(String savepointInterval) {
      this.savepointInterval = savepointInterval;
      return this;
    }

    /** Keep at most this many savepoints (older ones are disposed). */
    public Builder savepointHistoryMaxCount(Integer savepointHistoryMaxCount) {
      this.savepointHistoryMaxCount = savepointHistoryMaxCount;
      return this;
    }

    /** Dispose savepoints older than this, e.g. {@code 7 d}. */
    public Builder savepointHistoryMaxAge(String savepointHistoryMaxAge) {
      this.savepointHistoryMaxAge = savepointHistoryMaxAge;
      return this;
    }

    /**
     * Take a savepoint before the runtime controller scales the job down (autoscaled clusters), so the
     * rescaled job replays little from its last checkpoint. Default false.
     */
    public Builder savepointBeforeScaleDown(Boolean savepointBeforeScaleDown) {
      this.savepointBeforeScaleDown = savepointBeforeScaleDown;
      return this;
    }

    public JobSettings build() {
      return new JobSettings(this);
    }
  }
}
