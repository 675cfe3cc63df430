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

  private SessionJobs() {}
}
