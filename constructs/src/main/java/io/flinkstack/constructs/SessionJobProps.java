package io.flinkstack.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A jar job on a {@link FlinkSessionCluster}. */
public final class SessionJobProps {
  private final FlinkSessionCluster cluster;
  private final String name;
  private final String jarUri;
  private final String entryClass;
  private final List<String> args;
  private final Integer parallelism;
  private final JobSettings job;
  private final FlinkAutoscaler flinkAutoscaler;

  private SessionJobProps(Builder b) {
    cluster = b.cluster;
    name = b.name;
    jarUri = b.jarUri;
    entryClass = b.entryClass;
    args = b.args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(b.args));
    parallelism = b.parallelism;
    job = b.job == null ? JobSettings.defaults() : b.job;
    flinkAutoscaler = b.flinkAutoscaler;
  }

  public static Builder builder() {
    return new Builder();
  }

  public FlinkSessionCluster getCluster() {
    return cluster;
  }

  /** Null means the construct id. */
  public String getName() {
    return name;
  }

  public String getJarUri() {
    return jarUri;
  }

  public String getEntryClass() {
    return entryClass;
  }

  public List<String> getArgs() {
    return args;
  }

  /** Null means 1. */
  public Integer getParallelism() {
    return parallelism;
  }

  public JobSettings getJob() {
    return job;
  }

  /** The runtime controller's autoscaler for the job; null for none. */
  public FlinkAutoscaler getFlinkAutoscaler() {
    return flinkAutoscaler;
  }

  /** Builder of {@link SessionJobProps}. */
  public static final class Builder {
    private FlinkSessionCluster cluster;
    private String name;
    private String jarUri;
    private String entryClass;
    private List<String> args = List.of();
    private Integer parallelism;
    private JobSettings job = JobSettings.defaults();
    private FlinkAutoscaler flinkAutoscaler;

    private Builder() {}

    /** The session cluster that runs the job (required). */
    public Builder cluster(FlinkSessionCluster cluster) {
      this.cluster = cluster;
      return this;
    }

    /** The job's name, unique in the cluster; default: the construct id. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Where the job jar is: {@code https://…} (standalone backend) or any scheme the operator fetches. */
    public Builder jarUri(String jarUri) {
      this.jarUri = jarUri;
      return this;
    }

    public Builder entryClass(String entryClass) {
      this.entryClass = entryClass;
      return this;
    }

    public Builder args(List<String> args) {
      this.args = args;
      return this;
    }

    /** Parallelism (default 1); running jobs together must fit the cluster's slots. */
    public Builder parallelism(Integer parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** Upgrade mode, desired state, savepoints. */
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

    public SessionJobProps build() {
      return new SessionJobProps(this);
    }
  }
}
