package io.flinkstack.contract;

/**
 * What the constructs and the runtime controller agree on about jobs, beyond the FlinkJob resource
 * ({@link io.flinkstack.contract.resource.FlinkJob}): the label naming a FlinkJob's cluster, and the bundled SQL runner.
 */
public final class SessionJobs {
  /** Label on a FlinkJob: the name of the cluster that runs the job (as its {@code spec.cluster}). */
  public static final String LABEL_SESSION_CLUSTER = "flinkstack.io/session-cluster";
  /** Main class of the SQL runner jar (module sql-runner). */
  public static final String SQL_RUNNER_CLASS = "io.flinkstack.sqlrunner.SqlRunner";
  /** {@code jarUri} of a SQL job whose runner jar the controller uploads itself. */
  public static final String BUNDLED_SQL_RUNNER = "flinkstack:sql-runner";
  /**
   * Main class in the SQL runner jar that finds a stop-with-savepoint's savepoint in the stop's own directory, run by a
   * session cluster's JobManager through Flink's jar plan endpoint; its answer is the planned job's name, starting with
   * {@link #SAVEPOINT_FOUND} or {@link #SAVEPOINT_NONE}.
   */
  public static final String SAVEPOINT_LOCATOR_CLASS = "io.flinkstack.sqlrunner.SavepointLocator";
  /** The locator's answer when it found a savepoint: its path follows. */
  public static final String SAVEPOINT_FOUND = "flinkstack-savepoint: ";
  /** The locator's answer when the directory holds no completed savepoint: the directory follows. */
  public static final String SAVEPOINT_NONE = "flinkstack-no-savepoint: ";

  private SessionJobs() {}
}
