package io.flinkstack.constructs;

/**
 * Kubernetes high availability for a Flink cluster: leader election and job metadata in ConfigMaps and
 * Leases, the metadata's payload in {@code storageDir}, a namespaced Role with exactly those rights, and
 * JobManagers that advertise their pod IP so a standby can take over. Standby JobManagers come from
 * {@code jobManagerReplicas(2)} on the cluster.
 */
public final class HighAvailability {
  private final String storageDir;
  private final String clusterId;
  private final int restartAttempts;
  private final String restartDelay;

  private HighAvailability(Builder b) {
    storageDir = b.storageDir;
    clusterId = b.clusterId;
    restartAttempts = b.restartAttempts;
    restartDelay = b.restartDelay;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Kubernetes HA with its metadata under {@code storageDir} (e.g. {@code s3://bucket/flink/ha}). */
  public static HighAvailability kubernetes(String storageDir) {
    return builder().storageDir(storageDir).build();
  }

  /** Where HA metadata is written; null means {@code <stateStorage>/ha} when the cluster has state storage. */
  public String getStorageDir() {
    return storageDir;
  }

  /** {@code kubernetes.cluster-id}; null means the cluster name. */
  public String getClusterId() {
    return clusterId;
  }

  public int getRestartAttempts() {
    return restartAttempts;
  }

  public String getRestartDelay() {
    return restartDelay;
  }

  /** Builder of {@link HighAvailability}. */
  public static final class Builder {
    private String storageDir;
    private String clusterId;
    private int restartAttempts = 10;
    private String restartDelay = "10 s";

    private Builder() {}

    /** A URI Flink can write to from every JobManager: {@code s3://}, {@code gs://}, {@code abfs://}, or a shared volume. */
    public Builder storageDir(String storageDir) {
      this.storageDir = storageDir;
      return this;
    }

    /** Names the HA ConfigMaps; default: the cluster name (at most 45 characters). */
    public Builder clusterId(String clusterId) {
      this.clusterId = clusterId;
      return this;
    }

    /** Fixed-delay restart attempts before the job fails (default 10). */
    public Builder restartAttempts(int restartAttempts) {
      this.restartAttempts = restartAttempts;
      return this;
    }

    /** Delay between restart attempts, as Flink writes durations (default {@code 10 s}). */
    public Builder restartDelay(String restartDelay) {
      this.restartDelay = restartDelay;
      return this;
    }

    public HighAvailability build() {
      return new HighAvailability(this);
    }
  }
}
