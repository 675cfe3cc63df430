package io.flinkstack.constructs;

/** What runs a cluster on Kubernetes. */
public enum Backend {
  /** flinkstack's own StatefulSets, Services and policies, kept alive by flinkstack's runtime controller. */
  STANDALONE,
  /** {@code FlinkDeployment} / {@code FlinkSessionJob} resources for the Apache Flink Kubernetes Operator. */
  OPERATOR
}
