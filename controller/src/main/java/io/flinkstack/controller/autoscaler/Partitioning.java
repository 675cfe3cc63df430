package io.flinkstack.controller.autoscaler;

/** How records travel over an edge. Only {@link #HASH} (keyBy) ties the receiver to key groups. */
public enum Partitioning {
  /** One-to-one between subtasks (chained or forward). */
  FORWARD,
  /** Round robin / rescale: any subtask may receive any record. */
  REBALANCE,
  /** keyBy: a record goes to the subtask owning its key group, so parallelism should divide the key groups. */
  HASH
}
