package io.flinkstack.contract;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An upgrade, suspend, resume or submission in flight: the write-ahead record of a multi-step change. Every
 * field is set before the step that depends on it runs, and {@link #restorePath} is never cleared once
 * set, so a controller that dies at any point resumes with the same savepoint instead of taking a second
 * one or losing the path.
 *
 * @param kind what is being done
 * @param step the last step recorded as done
 * @param upgradeMode the declaration's upgrade mode when it started ({@code savepoint}, {@code last-state},
 *     {@code stateless})
 * @param fromJobId the job being replaced or stopped, if any; for a resume from {@link #savepointDirectory}, the suspended
 *     job whose stop wrote the savepoint there (recorded with the savepoint once its path is known)
 * @param triggerId the stop-with-savepoint operation id, chosen before Flink is asked
 * @param restorePath what the new job starts from; null for a stateless start. A last-state stop records here, at
 *     {@link TransitionStep#STOP_TRIGGERED}, the latest checkpoint known before it cancels the job: the fallback
 *     should the JobManager forget the job before its final checkpoint is read
 * @param target what it leads to: the StatefulSets' update revisions (applications) or the job spec's
 *     digest (session jobs)
 * @param newJobId a session job's new job id, chosen before submission (Flink refuses a second job with it)
 * @param replicas StatefulSet name → replicas before a suspend scaled it to zero (null value: an
 *     autoscaler owned them)
 * @param savepointSeconds how long the stop-with-savepoint took, once it completed
 * @param startedAt when it was decided
 * @param stepAt when {@link #step} was reached
 * @param parallelism a session job's new parallelism when a rescale restarts it (overrides the declared
 *     one for this submission); null otherwise
 * @param savepointDirectory the directory of this transition's own (one per stop) that its stop-with-savepoint writes
 *     into, recorded with {@link TransitionStep#STOP_TRIGGERED} (a resume: the suspend's, from
 *     {@link TransitionResult#restoreDirectory}); null when Flink names no savepoint directory (the stop
 *     then writes where the cluster's default says) and for last-state and stateless transitions. Should the
 *     JobManager forget the stop's result (it restarted after the stop completed), the savepoint is the one in here:
 *     with {@link #restorePath} still null, the new JobManager resolves it at start ({@link RestoreState#DIRECTORY_KEY})
 * @param stoppedAt when the job it replaces was stopped (cancelled, or its stop-with-savepoint completed): set with
 *     {@link TransitionStep#RESTORE_PATH_RECORDED} and kept from then on. A session job's upgrade counts its readiness
 *     timeout from here, since its new job is submitted right after (its {@link #stepAt} moves on with every step, and
 *     back when a submission is repeated). Null before, for a transition that stopped nothing, and in one recorded by a
 *     controller from before it
 */
public record Transition(
    TransitionKind kind,
    TransitionStep step,
    UpgradeMode upgradeMode,
    String fromJobId,
    String triggerId,
    String restorePath,
    String target,
    String newJobId,
    Map<String, Integer> replicas,
    Double savepointSeconds,
    Instant startedAt,
    Instant stepAt,
    Integer parallelism,
    String savepointDirectory,
    Instant stoppedAt) {

  /** Not stopped yet (or recorded by a controller from before {@link #stoppedAt}). */
  public Transition(TransitionKind kind, TransitionStep step, UpgradeMode upgradeMode, String fromJobId, String triggerId,
      String restorePath, String target, String newJobId, Map<String, Integer> replicas, Double savepointSeconds,
      Instant startedAt, Instant stepAt, Integer parallelism, String savepointDirectory) {
    this(kind, step, upgradeMode, fromJobId, triggerId, restorePath, target, newJobId, replicas, savepointSeconds, startedAt,
        stepAt, parallelism, savepointDirectory, null);
  }

  /** Without a savepoint directory of its own. */
  public Transition(TransitionKind kind, TransitionStep step, UpgradeMode upgradeMode, String fromJobId, String triggerId,
      String restorePath, String target, String newJobId, Map<String, Integer> replicas, Double savepointSeconds,
      Instant startedAt, Instant stepAt, Integer parallelism) {
    this(kind, step, upgradeMode, fromJobId, triggerId, restorePath, target, newJobId, replicas, savepointSeconds, startedAt,
        stepAt, parallelism, null);
  }

  public Transition {
    // Not Map.copyOf: an autoscaler-owned StatefulSet is recorded with a null count.
    replicas = replicas == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(replicas));
  }

  public Transition at(TransitionStep next, Instant when) {
    return new Transition(kind, next, upgradeMode, fromJobId, triggerId, restorePath, target, newJobId, replicas, savepointSeconds,
        startedAt, when, parallelism, savepointDirectory, stoppedAt);
  }

  /** Step {@link TransitionStep#STOP_TRIGGERED} of a stop-with-savepoint writing into {@code directory} (null: the default). */
  public Transition stopping(String directory, Instant when) {
    return new Transition(kind, TransitionStep.STOP_TRIGGERED, upgradeMode, fromJobId, triggerId, restorePath, target, newJobId,
        replicas, savepointSeconds, startedAt, when, parallelism, directory, stoppedAt);
  }

  /**
   * Step {@link TransitionStep#RESTORE_PATH_RECORDED} when the stop completed but its result is lost: the restore path
   * stays null and the new JobManager takes the savepoint in {@link #savepointDirectory}.
   */
  public Transition restoringFromDirectory(Instant when) {
    return new Transition(kind, TransitionStep.RESTORE_PATH_RECORDED, upgradeMode, fromJobId, triggerId, null, target, newJobId,
        replicas, savepointSeconds, startedAt, when, parallelism, savepointDirectory, stoppedAt != null ? stoppedAt : when);
  }

  /** Whether the new job restores the savepoint its JobManager finds in {@link #savepointDirectory} (its path unknown here). */
  public boolean restoresFromDirectory() {
    return restorePath == null && savepointDirectory != null && step != TransitionStep.RECORDED
        && step != TransitionStep.STOP_TRIGGERED;
  }

  /** Step {@link TransitionStep#STOP_TRIGGERED} of a last-state stop, with the latest state known before the cancel. */
  public Transition cancelling(String latestKnown, Instant when) {
    return new Transition(kind, TransitionStep.STOP_TRIGGERED, upgradeMode, fromJobId, triggerId, latestKnown, target, newJobId,
        replicas, savepointSeconds, startedAt, when, parallelism, savepointDirectory, stoppedAt);
  }

  /**
   * Step {@link TransitionStep#RESTORE_PATH_RECORDED}: the job it replaces is stopped, and this is what the new one
   * restores; {@link #stoppedAt} becomes {@code when} unless it was set before.
   *
   * @param seconds how long the savepoint took; null when none was taken
   */
  public Transition withRestorePath(String path, Double seconds, Instant when) {
    return new Transition(kind, TransitionStep.RESTORE_PATH_RECORDED, upgradeMode, fromJobId, triggerId, path, target,
        newJobId, replicas, seconds, startedAt, when, parallelism, savepointDirectory, stoppedAt != null ? stoppedAt : when);
  }
}
