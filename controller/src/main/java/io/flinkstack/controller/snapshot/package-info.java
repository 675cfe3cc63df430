/**
 * FlinkSnapshot resources: which of a job's snapshots ask for a savepoint or for a disposal ({@link
 * io.flinkstack.controller.snapshot.SnapshotRules}, pure), and how their statuses and finalizers are kept in step
 * with the job's record ({@link io.flinkstack.controller.snapshot.SnapshotKeeper}). The savepoints themselves are
 * taken and disposed by the savepoint lifecycle, write-ahead in the FlinkJob's status like every other operation.
 */
package io.flinkstack.controller.snapshot;
