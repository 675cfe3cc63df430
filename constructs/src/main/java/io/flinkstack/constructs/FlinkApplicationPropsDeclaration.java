package io.flinkstack.constructs;

import io.flinkstack.props.Prop;
import io.flinkstack.props.Props;
import java.util.List;

/**
 * Everything a {@link FlinkApplication} needs: an application-mode Flink cluster that runs one job. Immutable; build
 * it with {@link #builder()} or through {@link FlinkApplication.Builder}; every property but image and jarUri has a
 * default. Nothing is checked here: {@link FlinkApplication} validates all properties at once and reports every
 * problem.
 */
@Props
final class FlinkApplicationPropsDeclaration extends ClusterPropsDeclaration {
  /** The job jar: {@code local:///opt/flink/usrlib/job.jar} (in the image) or, Flink 1.19+, a remote URI (required). */
  String jarUri;

  /**
   * The job's main class.
   *
   * @default the jar manifest's Main-Class
   */
  String entryClass;

  /**
   * Program arguments of the job's main method.
   *
   * @default none
   */
  List<String> args = List.of();

  /**
   * Default parallelism of the job.
   *
   * @default taskManagers × taskSlots
   */
  Integer parallelism;

  /**
   * Upgrade mode, desired state, savepoint policy and restore settings of the job (the runtime controller and the
   * operator act on them); null means the default.
   *
   * @default {@link JobSettings#defaults()}
   */
  @Prop(nullMeansDefault = true)
  JobSettings job = JobSettings.defaults();

  /**
   * flinkstack's Flink-aware autoscaler for the job, run by the runtime controller (standalone backend; the operator
   * backend has {@code operatorAutoscaler}). ACT mode defaults the scheduler to ADAPTIVE.
   *
   * @default none
   */
  ControllerAutoscaler controllerAutoscaler;
}
