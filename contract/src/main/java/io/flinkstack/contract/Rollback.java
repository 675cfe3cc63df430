package io.flinkstack.contract;

import java.time.Instant;

/**
 * An upgrade rolled back because its job did not run within the readiness timeout. GitOps still holds the failing
 * template (each StatefulSet's update revision) or, for a session job, the failing spec; the controller keeps the pods
 * at the sets' current revision (runs the job submitted before) and does not upgrade to {@link #failedTarget} again.
 * Applying another template or spec upgrades as usual.
 *
 * @param failedTarget the upgrade's target, {@code set=revision,…} as {@link Transition#target()} (a session job: its
 *     spec digest)
 * @param restoredTarget what runs instead, in the same form (the sets' current revisions; a session job: the spec digest
 *     of {@link RuntimeStatus#submittedJob})
 * @param restorePath the savepoint or checkpoint the rolled-back job restores (null: started without state)
 * @param at when the rollback was decided
 * @param reason what the readiness timeout saw (the job's state, pods not ready, a refused submission)
 */
public record Rollback(String failedTarget, String restoredTarget, String restorePath, Instant at, String reason) {}
