package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/**
 * TaskManagers with a persistent volume each (a StatefulSet volume claim template), a resource id that
 * survives restarts (the pod name), and task-local recovery on that volume: a restarted TaskManager
 * finds its state locally instead of downloading it from checkpoint storage.
 */
@Props(name = "LocalRecovery")
final class LocalRecoveryDeclaration {
  /** Where the volume is mounted in TaskManager containers. */
  public static final String DEFAULT_MOUNT_PATH = "/flink-data";

  /** Volume size per TaskManager, e.g. {@code 50Gi} (required). */
  String size;

  /** Storage class of the volumes; default: the cluster's default class. */
  String storageClass;

  /** {@code ReadWriteOnce} (default) or {@code ReadWriteOncePod}. */
  String accessMode = "ReadWriteOnce";

  /** Mount path in the TaskManager container (default {@value LocalRecovery#DEFAULT_MOUNT_PATH}). */
  String mountPath = DEFAULT_MOUNT_PATH;

  /** A volume of {@code size} (e.g. {@code 50Gi}) per TaskManager, default storage class. */
  static LocalRecovery withVolume(String size) {
    return LocalRecovery.builder().size(size).build();
  }
}
