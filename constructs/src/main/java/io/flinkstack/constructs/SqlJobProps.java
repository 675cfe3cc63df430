package io.flinkstack.constructs;

/** A SQL job on a {@link FlinkSessionCluster}. */
public final class SqlJobProps {
  private final FlinkSessionCluster cluster;
  private final String name;
  private final String statements;
  private final Integer parallelism;
  private final String runnerJarUri;
  private final JobSettings job;
  private final FlinkAutoscaler flinkAutoscaler;

  private SqlJobProps(Builder b) {
    cluster = b.cluster;
    name = b.name;
    statements = b.statements;
    parallelism = b.parallelism;
    runnerJarUri = b.runnerJarUri;
    job = b.job == null ? JobSettings.defaults() : b.job;
    flinkAutoscaler = b.flinkAutoscaler;
  }

  public static Builder builder() {
    return new Builder();
  }

  public FlinkSessionCluster getCluster() {
    return cluster;
  }

  public String getName() {
    return name;
  }

  public String getStatements() {
    return statements;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  /** Null: the runner the runtime controller ships (standalone backend only). */
  public String getRunnerJarUri() {
    return runnerJarUri;
  }

  public JobSettings getJob() {
    return job;
  }

  /** The runtime controller's autoscaler for the job; null for none. */
  public FlinkAutoscaler getFlinkAutoscaler() {
    return flinkAutoscaler;
  }

  /** Builder of {@link SqlJobProps}. */
  public static final class Builder {
    private FlinkSessionCluster cluster;
    private String name;
    private String statements;
    private Integer parallelism;
    private String runnerJarUri;
    private JobSettings job = JobSettings.defaults();
    private FlinkAutoscaler flinkAutoscaler;

    private Builder() {}

    /** The session cluster that runs the job (required). */
    public Builder cluster(FlinkSessionCluster cluster) {
      this.cluster = cluster;
      return this;
    }

    /** Default: the construct id. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The SQL script: DDL, SET, and at least one INSERT INTO (required). */
    public Builder statements(String statements) {
      this.statements = statements;
      return this;
    }

    /** Default 1. */
    public Builder parallelism(Integer parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** Where the SQL runner jar is; required with the operator backend. */
    public Builder runnerJarUri(String runnerJarUri) {
      this.runnerJarUri = runnerJarUri;
      return this;
    }

    public Builder job(JobSettings job) {
      this.job = job;
      return this;
    }

    /**
     * flinkstack's Flink-aware autoscaler for this job, run by the runtime controller (standalone backend). ACT
     * mode needs the session cluster's scheduler to be ADAPTIVE (its default under TaskManager autoscaling).
     */
    public Builder flinkAutoscaler(FlinkAutoscaler flinkAutoscaler) {
      this.flinkAutoscaler = flinkAutoscaler;
      return this;
    }

    public SqlJobProps build() {
      return new SqlJobProps(this);
    }
  }
}
