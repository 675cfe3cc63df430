package io.flinkstack.contract;

import java.time.Instant;

/**
 * How the last transition ended (kept after it is done, for {@code kubectl get -o yaml} and the bench).
 *
 * @param outcome {@code succeeded} or {@code failed}
 * @param restorePath what the job started from (null: stateless, or it failed before a path was known)
 * @param savepointSeconds how long the stop-with-savepoint took (null when none was taken)
 * @param message one line for humans
 * @param restoreDirectory with {@link #restorePath} null, the directory of the transition's own stop-with-savepoint
 *     ({@link Transition#savepointDirectory}) whose savepoint the job restores, or (a suspend) the resume is to restore:
 *     the stop completed but its result, with the path, was lost with a JobManager restart, so only the directory is
 *     known. Null otherwise. Without this a resume would fall back to an older savepoint.
 */
public record TransitionResult(
    TransitionKind kind,
    String outcome,
    String restorePath,
    Instant startedAt,
    Instant finishedAt,
    Double savepointSeconds,
    String message,
    String restoreDirectory) {

  /** Without a restore directory (the restore path, if any, is known). */
  public TransitionResult(TransitionKind kind, String outcome, String restorePath, Instant startedAt, Instant finishedAt,
      Double savepointSeconds, String message) {
    this(kind, outcome, restorePath, startedAt, finishedAt, savepointSeconds, message, null);
  }
}
