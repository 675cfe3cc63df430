package io.flinkstack.harness;

/** The kinds of Flink process: a standalone session cluster's two, and an application cluster's JobManager. */
public enum FlinkRole {
  JOBMANAGER("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "GET_JM_RESOURCE_PARAMS"),
  /** Needs flink-container (flink-dist has it) on the classpath; runs the job's main in the JobManager. */
  APPLICATION_JOBMANAGER("org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint", "GET_JM_RESOURCE_PARAMS"),
  TASKMANAGER("org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "GET_TM_RESOURCE_PARAMS");

  final String mainClass;
  final String memoryParamsCommand;

  FlinkRole(String mainClass, String memoryParamsCommand) {
    this.mainClass = mainClass;
    this.memoryParamsCommand = memoryParamsCommand;
  }
}
