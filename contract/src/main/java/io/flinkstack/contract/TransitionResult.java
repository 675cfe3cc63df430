package io.flinkstack.contract;

import java.time.Instant;

/**
 * How the last transition ended (kept after it is done, for {@code kubectl get -o yaml} and the bench).
 *
 * @param outcome {@code succeeded} or {@code failed}
 * @param restorePath what the job started from (null: stateless, or it failed before a path was known)
 * @param savepointSeconds how long the stop-with-savepoint took (null when none was taken)
 * @param message one line for humans
 */
public record TransitionResult(
    TransitionKind kind,
    String outcome,
    String restorePath,
    Instant startedAt,
    Instant finishedAt,
    Double savepointSeconds,
    String message) {}
