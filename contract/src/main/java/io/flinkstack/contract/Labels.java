package io.flinkstack.contract;

/**
 * Label keys and values that the constructs write and the runtime controller selects on. Changing one is
 * a breaking change for clusters already running: selectors of StatefulSets are immutable.
 */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String VERSION = "app.kubernetes.io/version";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** Value of {@link #NAME} on every object flinkstack synthesizes for a Flink cluster. */
  public static final String NAME_FLINK = "flink";
  /** Value of {@link #NAME} on the runtime controller's pods: what a cluster's NetworkPolicy admits to REST. */
  public static final String NAME_CONTROLLER = "flinkstack-controller";
  /** The runtime controller's namespace when none is given. */
  public static final String CONTROLLER_NAMESPACE = "flinkstack-system";
  /** Value of {@link #MANAGED_BY}. */
  public static final String MANAGED_BY_FLINKSTACK = "flinkstack";

  /** Value of {@link #MANAGED_BY} on objects the runtime controller creates itself (a cluster's restore ConfigMap). */
  public static final String MANAGED_BY_CONTROLLER = "flinkstack-controller";
  /** Label on an object the runtime controller wrote for a FlinkJob: that FlinkJob's name. */
  public static final String FLINK_JOB = "flinkstack.io/flinkjob";
  /**
   * Label on a FlinkSnapshot the runtime controller created to record a savepoint it took itself (periodic, nonce,
   * upgrade, suspend, rescale): why it was taken, the {@code SavepointTrigger} in lower case ({@code periodic}, …).
   */
  public static final String SAVEPOINT_TRIGGER = "flinkstack.io/savepoint-trigger";

  public static final String COMPONENT_JOBMANAGER = "jobmanager";
  public static final String COMPONENT_TASKMANAGER = "taskmanager";

  private Labels() {}
}
