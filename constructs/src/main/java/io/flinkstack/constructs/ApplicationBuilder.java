package io.flinkstack.constructs;

import java.util.List;

/**
 * Cluster settings plus the job an application cluster runs.
 *
 * @param <B> the concrete builder
 */
public abstract class ApplicationBuilder<B extends ApplicationBuilder<B>> extends ClusterBuilder<B> {
  String jarUri;
  String entryClass;
  List<String> args = List.of();
  Integer parallelism;
  JobSettings job = JobSettings.defaults();
  FlinkAutoscaler flinkAutoscaler;

  ApplicationBuilder() {}

  /** The job jar: {@code local:///opt/flink/usrlib/job.jar} (in the image) or, Flink 1.19+, a remote URI. */
  public B jarUri(String jarUri) {
    this.jarUri = jarUri;
    return self();
  }

  /** The job's main class; default: the jar manifest's Main-Class. */
  public B entryClass(String entryClass) {
    this.entryClass = entryClass;
    return self();
  }

  /** Program arguments of the job's main method. */
  public B args(List<String> args) {
    this.args = args;
    return self();
  }

  /** Default parallelism of the job; default: taskManagers × taskSlots. */
  public B parallelism(Integer parallelism) {
    this.parallelism = parallelism;
    return self();
  }

  /** Upgrade mode, desired state, savepoint policy and restore settings of the job (the runtime controller and the operator act on them). */
  public B job(JobSettings job) {
    this.job = job;
    return self();
  }

  /**
   * flinkstack's Flink-aware autoscaler for the job, run by the runtime controller (standalone backend; the
   * operator backend has {@link #operatorAutoscaler(OperatorAutoscaler)}). ACT mode defaults the scheduler to
   * ADAPTIVE.
   */
  public B flinkAutoscaler(FlinkAutoscaler flinkAutoscaler) {
    this.flinkAutoscaler = flinkAutoscaler;
    return self();
  }
}
