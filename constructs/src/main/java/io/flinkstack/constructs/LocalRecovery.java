package io.flinkstack.constructs;

/**
 * TaskManagers with a persistent volume each (a StatefulSet volume claim template), a resource id that
 * survives restarts (the pod name), and task-local recovery on that volume: a restarted TaskManager
 * finds its state locally instead of downloading it from checkpoint storage.
 */
public final class LocalRecovery {
  /** Where the volume is mounted in TaskManager containers. */
  public static final String DEFAULT_MOUNT_PATH = "/flink-data";

  private final String size;
  private final String storageClass;
  private final String accessMode;
  private final String mountPath;

  private LocalRecovery(Builder b) {
    size = b.size;
    storageClass = b.storageClass;
    accessMode = b.accessMode;
    mountPath = b.mountPath;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A volume of {@code size} (e.g. {@code 50Gi}) per TaskManager, default storage class. */
  public static LocalRecovery withVolume(String size) {
    return builder().size(size).build();
  }

  public String getSize() {
    return size;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public String getAccessMode() {
    return accessMode;
  }

  public String getMountPath() {
    return mountPath;
  }

  /** Builder of {@link LocalRecovery}. */
  public static final class Builder {
    private String size;
    private String storageClass;
    private String accessMode = "ReadWriteOnce";
    private String mountPath = DEFAULT_MOUNT_PATH;

    private Builder() {}

    /** Volume size per TaskManager, e.g. {@code 50Gi} (required). */
    public Builder size(String size) {
      this.size = size;
      return this;
    }

    /** Storage class of the volumes; default: the cluster's default class. */
    public Builder storageClass(String storageClass) {
      this.storageClass = storageClass;
      return this;
    }

    /** {@code ReadWriteOnce} (default) or {@code ReadWriteOncePod}. */
    public Builder accessMode(String accessMode) {
      this.accessMode = accessMode;
      return this;
    }

    /** Mount path in the TaskManager container (default {@value #DEFAULT_MOUNT_PATH}). */
    public Builder mountPath(String mountPath) {
      this.mountPath = mountPath;
      return this;
    }

    public LocalRecovery build() {
      return new LocalRecovery(this);
    }
  }
}
