package io.flinkstack.contract;

/**
 * How the objects of one Flink cluster named {@code cluster} are named. The controller finds a cluster's
 * REST service and workloads by these names.
 */
public final class ClusterNames {
  private ClusterNames() {}

  public static String jobManager(String cluster) {
    return cluster + "-jobmanager";
  }

  /**
   * The JobManager StatefulSet's governing Service (headless): it gives each JobManager pod its stable DNS name,
   * {@code <pod>.<cluster>-jobmanager-headless}. Clients use {@link #jobManager}, which balances over ready pods.
   */
  public static String jobManagerHeadless(String cluster) {
    return cluster + "-jobmanager-headless";
  }

  public static String taskManager(String cluster) {
    return cluster + "-taskmanager";
  }

  public static String restService(String cluster) {
    return cluster + "-rest";
  }

  public static String config(String cluster) {
    return cluster + "-config";
  }

  public static String serviceAccount(String cluster) {
    return cluster;
  }
}
