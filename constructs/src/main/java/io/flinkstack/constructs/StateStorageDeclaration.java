package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/**
 * Where checkpoints and savepoints go ({@code <base>/checkpoints}, {@code <base>/savepoints}, and HA
 * metadata in {@code <base>/ha} by default). TaskManagers write checkpoint data themselves, so the place
 * must be reachable from every TaskManager: an object store, or a ReadWriteMany volume mounted on every
 * Flink pod.
 */
@Props(name = "StateStorage", builder = false)
final class StateStorageDeclaration {
  /** Mount path of a shared state volume. */
  public static final String SHARED_MOUNT_PATH = "/flink-state";

  /** The directory checkpoints, savepoints and HA metadata go under. */
  String baseUri;

  /** Keys of the object store; null for workload identity and volumes. */
  StorageCredentials credentials;

  /** Size of the volume flinkstack creates; null for object stores and existing claims. */
  String volumeSize;

  /** Storage class of the volume flinkstack creates; null for the cluster's default. */
  String storageClass;

  /** The existing claim mounted; null otherwise. */
  String existingClaim;

  /** Access mode of the volume; null for object stores. */
  String accessMode;

  /** True when state lives on a volume rather than an object store. */
  boolean volume;

  /** True for {@link #providedByImage(String)}: the image brings the file system; nothing is enabled. */
  boolean providedByImage;

  /** An object store ({@code s3://}, {@code gs://}, {@code abfs://}…) reached with workload identity. */
  static StateStorage objectStore(String baseUri) {
    return new StateStorage(baseUri, null, null, null, null, null, false, false);
  }

  /** An object store reached with keys from a Secret. */
  static StateStorage objectStore(String baseUri, StorageCredentials credentials) {
    return new StateStorage(baseUri, credentials, null, null, null, null, false, false);
  }

  /**
   * A file system that the image itself brings and configures, for a scheme flinkstack cannot enable: {@code
   * hdfs://} (the image needs Hadoop's classes on Flink's classpath, e.g. {@code HADOOP_CLASSPATH} or a shaded Hadoop
   * jar in {@code /opt/flink/lib}, and {@code HADOOP_CONF_DIR} with the cluster's {@code core-site.xml} and {@code
   * hdfs-site.xml}, e.g. from a ConfigMap in {@code volumes}), or any other scheme whose Flink file system is in the
   * image's {@code lib/} or {@code plugins/}. flinkstack writes the directories into the configuration and adds no
   * plugin, credentials or volume; HA metadata under it ({@code <base>/ha}) is accepted too.
   */
  static StateStorage providedByImage(String baseUri) {
    return new StateStorage(baseUri, null, null, null, null, null, false, true);
  }

  /** A new ReadWriteMany volume of {@code size}, mounted at {@value #SHARED_MOUNT_PATH} on every Flink pod. */
  static StateStorage sharedVolume(String size, String storageClass) {
    return new StateStorage("file://" + SHARED_MOUNT_PATH, null, size, storageClass, null, "ReadWriteMany", true,
        false);
  }

  /** An existing claim, mounted at {@value #SHARED_MOUNT_PATH} on every Flink pod; it must be ReadWriteMany. */
  static StateStorage existingClaim(String claimName, String accessMode) {
    return new StateStorage("file://" + SHARED_MOUNT_PATH, null, null, null, claimName, accessMode, true, false);
  }
}
