package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/**
 * Kubernetes high availability for a Flink cluster: leader election and job metadata in ConfigMaps and
 * Leases, the metadata's payload in {@code storageDir}, a namespaced Role with exactly those rights, and
 * JobManagers that advertise their pod IP so a standby can take over. Standby JobManagers come from
 * {@code jobManagerReplicas(2)} on the cluster.
 */
@Props(name = "HighAvailability")
final class HighAvailabilityDeclaration {
  /**
   * Where HA metadata is written: a URI Flink can write to from every JobManager, {@code s3://}, {@code gs://},
   * {@code abfs://}, or a shared volume; null means {@code <stateStorage>/ha} when the cluster has state storage.
   */
  String storageDir;

  /**
   * {@code kubernetes.cluster-id}, which names the HA ConfigMaps; null means the cluster name (at most 45
   * characters).
   */
  String clusterId;

  /** Fixed-delay restart attempts before the job fails (default 10). */
  int restartAttempts = 10;

  /** Delay between restart attempts, as Flink writes durations (default {@code 10 s}). */
  String restartDelay = "10 s";

  /** Kubernetes HA with its metadata under {@code storageDir} (e.g. {@code s3://bucket/flink/ha}). */
  static HighAvailability kubernetes(String storageDir) {
    return HighAvailability.builder().storageDir(storageDir).build();
  }
}
