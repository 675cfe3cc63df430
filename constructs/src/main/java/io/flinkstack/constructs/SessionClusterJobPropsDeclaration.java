package io.flinkstack.constructs;

import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;

/** What every job on a {@link FlinkSessionCluster} has, {@link SessionJobProps} and {@link SqlJobProps} alike. */
@Props(isAbstract = true)
class SessionClusterJobPropsDeclaration {
  /** The session cluster that runs the job (required). */
  FlinkSessionCluster cluster;

  /**
   * The job's name, unique in the cluster.
   *
   * @default the construct id
   */
  String name;

  /**
   * Parallelism of the job; running jobs together must fit the cluster's slots.
   *
   * @default 1
   */
  Integer parallelism;

  /**
   * Upgrade mode, desired state, savepoints; null means the default.
   *
   * @default {@link JobSettings#defaults()}
   */
  @Prop(nullMeansDefault = true)
  JobSettings job = JobSettings.defaults();

  /**
   * flinkstack's Flink-aware autoscaler for this job, run by the runtime controller (standalone backend). ACT mode
   * needs the session cluster's scheduler to be ADAPTIVE (its default under TaskManager autoscaling).
   *
   * @default none
   */
  ControllerAutoscaler controllerAutoscaler;
}
