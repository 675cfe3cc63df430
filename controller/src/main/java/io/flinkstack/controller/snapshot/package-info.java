/**
 * FlinkSnapshot resources: which of a job's snapshots ask for a savepoint, a checkpoint or a disposal ({@link
 * io.flinkstack.controller.snapshot.SnapshotRules}, pure), and how their statuses and finalizers are kept in step
 * with the job's record ({@link io.flinkstack.controller.snapshot.SnapshotKeeper}). The savepoints and checkpoints
 * themselves are taken (and savepoints disposed) by the savepoint lifecycle, write-ahead in the FlinkJob's status like every other operation.
 */
package io.flinkstack.controller.snapshot;
