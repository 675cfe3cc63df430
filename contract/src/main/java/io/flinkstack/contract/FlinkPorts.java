package io.flinkstack.contract;

/** The fixed ports of a flinkstack Flink cluster (Flink's documented Kubernetes defaults). */
public final class FlinkPorts {
  public static final int JOBMANAGER_RPC = 6123;
  public static final int BLOB_SERVER = 6124;
  public static final int REST = 8081;
  public static final int TASKMANAGER_RPC = 6122;

  private FlinkPorts() {}
}
