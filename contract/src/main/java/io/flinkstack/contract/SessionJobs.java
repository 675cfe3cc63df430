package io.flinkstack.contract;

/**
 * The declarative job list of a session cluster in the standalone backend: one ConfigMap per job, labelled
 * with its cluster, holding a {@link JobDeclaration} as YAML (and, for SQL jobs, the statements). The
 * runtime controller lists them by label and submits, upgrades and suspends the jobs they declare; deleting
 * a job's ConfigMap is how a job is removed.
 */
public final class SessionJobs {
  /** Label on a declaration's ConfigMap: the name of the cluster that runs the job. */
  public static final String LABEL_SESSION_CLUSTER = "flinkstack.io/session-cluster";
  /** Label on a job's ConfigMap saying what it declares. */
  public static final String LABEL_DECLARATION = "flinkstack.io/declaration";
  public static final String DECLARATION_SESSION_JOB = "session-job";
  /** Value of {@link #LABEL_DECLARATION} on an application cluster's runtime settings ({@link #runtimeConfigMap}). */
  public static final String DECLARATION_APPLICATION = "application";
  /** Data key holding the {@link JobDeclaration} as YAML. */
  public static final String JOB_KEY = "job.yaml";
  /** Data key holding the job's autoscaler settings (an {@link AutoscalerDeclaration} as YAML); absent: none. */
  public static final String AUTOSCALER_KEY = "autoscaler.yaml";
  /** Data key holding a SQL job's statements. */
  public static final String SQL_KEY = "statements.sql";
  /** Main class of the SQL runner jar (module sql-runner). */
  public static final String SQL_RUNNER_CLASS = "io.flinkstack.sqlrunner.SqlRunner";
  /** {@code jarUri} of a SQL job whose runner jar the controller uploads itself. */
  public static final String BUNDLED_SQL_RUNNER = "flinkstack:sql-runner";

  private SessionJobs() {}

  public static String configMap(String cluster, String job) {
    return cluster + "-job-" + job;
  }

  /**
   * The ConfigMap that declares an application cluster's job settings (upgrade mode, desired state,
   * savepoint policy) to the runtime controller, with the same {@link #JOB_KEY} as a session job.
   */
  public static String runtimeConfigMap(String cluster) {
    return cluster + "-runtime";
  }
}
