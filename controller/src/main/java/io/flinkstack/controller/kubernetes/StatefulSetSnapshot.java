package io.flinkstack.controller.kubernetes;

/**
 * A StatefulSet in brief: what an upgrade with the OnDelete strategy needs to see (which pods still run an
 * old revision, and whether the set is ready).
 *
 * @param replicas desired replicas (null when an autoscaler owns them)
 * @param updateStrategy {@code RollingUpdate} or {@code OnDelete}
 * @param currentRevision the revision the existing pods were created from
 * @param updateRevision the revision new pods get
 */
public record StatefulSetSnapshot(
    String namespace,
    String name,
    Integer replicas,
    int readyReplicas,
    int updatedReplicas,
    String updateStrategy,
    String currentRevision,
    String updateRevision,
    long generation,
    long observedGeneration) {}
