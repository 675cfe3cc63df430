package io.flinkstack.constructs;

/**
 * Where checkpoints and savepoints go ({@code <base>/checkpoints}, {@code <base>/savepoints}, and HA
 * metadata in {@code <base>/ha} by default). TaskManagers write checkpoint data themselves, so the place
 * must be reachable from every TaskManager: an object store, or a ReadWriteMany volume mounted on every
 * Flink pod.
 */
public final class StateStorage {
  /** Mount path of a shared state volume. */
  public static final String SHARED_MOUNT_PATH = "/flink-state";

  private final String baseUri;
  private final StorageCredentials credentials;
  private final String volumeSize;
  private final String storageClass;
  private final String existingClaim;
  private final String accessMode;
  private final boolean volume;
  private final boolean providedByImage;

  private StateStorage(String baseUri, StorageCredentials credentials, String volumeSize, String storageClass,
      String existingClaim, String accessMode, boolean volume) {
    this(baseUri, credentials, volumeSize, storageClass, existingClaim, accessMode, volume, false);
  }

  private StateStorage(String baseUri, StorageCredentials credentials, String volumeSize, String storageClass,
      String existingClaim, String accessMode, boolean volume, boolean providedByImage) {
    this.providedByImage = providedByImage;
    this.volume = volume;
    this.baseUri = baseUri;
    this.credentials = credentials;
    this.volumeSize = volumeSize;
    this.storageClass = storageClass;
    this.existingClaim = existingClaim;
    this.accessMode = accessMode;
  }

  /** An object store ({@code s3://}, {@code gs://}, {@code abfs://}…) reached with workload identity. */
  public static StateStorage objectStore(String baseUri) {
    return new StateStorage(baseUri, null, null, null, null, null, false);
  }

  /** An object store reached with keys from a Secret. */
  public static StateStorage objectStore(String baseUri, StorageCredentials credentials) {
    return new StateStorage(baseUri, credentials, null, null, null, null, false);
  }

  /**
   * A file system that the image itself brings and configures, for a scheme flinkstack cannot enable: {@code
   * hdfs://} (the image needs Hadoop's classes on Flink's classpath, e.g. {@code HADOOP_CLASSPATH} or a shaded Hadoop
   * jar in {@code /opt/flink/lib}, and {@code HADOOP_CONF_DIR} with the cluster's {@code core-site.xml} and {@code
   * hdfs-site.xml}, e.g. from a ConfigMap in {@code volumes}), or any other scheme whose Flink file system is in the
   * image's {@code lib/} or {@code plugins/}. flinkstack writes the directories into the configuration and adds no
   * plugin, credentials or volume; HA metadata under it ({@code <base>/ha}) is accepted too.
   */
  public static StateStorage providedByImage(String baseUri) {
    return new StateStorage(baseUri, null, null, null, null, null, false, true);
  }

  /** A new ReadWriteMany volume of {@code size}, mounted at {@value #SHARED_MOUNT_PATH} on every Flink pod. */
  public static StateStorage sharedVolume(String size, String storageClass) {
    return new StateStorage("file://" + SHARED_MOUNT_PATH, null, size, storageClass, null, "ReadWriteMany", true);
  }

  /** An existing claim, mounted at {@value #SHARED_MOUNT_PATH} on every Flink pod; it must be ReadWriteMany. */
  public static StateStorage existingClaim(String claimName, String accessMode) {
    return new StateStorage("file://" + SHARED_MOUNT_PATH, null, null, null, claimName, accessMode, true);
  }

  public String getBaseUri() {
    return baseUri;
  }

  public StorageCredentials getCredentials() {
    return credentials;
  }

  /** Size of the volume flinkstack creates; null for object stores and existing claims. */
  public String getVolumeSize() {
    return volumeSize;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public String getExistingClaim() {
    return existingClaim;
  }

  /** Access mode of the volume; null for object stores. */
  public String getAccessMode() {
    return accessMode;
  }

  /** True for {@link #providedByImage(String)}: the image brings the file system; nothing is enabled. */
  public boolean isProvidedByImage() {
    return providedByImage;
  }

  /** True when state lives on a volume rather than an object store. */
  public boolean isVolume() {
    return volume;
  }
}
