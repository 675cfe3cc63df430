package io.flinkstack.constructs.operatorinstall;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The operator's configuration keys flinkstack writes, and the configuration file they make. */
public final class OperatorConfiguration {
  public static final String WATCHED_NAMESPACES = "kubernetes.operator.watched.namespaces";
  public static final String RECONCILE_INTERVAL = "kubernetes.operator.reconcile.interval";
  public static final String PROGRESS_CHECK_INTERVAL = "kubernetes.operator.observer.progress-check.interval";
  public static final String SAVEPOINT_HISTORY_MAX_COUNT = "kubernetes.operator.savepoint.history.max.count";
  public static final String SAVEPOINT_HISTORY_MAX_AGE = "kubernetes.operator.savepoint.history.max.age";
  public static final String HEALTH_PROBE_ENABLED = "kubernetes.operator.health.probe.enabled";
  public static final String HEALTH_PROBE_PORT = "kubernetes.operator.health.probe.port";
  public static final String LEADER_ELECTION_ENABLED = "kubernetes.operator.leader-election.enabled";
  public static final String LEADER_ELECTION_LEASE_NAME = "kubernetes.operator.leader-election.lease-name";

  /**
   * Keys other objects are built from: RBAC follows the watched namespaces, the Lease Role and replicas
   * follow leader election, the probes follow the health port. Set through their properties, never the map.
   */
  static final Map<String, String> DERIVED_FROM_PROPERTIES = Map.of(
      WATCHED_NAMESPACES, "watchedNamespaces",
      LEADER_ELECTION_ENABLED, "leaderElection",
      LEADER_ELECTION_LEASE_NAME, "leaseName",
      HEALTH_PROBE_ENABLED, "healthProbePort",
      HEALTH_PROBE_PORT, "healthProbePort");

  private OperatorConfiguration() {}

  /** flinkstack's keys, then {@code overrides} on top. */
  static SortedMap<String, String> merge(Map<String, String> derived, Map<String, String> overrides) {
    SortedMap<String, String> all = new TreeMap<>(derived);
    // A null key has been reported by validation already; a sorted map cannot hold it.
    overrides.forEach((k, v) -> {
      if (k != null) {
        all.put(k, v);
      }
    });
    return all;
  }

  /**
   * {@code flink-conf.yaml} as the operator reads it (the line-based "key: value" format, which the Helm
   * chart uses too): values are unquoted, so validation keeps '#' and line ends out of them.
   */
  static String render(SortedMap<String, String> configuration) {
    StringBuilder out = new StringBuilder("# Written by flinkstack (FlinkOperatorInstall).\n");
    configuration.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }
}
