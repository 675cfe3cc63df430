package io.flinkstack.contract;

/**
 * Where the runtime controller keeps a {@link RuntimeStatus}: a ConfigMap next to the declaration, written
 * only by the controller, with the status as YAML under {@link #STATUS_KEY}.
 */
public final class RuntimeStatuses {
  /** Data key holding the {@link RuntimeStatus} as YAML. */
  public static final String STATUS_KEY = "status.yaml";
  /** Label on a status ConfigMap: the name of the declaration ConfigMap it belongs to. */
  public static final String LABEL_STATUS_OF = "flinkstack.io/status-of";
  /** Value of {@link Labels#MANAGED_BY} on status ConfigMaps: the controller, not the synthesized manifests. */
  public static final String MANAGED_BY_CONTROLLER = "flinkstack-controller";

  private RuntimeStatuses() {}

  /** Status of an application cluster's job (declared by {@link SessionJobs#runtimeConfigMap}). */
  public static String applicationConfigMap(String cluster) {
    return cluster + "-status";
  }

  /** Status of a session job (declared by {@link SessionJobs#configMap}). */
  public static String sessionJobConfigMap(String cluster, String job) {
    return SessionJobs.configMap(cluster, job) + "-status";
  }
}
