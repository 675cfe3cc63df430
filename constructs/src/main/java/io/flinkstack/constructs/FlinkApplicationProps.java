package io.flinkstack.constructs;

import java.util.List;

/**
 * Everything a {@link FlinkApplication} needs: an application-mode Flink cluster that runs one job.
 * Immutable; build it with {@link #builder()} or through {@link FlinkApplication.Builder}. Nothing is
 * checked here: {@link FlinkApplication} validates all properties at once and reports every problem.
 */
public final class FlinkApplicationProps extends ClusterProps {
  private final String jarUri;
  private final String entryClass;
  private final List<String> args;
  private final Integer parallelism;
  private final JobSettings job;
  private final FlinkAutoscaler flinkAutoscaler;

  FlinkApplicationProps(ApplicationBuilder<?> b) {
    super(b);
    jarUri = b.jarUri;
    entryClass = b.entryClass;
    args = copy(b.args);
    parallelism = b.parallelism;
    job = b.job == null ? JobSettings.defaults() : b.job;
    flinkAutoscaler = b.flinkAutoscaler;
  }

  public static Builder builder() {
    return new Builder();
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

  /** Null means taskManagers × taskSlots. */
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

  /** Builder of {@link FlinkApplicationProps}; every property but image and jarUri has a default. */
  public static final class Builder extends ApplicationBuilder<Builder> {
    private Builder() {}

    public FlinkApplicationProps build() {
      return new FlinkApplicationProps(this);
    }
  }
}
