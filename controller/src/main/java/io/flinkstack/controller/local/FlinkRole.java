package io.flinkstack.controller.local;

/** The two kinds of Flink process a standalone session cluster has. */
enum FlinkRole {
  JOBMANAGER("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "GET_JM_RESOURCE_PARAMS"),
  TASKMANAGER("org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "GET_TM_RESOURCE_PARAMS");

  final String mainClass;
  final String memoryParamsCommand;

  FlinkRole(String mainClass, String memoryParamsCommand) {
    this.mainClass = mainClass;
    this.memoryParamsCommand = memoryParamsCommand;
  }
}
