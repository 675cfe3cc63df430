package io.flinkstack.contract;

/**
 * How the runtime controller runs in a cluster: what its image is started with and what it serves. The
 * {@code RuntimeController} construct synthesizes a Deployment from these; the controller's command line
 * accepts exactly these flags.
 */
public final class ControllerRuntime {
  /** The subcommand of the controller image's entrypoint ({@code java -jar flinkstack-controller.jar}). */
  public static final String COMMAND = "controller";
  /** Flag: a namespace to watch (repeatable); none means all namespaces. */
  public static final String FLAG_NAMESPACE = "--namespace";
  /** Flag: the namespace of the leader-election Lease (default: the pod's namespace from {@link #ENV_POD_NAMESPACE}). */
  public static final String FLAG_LEASE_NAMESPACE = "--lease-namespace";
  /** Flag: the name of the leader-election Lease. */
  public static final String FLAG_LEASE_NAME = "--lease-name";
  /** Flag: the port of the metrics/health HTTP server. */
  public static final String FLAG_METRICS_PORT = "--metrics-port";
  /** Flag: time between reconcile passes, a Flink duration ({@code 10 s}). */
  public static final String FLAG_INTERVAL = "--interval";
  /** Flag: how many FlinkJobs the controller reconciles at once. */
  public static final String FLAG_WORKERS = "--workers";
  /**
   * Flag: a host session job jars may be downloaded from (repeatable): a host name, or {@code *.example.com} for
   * any host under {@code example.com}; none means any host.
   */
  public static final String FLAG_JAR_HOST = "--jar-host";
  /** Flag: the longest one jar download may take, redirects included, a Flink duration ({@code 2 min}). */
  public static final String FLAG_JAR_FETCH_TIMEOUT = "--jar-fetch-timeout";
  /** Flag: the largest jar the controller downloads, bytes or with a unit ({@code 512m}, {@code 1g}). */
  public static final String FLAG_JAR_MAX_SIZE = "--jar-max-size";
  /**
   * Flag (no value): also list the savepoints the controller takes itself (periodic, nonce, upgrade, suspend, rescale)
   * as FlinkSnapshots, one per savepoint in a FlinkJob's history; off by default (a create and a status write per
   * savepoint).
   */
  public static final String FLAG_SAVEPOINT_SNAPSHOTS = "--savepoint-snapshots";


  /** Environment variable with the pod's name: the leader-election identity. */
  public static final String ENV_POD_NAME = "POD_NAME";
  /** Environment variable with the pod's namespace. */
  public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";

  public static final String DEFAULT_LEASE_NAME = "flinkstack-controller";
  public static final int METRICS_PORT = 9090;
  /** Prometheus text format. */
  public static final String METRICS_PATH = "/metrics";
  /** 200 while the process runs its loop or waits for leadership (liveness and readiness). */
  public static final String HEALTH_PATH = "/healthz";

  private ControllerRuntime() {}
}
