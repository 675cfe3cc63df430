package io.flinkstack.controller.transition;

import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.JarFetchBackoff;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.SubmittedJob;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionResult;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeGate;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.flink.CheckpointOverview;
import io.flinkstack.controller.flink.CheckpointRetention;
import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.hashing.Sha256;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.FlinkUnreachableException;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.controller.flink.SavepointRequest;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.kubernetes.StatefulSetSnapshot;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.savepoint.SavepointService;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.step.Outcome;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.step.Unrecorded;
import io.flinkstack.controller.submission.JarAuthorization;
import io.flinkstack.controller.submission.JarFetchException;
import io.flinkstack.controller.submission.JobSubmitter;
import io.flinkstack.controller.submission.SubmissionRequest;
import io.flinkstack.controller.submission.SubmissionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades, suspends and resumes an application cluster's job, and submits, upgrades, suspends and resumes
 * session jobs, one recorded step at a time (see {@link TransitionStep}). The rules that keep state safe:
 * <ul>
 *   <li>the stop-with-savepoint's trigger id is in the status before Flink is asked, so a restarted
 *       controller polls the same operation instead of taking a second savepoint;</li>
 *   <li>the restore path is in the status, then in the restore ConfigMap, before any pod is deleted or
 *       any StatefulSet scaled;</li>
 *   <li>a savepoint that fails or times out ends the transition with the job still running on its old pods,
 *       and backs off;</li>
 *   <li>Flink's HA ConfigMaps are deleted after a stop-with-savepoint and before a new JobManager starts, so
 *       it restores the savepoint, not an older checkpoint they point to;</li>
 *   <li>only pods of an old revision are deleted, so repeating the step after a crash deletes nothing new;</li>
 *   <li>a session job's new job id is in the status before it is submitted, and Flink refuses a second job
 *       with it, so a repeated submission submits nothing;</li>
 *   <li>a session job's upgrade fetches and checks the new jar (the same {@code JobSubmitter}, so its cache
 *       holds the jar for the submission) before anything of the upgrade is recorded, let alone the old job
 *       stopped: a jar that cannot be had leaves the old job running untouched, a Warning
 *       {@value EventReasons#UPGRADE_JAR_UNAVAILABLE}, the error in the status, and a backoff before the next
 *       attempt at that declaration.</li>
 * </ul>
 *
 * <p>Session jobs have no HA data of their own to fall back on: {@code last-state} upgrades of a session
 * job stop it with a savepoint like {@code savepoint} mode.
 */
public final class JobTransitions extends StepMachine<JobTransitions.Decided> {
  private static final Logger LOG = LoggerFactory.getLogger(JobTransitions.class);
  static final String OPERATION = "transition";
  private static final int MAX_STEPS_PER_PASS = 8;

  private final KubernetesGateway kubernetes;
  private final JobSubmitter submitter;
  private final Backoffs backoffs;
  private final Duration operationTimeout;
  // The last "waiting" reason reported per declaration: an Event when it changes, not every pass.
  private final Map<String, String> reportedWaits = new ConcurrentHashMap<>();
  private final JarDigestWarnings digestWarnings;
  // Transitions this process started or already announced resuming.
  private final Map<String, Instant> known = new ConcurrentHashMap<>();
  // Stops whose trigger the JobManager forgot while it listed no job: when this process first saw that (see retrigger).
  private final Map<String, Instant> unlisted = new ConcurrentHashMap<>();
  /**
   * Lost session jobs (by declaration and job id) that cannot be submitted again from a checkpoint, with why: reported
   * once with a Warning, and their JobManager not asked again (each look uploads the locator's jar) until this
   * controller restarts.
   */
  private final Map<String, String> unrecoverable = new ConcurrentHashMap<>();
  /** Restore ConfigMaps known to hold the resolver ({@link #provideResolver}). */
  private final Set<String> resolverProvided = ConcurrentHashMap.newKeySet();

  /**
   * How long a JobManager that forgot a stop's trigger may list no job before that is taken as the job's end: one that
   * just took over answers REST a moment before it has recovered its jobs and run its application (about 1 s measured
   * on 2 busy cores, Flink 1.20.3), so an empty list right after a restart says nothing yet.
   */
  static final Duration UNLISTED_GRACE = Duration.ofSeconds(30);

  /**
   * @param dependencies its {@code lookAgain} is how soon a pass that leaves a step running (a
   *     stop-with-savepoint, pods coming back, a submitted job starting) asks to look at it again
   * @param operationTimeout a stop-with-savepoint still running this long after it was recorded fails
   */
  public JobTransitions(Dependencies dependencies, KubernetesGateway kubernetes, JobSubmitter submitter, Backoffs backoffs,
      Duration operationTimeout) {
    super("transitions", MAX_STEPS_PER_PASS, dependencies);
    this.kubernetes = kubernetes;
    this.submitter = submitter;
    this.backoffs = backoffs;
    this.operationTimeout = operationTimeout;
    this.digestWarnings = new JarDigestWarnings(events);
  }

  /**
   * A decision with the pods it was made from (none for a session job), why the upgrade it was cannot start when its
   * new jar could not be fetched ({@link #prepare}), and the transition in the status when it was made (a session
   * rollback replaces that upgrade).
   */
  record Decided(TransitionDecision decision, ClusterPods pods, JarFetchException jarUnavailable, Transition before) {
    Decided(TransitionDecision decision, ClusterPods pods) {
      this(decision, pods, null, null);
    }

    Decided(TransitionDecision decision, ClusterPods pods, JarFetchException jarUnavailable) {
      this(decision, pods, jarUnavailable, null);
    }
  }

  @Override
  protected Decided decide(Pass pass) {
    Declaration declaration = pass.declaration();
    if (pass.session()) {
      ClusterPods none = new ClusterPods(List.of());
      Transition transition = pass.status().transition();
      Optional<ObservedJob> newJob = Optional.empty();
      if (pass.observation().jobManagerReachable() && SessionJobDecider.timed(transition)) {
        // The upgrade's new job, by its id (the observation follows the job of that name, which may be the old one).
        try {
          JobDetails details = pass.flink().job(transition.newJobId());
          newJob = Optional.of(new ObservedJob(details.id(), details.name(), details.state(), details.isFullyRunning(),
              Instant.ofEpochMilli(details.startTime())));
        } catch (FlinkRestException e) {
          if (!e.isNotFound()) {
            // An error answer while looking: the next pass looks again.
            return new Decided(new TransitionDecision.None("looking at job " + transition.newJobId() + ": " + e.getMessage()), none);
          }
        }
      }
      return new Decided(SessionJobDecider.decide(declaration, pass.status(), pass.observation(), newJob, clock.instant()), none,
          null, transition);
    }
    ClusterPods pods = ClusterPods.read(kubernetes, declaration.identity().namespace(), declaration.identity().cluster());
    return new Decided(TransitionDecider.decide(declaration, pass.status(), pass.observation(), pods, clock.instant()), pods, null,
        pass.status().transition());
  }

  /**
   * A session job's upgrade: fetch and check the new jar before anything is recorded (the old job still runs).
   * Failing, the decision becomes a wait that carries why; within the backoff of a failure to fetch the same jar
   * (URI and digest) nothing is fetched. Suspends, resumes and first submissions stop nothing: their jar is fetched at submission.
   */
  @Override
  protected Decided prepare(Pass pass, Decided decided) {
    if (pass.session() && decided.decision() instanceof TransitionDecision.Start lost && lost.lostJobId() != null) {
      decided = lostJobState(pass, decided, lost);
    }
    if (!pass.session() || !(decided.decision() instanceof TransitionDecision.Start start) || start.kind() != TransitionKind.UPGRADE) {
      return decided;
    }
    JobDeclaration job = pass.declaration().job();
    // In the status (jarFetchBackoff), so a restarted controller keeps the backoff; cleared when an upgrade is recorded.
    JarFetchBackoff failed = pass.status().jarFetchBackoff();
    if (failed != null && failed.jarKey().equals(jar(job)) && Backoffs.holdsBack(failed.backoff(), clock.instant())) {
      return new Decided(new TransitionDecision.Wait(TransitionKind.UPGRADE, jarWait(start.reason(), failed.backoff())), decided.pods());
    }
    digestWarnings.check(pass.toString(), pass.ref(), pass.declaration().specDigest(), job);
    try {
      // The Secret is read now, for this fetch only: a rotated token is used at the next one.
      submitter.prefetch(job, JarAuthorization.read(kubernetes, pass.identity().namespace(), job));
    } catch (JarFetchException e) {
      return new Decided(new TransitionDecision.Wait(TransitionKind.UPGRADE, start.reason()), decided.pods(), e);
    }
    return decided;
  }

  /**
   * What a lost session job ({@link TransitionDecision.Start#lostJobId}) is submitted again from: its latest retained
   * checkpoint, listed in its own checkpoint directory ({@code <execution.checkpointing.dir>/<job id>}, as Flink's file
   * system checkpoint storage lays it out; the key read from the JobManager's own configuration) inside the JobManager,
   * with the cluster's file systems ({@link JobSubmitter#locateStopSavepoint}: the newest {@code chk-<n>} holding
   * {@code _metadata}). Flink's checkpoint history went with the JobManager that lost it, and the last savepoint is older
   * than output the job may have committed since. flinkstack's clusters retain checkpoints
   * ({@code RETAIN_ON_CANCELLATION}, which a JobManager's end leaves in place too). Not for a cluster with HA, whose
   * JobManager recovers the jobs it ran: one it does not list was not lost that way. Without a checkpoint the start
   * becomes a report (a Warning {@link EventReasons#JOB_LOST}, once); a {@code stateless} job goes without state.
   */
  private Decided lostJobState(Pass pass, Decided decided, TransitionDecision.Start lost) {
    String gone = lost.reason();
    if (!lost.fromLatestState()) {
      return new Decided(lost.restoring(null, gone + ": submitted again without state (upgrade mode stateless)"), decided.pods(),
          null, decided.before());
    }
    String key = pass + "/" + lost.lostJobId();
    String known = unrecoverable.get(key);
    if (known != null) {
      return new Decided(new TransitionDecision.None(gone + "; " + known), decided.pods());
    }
    Map<String, String> config;
    try {
      config = pass.flink().jobManagerConfig();
    } catch (FlinkClientException e) {
      return new Decided(new TransitionDecision.None(gone + "; its JobManager's configuration is not readable now ("
          + e.getMessage() + "): looking again"), decided.pods());
    }
    if (HighAvailabilityData.enabled(config)) {
      return unrecoverable(pass, decided, key, gone, "the cluster has HA, whose JobManager recovers the jobs it ran: one it"
          + " does not list was not lost with a JobManager, and is not submitted again by the controller; suspend and resume"
          + " to start it from the last savepoint");
    }
    Optional<String> base = CHECKPOINT_DIR_KEYS.stream().map(config::get).filter(value -> value != null && !value.isBlank()).findFirst();
    if (base.isEmpty()) {
      return unrecoverable(pass, decided, key, gone, "the cluster's configuration names no checkpoint directory ("
          + String.join(", ", CHECKPOINT_DIR_KEYS) + "), so its checkpoints cannot be found; suspend and resume to start it"
          + " from the last savepoint");
    }
    String directory = under(base.get(), lost.lostJobId());
    Optional<String> path;
    try {
      path = submitter.locateStopSavepoint(pass.flink(), directory);
    } catch (FlinkUnreachableException e) {
      return new Decided(new TransitionDecision.None(gone + "; its JobManager, which is to list " + directory
          + ", does not answer now: " + e.getMessage()), decided.pods());
    } catch (FlinkRestException | JarFetchException | IllegalStateException e) {
      return unrecoverable(pass, decided, key, gone, "its JobManager could not list " + directory + " (" + e.getMessage()
          + "); suspend and resume to start it from the last savepoint");
    }
    if (path.isEmpty()) {
      return unrecoverable(pass, decided, key, gone, "no completed checkpoint in " + directory + ": not submitted again (the"
          + " last savepoint would replay output committed since); suspend and resume to start it from that savepoint");
    }
    return new Decided(lost.restoring(path.get(), gone + "; submitted again from its latest retained checkpoint"),
        decided.pods(), null, decided.before());
  }

  private Decided unrecoverable(Pass pass, Decided decided, String key, String gone, String why) {
    if (unrecoverable.putIfAbsent(key, why) == null) {
      // In lastError too, which stalls the FlinkJob's conditions while the job stays lost (GitOps health: Degraded).
      pass.write(StatusEdit.of(pass.status()).lastError(new StatusError(clock.instant(), StatusError.JOB_LOST, gone + "; " + why)));
      events.warning(pass.ref(), EventReasons.JOB_LOST, gone + "; " + why);
    }
    return new Decided(new TransitionDecision.None(gone + "; " + why), decided.pods());
  }

  /**
   * What a pre-fetch fetches: another URI, digest or credentials reference is another attempt, not held back by this
   * one's failures. A SHA-256 of them, so a token in the URI does not reach the status (the Secret's value is no part
   * of it: fixing the Secret itself waits for the backoff). Without credentials the key is what it was before them.
   */
  private static String jar(JobDeclaration job) {
    String credentials = job.jarCredentials() == null ? ""
        : "\u0000" + job.jarCredentials().secretName() + "\u0000" + job.jarCredentials().key();
    return Sha256.hex(job.jarUri() + "\u0000" + job.jarSha256() + credentials);
  }

  private static String jarWait(String reason, Backoff backoff) {
    return reason + "; its new jar could not be fetched (" + backoff.failures() + " attempt(s), see "
        + EventReasons.UPGRADE_JAR_UNAVAILABLE + "): next attempt not before " + backoff.retryAt();
  }

  /** While a transition is in flight, and while the job is suspended: nothing else may touch it then. */
  @Override
  public boolean holds(RuntimeStatus status) {
    return status.transition() != null || status.lifecycle() == LifecycleState.SUSPENDED;
  }

  @Override
  protected Ahead writeAhead(Pass pass, Decided decided) {
    if (!(decided.decision() instanceof TransitionDecision.Start start)) {
      return null;
    }
    if (start.kind() == TransitionKind.ROLLBACK) {
      return new Ahead(sessionRollback(pass, start, decided.before()), TransitionStep.RESTORE_PATH_RECORDED);
    }
    Transition abandoned = superseded(decided);
    Transition transition = transition(pass, start, decided.pods(), abandoned);
    StatusEdit edit = StatusEdit.of(pass.status()).transition(transition).lifecycle(LifecycleState.UPGRADING).jarFetchBackoff(null)
        .observedNonces(answeredRestartNonce(pass, start.kind()), answeredRedeployNonce(pass, start.kind()));
    if (start.kind() == TransitionKind.UPGRADE) {
      edit.rolledBack(null); // another template than the one rolled back (the decider does not upgrade to that one)
    }
    if (abandoned != null && abandoned.kind() == TransitionKind.RESUME) {
      edit.suspendedReplicas(Map.of()); // the stalled resume had scaled the sets back up: nothing is suspended any more
    }
    if (abandoned != null) {
      // In place of the stall's readiness-timeout error (which would keep the conditions Stalled).
      String spec = pass.session() ? "spec " : "";
      String why = switch (start.kind()) {
        case SUSPEND -> "to suspend the job, as declared";
        case RESTART -> "for the restart requested (restartNonce " + pass.declaration().job().restartNonce() + ")";
        case REDEPLOY -> "for the redeploy requested (redeployNonce " + pass.declaration().job().redeployNonce() + ")";
        default -> "for the newer " + (pass.session() ? "spec " : "template ") + transition.target();
      };
      edit.lastError(new StatusError(clock.instant(), OPERATION, "the stalled " + abandoned.kind().name().toLowerCase(Locale.ROOT)
          + " to " + spec + abandoned.target() + " was abandoned " + why));
    }
    return new Ahead(edit, transition.step());
  }

  @Override
  protected void recorded(Pass pass, Decided decided) {
    TransitionDecision.Start start = (TransitionDecision.Start) decided.decision();
    Transition transition = pass.status().transition();
    reportedWaits.remove(pass.toString());
    if (start.kind() == TransitionKind.ROLLBACK) {
      sessionRollbackRecorded(pass, start, decided.before(), transition);
      return;
    }
    Transition abandoned = superseded(decided);
    if (abandoned != null) {
      known.remove(key(pass, abandoned));
      unlisted.remove(key(pass, abandoned));
      metrics.transitionEnded(pass.identity(), abandoned.kind(), "superseded", Duration.between(abandoned.startedAt(), clock.instant()));
    }
    known.put(key(pass, transition), transition.startedAt());
    String reason = switch (start.kind()) {
      case UPGRADE -> EventReasons.UPGRADE_STARTED;
      case SUSPEND -> EventReasons.SUSPEND_STARTED;
      case RESUME -> EventReasons.RESUME_STARTED;
      case SUBMIT -> EventReasons.SUBMIT_STARTED;
      case RESTART -> EventReasons.RESTART_STARTED;
      case REDEPLOY -> EventReasons.REDEPLOY_STARTED;
      case ROLLBACK -> throw new IllegalStateException("a rollback is recorded by sessionRollbackRecorded");
    };
    events.normal(pass.ref(), reason, start.kind().name().toLowerCase(Locale.ROOT) + " (" + transition.upgradeMode() + " mode): "
        + start.reason() + (transition.restorePath() != null || transition.restoresFromDirectory() ? "; restoring " + restored(transition) : ""));
  }

  @Override
  protected Outcome act(Pass pass, Decided decided) {
    TransitionDecision decision = decided.decision();
    markVerifiable(pass, decided.pods());
    forgetRevertedRollback(pass, decided.pods());
    forgetRevertedSessionRollback(pass);
    if (decided.jarUnavailable() != null) {
      upgradeJarUnavailable(pass, (TransitionDecision.Wait) decision, decided.jarUnavailable());
      return Outcome.DONE;
    }
    if (decision instanceof TransitionDecision.Start) {
      return Outcome.NEXT;
    }
    if (decision instanceof TransitionDecision.Continue next) {
      return advance(pass, next.transition(), decided.pods());
    }
    if (decision instanceof TransitionDecision.Wait wait) {
      reportWait(pass, wait.kind() + " waits: " + wait.reason());
    } else {
      reportedWaits.remove(pass.toString());
      adopt(pass);
    }
    return Outcome.DONE;
  }

  /**
   * The stalled transition an upgrade, a suspend, a restart or a redeploy replaces, if any: only those start while one
   * is in flight, out of a stall (a declared suspend, {@link TransitionDecider#suspendOfStalled}; a newer template after
   * an application's upgrade, rollback, resume, restart or redeploy, {@link TransitionDecider#newerTemplateThanStalled}; a
   * newer spec after a session job's, {@link SessionJobDecider#newerSpecThanStalled}; a nonce changed again after a
   * restart or redeploy, {@link TransitionDecider#newerNonceThanStalled}). A session rollback replaces its upgrade too,
   * but is recorded apart.
   */
  private static Transition superseded(Decided decided) {
    Transition before = decided.before();
    return before != null && decided.decision() instanceof TransitionDecision.Start start && start.kind() != TransitionKind.ROLLBACK
        ? before : null;
  }

  /** The transition a start records: its first step, and what it knows already ({@code abandoned}: see above). */
  private Transition transition(Pass pass, TransitionDecision.Start start, ClusterPods pods, Transition abandoned) {
    Instant now = clock.instant();
    UpgradeMode mode = start.kind() == TransitionKind.SUSPEND ? UpgradeMode.SAVEPOINT : UpgradeModes.of(pass.declaration());
    if (pass.session() && mode == UpgradeMode.LAST_STATE) {
      mode = UpgradeMode.SAVEPOINT;
    }
    if (start.fromLatestState()) {
      mode = UpgradeMode.LAST_STATE; // no savepoint possible: the latest checkpoint or savepoint
    }
    if (start.kind() == TransitionKind.REDEPLOY) {
      mode = UpgradeMode.STATELESS; // the current state is discarded: cancelled, restored from initialSavepointPath
    }
    String jobId = pass.observation().job().map(ObservedJob::id).orElse(null);
    if (pass.session() && start.lostJobId() != null) {
      // Nothing to stop: the lost job is recorded as the one replaced (Flink lists it no more), and the new one is
      // submitted from what lostJobState found.
      return new Transition(start.kind(), TransitionStep.RESTORE_WRITTEN, start.restorePath() == null ? UpgradeMode.STATELESS
          : UpgradeMode.LAST_STATE, start.lostJobId(), null, start.restorePath(), sessionTarget(pass, start.kind()), FlinkIds.random(),
          Map.of(), null, now, now, null);
    }
    if (pass.session() && (start.kind() == TransitionKind.SUBMIT || start.kind() == TransitionKind.RESUME)) {
      // Nothing to stop: record the new job's id and what it starts from, then submit.
      String path = start.kind() == TransitionKind.RESUME || pass.status().jobId() != null
          ? suspendedState(pass.status())
          : pass.declaration().job().initialSavepointPath();
      return new Transition(start.kind(), TransitionStep.RESTORE_WRITTEN, mode, jobId, null, path,
          sessionTarget(pass, start.kind()), FlinkIds.random(), Map.of(), null, now, now, null);
    }
    if (pass.session() && abandoned != null) {
      // The upgrade or suspend out of a stalled one: its job is cancelled for its latest state, a checkpoint it may have
      // completed between two looks (a crash loop runs now and then) or else what the stalled one restored, recorded here
      // as the fallback (cancelForLatestState). Before 2026-12-06 the newer spec restored the stalled one's savepoint
      // without looking, which would replay output such a checkpoint had committed.
      // A redeploy out of a stall cancels the stalled job too, and starts from the declared initialSavepointPath.
      boolean redeploy = start.kind() == TransitionKind.REDEPLOY;
      boolean submits = start.kind() != TransitionKind.SUSPEND;
      return new Transition(start.kind(), TransitionStep.RECORDED, redeploy ? UpgradeMode.STATELESS : UpgradeMode.LAST_STATE,
          abandoned.newJobId(), null, redeploy ? null : abandoned.restorePath(), submits ? sessionTarget(pass, start.kind()) : abandoned.target(),
          submits ? FlinkIds.random() : null, Map.of(), null, now, now, null);
    }
    if (pass.session()) {
      return new Transition(start.kind(), TransitionStep.RECORDED, mode, jobId, FlinkIds.random(), null,
          sessionTarget(pass, start.kind()), start.kind() != TransitionKind.SUSPEND ? FlinkIds.random() : null, Map.of(), null, now, now, null);
    }
    if (start.kind() == TransitionKind.RESUME) {
      // The suspend recorded the savepoint (or checkpoint); resuming starts from it. A suspend whose stop result was
      // lost recorded the stop's directory instead: the JobManager resolves the savepoint in it at start, and the
      // suspended job is kept as fromJobId so the savepoint, once known, is recorded as that job's.
      String directory = suspendedDirectory(pass.status());
      String path = suspendedState(pass.status());
      return new Transition(TransitionKind.RESUME, TransitionStep.RESTORE_PATH_RECORDED, mode,
          directory != null ? pass.status().jobId() : null, null, path, pods.target(), null, pass.status().suspendedReplicas(),
          null, now, now, null, directory);
    }
    if (abandoned != null && start.kind() != TransitionKind.REDEPLOY) {
      // (A redeploy out of a stall goes as any redeploy: its job cancelled, the state discarded.)
      // The upgrade, suspend or restart out of a stalled transition: its job, if its JobManager answers, is cancelled for
      // its latest state; what the stalled one restored is the fallback, and the state at once when there is no job to take
      // it from (its JobManager down, or no job).
      boolean jobToStop = jobId != null && pass.observation().jobManagerReachable();
      return new Transition(start.kind(), jobToStop ? TransitionStep.RECORDED : TransitionStep.RESTORE_PATH_RECORDED,
          UpgradeMode.LAST_STATE, jobToStop ? jobId : null, null, abandoned.restorePath(), pods.target(), null,
          start.kind() == TransitionKind.SUSPEND ? pods.replicas() : Map.of(), null, now, now, null, abandoned.savepointDirectory());
    }
    return new Transition(start.kind(), TransitionStep.RECORDED, mode, jobId, FlinkIds.random(), null, pods.target(), null,
        start.kind() == TransitionKind.SUSPEND ? pods.replicas() : Map.of(), null, now, now, null);
  }

  /**
   * What a session transition submits: the declared spec; while an upgrade to it is rolled back (it is not submitted
   * again), a restart, redeploy or resume starts the rolled-back job, the earlier submission that runs instead.
   */
  private static String sessionTarget(Pass pass, TransitionKind kind) {
    if (kind == TransitionKind.UPGRADE) {
      return pass.declaration().specDigest();
    }
    return SessionJobDecider.rolledBackTo(pass.declaration(), pass.status()).map(SubmittedJob::spec)
        .orElse(pass.declaration().specDigest());
  }

  /**
   * The count a resume scales a set back to. A null is a suspend recorded by a controller from before 02ce7d7 (it meant
   * "an autoscaler owned the replicas", and the resume then removed {@code spec.replicas}); {@code /scale} takes a count
   * only, so 1, which is what the API server made of the removal: {@code SetDefaults_StatefulSet}
   * (pkg/apis/apps/v1/defaults.go) sets a missing {@code spec.replicas} to 1 on every write. The HPA takes over from
   * there.
   */
  static int resumedReplicas(Integer recorded) {
    return recorded == null ? 1 : recorded;
  }

  /**
   * What a resume starts from: what the suspend stopped at (its savepoint, or a last-state suspend's checkpoint, which
   * is no savepoint and so not in {@code lastSavepoint}), else the last savepoint. Null when the suspend recorded only
   * its stop's directory ({@link #suspendedDirectory}): the last savepoint is older than the one in there, and
   * restoring it would go back in time.
   */
  private static String suspendedState(RuntimeStatus status) {
    TransitionResult last = suspended(status);
    if (last != null && last.restorePath() != null) {
      return last.restorePath();
    }
    if (last != null && last.restoreDirectory() != null) {
      return null;
    }
    return status.lastSavepoint() == null ? null : status.lastSavepoint().path();
  }

  /**
   * The directory of the suspend's own stop-with-savepoint when the stop completed but its result was lost with the
   * JobManager (see {@link #stopCompletedInDirectory}): the savepoint a resume restores is the one in there.
   */
  private static String suspendedDirectory(RuntimeStatus status) {
    TransitionResult last = suspended(status);
    return last != null && last.restorePath() == null ? last.restoreDirectory() : null;
  }

  /** The last transition if it is the suspend that succeeded (what a resume follows), else null. */
  private static TransitionResult suspended(RuntimeStatus status) {
    TransitionResult last = status.lastTransition();
    return last != null && last.kind() == TransitionKind.SUSPEND && "succeeded".equals(last.outcome()) ? last : null;
  }

  // ---- steps --------------------------------------------------------------------------------------

  /** NEXT to decide again in this pass; a re-look while a step runs outside; DONE when it ended or must wait. */
  private Outcome advance(Pass pass, Transition transition, ClusterPods pods) {
    if (known.putIfAbsent(key(pass, transition), clock.instant()) == null) {
      events.normal(pass.ref(), EventReasons.TRANSITION_RESUMED, "continuing " + transition.kind() + " from step " + transition.step()
          + ", recorded before the controller restarted");
    }
    return switch (transition.step()) {
      case RECORDED -> stopOrFindRestorePath(pass, transition);
      case STOP_TRIGGERED -> awaitStop(pass, transition);
      case RESTORE_PATH_RECORDED -> writeRestoreState(pass, transition, pods);
      case RESTORE_WRITTEN -> apply(pass, transition, pods);
      case APPLIED -> awaitResult(pass, transition, pods);
    };
  }

  private Outcome stopOrFindRestorePath(Pass pass, Transition transition) {
    try {
      switch (transition.upgradeMode()) {
        case STATELESS -> {
          String path = transition.kind() == TransitionKind.REDEPLOY ? pass.declaration().job().initialSavepointPath() : null;
          // An application's job too: replaced pods would leave it in Flink's HA data for the next JobManager. And
          // only once the cancel completed (awaitStatelessCancel): Flink takes a job out of its HA data when it has
          // ended, so a JobManager replaced while the job was still cancelling left it there, and the next one
          // recovered it from its latest checkpoint beside the new job (found on Flink 2.0's own jars by e2e's
          // ApplicationRun: a redeploy ran the restarted job again, and the controller took it for the new one).
          // An upgrade's too since 2026-12-07: its new JobManager starts under a new deployment id (a new job id under
          // HA), and Kubernetes HA's ConfigMaps are deleted before the pods go, but a JobManager still running the old
          // job until its pod goes may write them again, and other HA services (the harness' ZooKeeper) are not deleted
          // at all: the job cancelled and seen ended is out of Flink's HA data whatever the service.
          boolean replacesJob = pass.session() || isRestart(transition.kind()) || transition.kind() == TransitionKind.UPGRADE;
          if (transition.fromJobId() != null && replacesJob) {
            pass.write(StatusEdit.of(pass.status()).transition(transition.cancelling(path, clock.instant())));
            pass.reached(TransitionStep.STOP_TRIGGERED);
            cancelQuietly(pass, transition.fromJobId());
            return Outcome.lookAgainAfter(lookAgain);
          }
          pass.write(StatusEdit.of(pass.status()).transition(transition.withRestorePath(path, null, clock.instant())));
          pass.reached(TransitionStep.RESTORE_PATH_RECORDED);
          return Outcome.NEXT;
        }
        case LAST_STATE -> {
          return cancelForLatestState(pass, transition);
        }
        default -> {
          String directory = stopDirectory(pass, transition);
          OperationTrigger trigger = pass.flink().stopWithSavepoint(transition.fromJobId(), stopRequest(transition, directory), false);
          pass.reached(Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED);
          pass.write(StatusEdit.of(pass.status()).transition(transition.stopping(directory, clock.instant())));
          LOG.info("{}: stop-with-savepoint {} of job {} triggered", pass, trigger.triggerId(), transition.fromJobId());
          pass.reached(TransitionStep.STOP_TRIGGERED);
          return Outcome.NEXT;
        }
      }
    } catch (FlinkRestException e) {
      fail(pass, transition, "Flink refused: " + e.getMessage());
      return Outcome.DONE;
    }
  }

  /**
   * The directory this stop alone writes into, {@code <the JobManager's savepoint directory>/stop-<trigger id>}: the
   * same for a controller that asks again with the same trigger id, and the one place to look should the stop's
   * result be lost (see {@link #stopCompletedInDirectory}). Null when the JobManager has no savepoint directory
   * configured (the job's own then decides, and a lost result cannot be found again).
   */
  private static String stopDirectory(Pass pass, Transition transition) {
    Map<String, String> config;
    try {
      config = pass.flink().jobManagerConfig();
    } catch (FlinkRestException e) {
      LOG.info("{}: the JobManager's configuration is not readable ({}): the stop writes where the cluster's default says", pass, e.getMessage());
      return null;
    }
    return SAVEPOINT_DIR_KEYS.stream().map(config::get)
        .filter(value -> value != null && !value.isBlank()).findFirst()
        .map(base -> under(base, "stop-" + transition.triggerId()))
        .orElse(null);
  }

  /** The directory keys, the newest version's first (renamed in 1.20, the old ones still read there). */
  private static final List<String> SAVEPOINT_DIR_KEYS = FlinkVersion.savepointsDirKeys();
  private static final List<String> CHECKPOINT_DIR_KEYS = FlinkVersion.checkpointsDirKeys();

  /** {@code child} under directory {@code base}, with or without its last slash. */
  private static String under(String base, String child) {
    return base + (base.endsWith("/") ? "" : "/") + child;
  }

  private static SavepointRequest stopRequest(Transition transition, String directory) {
    return (directory == null ? SavepointRequest.toDefaultDirectory() : SavepointRequest.to(directory)).withTriggerId(transition.triggerId());
  }

  /**
   * Last-state: no savepoint. A job that still runs (or restarts) is cancelled, and only once it is cancelled is its
   * latest checkpoint read: a checkpoint completed after an earlier read would have committed output that restoring
   * the earlier one replays. Cancelling, not just replacing the pods, also takes the job out of Flink's HA data,
   * where a new JobManager would otherwise recover it beside the new job. Flink keeps the latest checkpoint of a
   * cancelled job only with {@code RETAIN_ON_CANCELLATION} (flinkstack's clusters set it), of a failed one when
   * checkpoints are externalized at all: without that, nothing is touched and the transition fails, naming the key.
   */
  private Outcome cancelForLatestState(Pass pass, Transition transition) {
    String jobId = transition.fromJobId();
    if (jobId == null) {
      fail(pass, transition, "no job to take the latest state of");
      return Outcome.DONE;
    }
    // Only a transition out of a stall knows a state before it stops its job: what the stalled job restored.
    String fallback = transition.restorePath();
    JobDetails job;
    try {
      job = pass.flink().job(jobId);
    } catch (FlinkRestException e) {
      if (!e.isNotFound() || fallback == null) {
        throw e;
      }
      recordRestorePath(pass, transition, fallback, "what the stalled job " + jobId + " restored (Flink does not know that job any"
          + " more: a JobManager without HA restarted?),");
      return Outcome.NEXT;
    }
    Optional<String> unretained = unretained(pass, jobId, job.state());
    if (unretained.isPresent() && !(fallback != null && pass.flink().checkpoints(jobId).latestCompleted().isEmpty())) {
      // (A stalled job that completed no checkpoint loses nothing to the cancel: it goes from what it restored.)
      fail(pass, transition, unretained.get());
      return Outcome.DONE;
    }
    if (job.state().isGloballyTerminal()) {
      return recordLatestState(pass, transition, jobId);
    }
    String latestKnown = latestState(pass.flink().checkpoints(jobId)).orElse(fallback);
    pass.write(StatusEdit.of(pass.status()).transition(transition.cancelling(latestKnown, clock.instant())));
    pass.reached(TransitionStep.STOP_TRIGGERED);
    pass.flink().cancel(jobId);
    LOG.info("{}: job {} ({}) cancelled for a last-state {}", pass, jobId, job.state(), transition.kind());
    if (fallback != null) {
      events.normal(pass.ref(), EventReasons.JOB_CANCELLED, "cancelled job " + jobId + " (" + job.state() + ") of the stalled transition"
          + " for its latest state, before the " + transition.kind().name().toLowerCase(Locale.ROOT)
          + (transition.kind() == TransitionKind.UPGRADE ? " to " + (pass.session() ? "spec " : "") + transition.target() : ""));
    }
    return Outcome.lookAgainAfter(lookAgain);
  }

  /** Why cancelling (or having failed) loses the job's latest checkpoint, if it does. */
  private static Optional<String> unretained(Pass pass, String jobId, JobState state) {
    if (state == JobState.FINISHED) {
      return Optional.empty();
    }
    CheckpointRetention retention;
    try {
      retention = pass.flink().checkpointRetention(jobId);
    } catch (FlinkRestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      retention = new CheckpointRetention(false, true); // Flink's 404: the job does not checkpoint
    }
    boolean kept = state == JobState.FAILED ? retention.externalized() : retention.retainedOnCancellation();
    if (kept) {
      return Optional.empty();
    }
    return Optional.of("job " + jobId + " is " + state + (state == JobState.FAILED ? " and Flink deleted its checkpoints"
        : " and cancelling it would delete its latest checkpoint") + " (checkpoints not retained: set " + FlinkVersion.CHECKPOINT_RETENTION_KEY
        + ": RETAIN_ON_CANCELLATION in the cluster's Flink configuration and do not override it in the job, or use upgradeMode"
        + " stateless to start without state)");
  }

  /** Step {@link TransitionStep#STOP_TRIGGERED} of a last-state stop: the cancel. */
  private Outcome awaitCancelled(Pass pass, Transition transition) {
    String jobId = transition.fromJobId();
    JobDetails job;
    try {
      job = pass.flink().job(jobId);
    } catch (FlinkRestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      // A JobManager that restarted after the cancel completed knows the job no more (Flink removed it from its HA
      // data): what it checkpointed last cannot be read now, only what was read before the cancel.
      String fallback = transition.restorePath();
      events.warning(pass.ref(), EventReasons.LATEST_STATE_UNKNOWN, "the JobManager does not know job " + jobId
          + " any more (it restarted after the cancel?): its final checkpoint cannot be read, so the new job restores "
          + (fallback != null ? "the latest checkpoint read before the cancel, " + fallback
          + "; output committed by a checkpoint completed between that read and the cancel is written again"
          : "nothing: no checkpoint was known before the cancel"));
      recordRestorePath(pass, transition, fallback, "the latest checkpoint known before the cancel");
      return Outcome.NEXT;
    }
    if (job.state().isGloballyTerminal()) {
      return recordLatestState(pass, transition, jobId);
    }
    if (clock.instant().isAfter(transition.stepAt().plus(operationTimeout))) {
      fail(pass, transition, "job " + jobId + " still " + job.state() + " " + operationTimeout + " after it was cancelled");
      return Outcome.DONE;
    }
    if (job.state() != JobState.CANCELLING) {
      // Cancelled before the cancel (a controller cut off in between), or recovered by a restarted JobManager.
      cancelQuietly(pass, jobId);
    }
    return Outcome.lookAgainAfter(lookAgain);
  }

  /**
   * Step {@link TransitionStep#STOP_TRIGGERED} of a stateless transition: its job cancelled, nothing of its state kept.
   * Once Flink reports the job ended (or knows it no more), the pods may go: the restore path recorded with the
   * cancel (a redeploy's declared initial savepoint, else none) is recorded as the one to start from. A job still not
   * ended an operation timeout after the cancel does not hold a stateless transition up (it is often the way out of a
   * broken job): it goes on with a Warning, as before 2026-12-07, and the HA data deleted with the pods is then all
   * that keeps the job from being recovered.
   */
  private Outcome awaitStatelessCancel(Pass pass, Transition transition) {
    String jobId = transition.fromJobId();
    boolean late = clock.instant().isAfter(transition.stepAt().plus(operationTimeout));
    String seen;
    try {
      JobState state = pass.flink().job(jobId).state();
      if (state.isGloballyTerminal()) {
        seen = null;
      } else if (!late) {
        if (state != JobState.CANCELLING) {
          cancelQuietly(pass, jobId); // cancelled before the cancel (a controller cut off in between), or recovered
        }
        return Outcome.lookAgainAfter(lookAgain);
      } else {
        seen = "still " + state;
      }
    } catch (FlinkRestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      seen = null; // the JobManager knows it no more: it ended (and was cleaned up), or a JobManager without HA restarted
    } catch (FlinkUnreachableException e) {
      if (!late) {
        return Outcome.lookAgainAfter(lookAgain);
      }
      seen = "not seen to end (the JobManager does not answer)";
    }
    if (seen != null) {
      events.warning(pass.ref(), EventReasons.CANCEL_OVERDUE, "job " + jobId + " " + seen + " " + operationTimeout
          + " after it was cancelled; the " + transition.kind().name().toLowerCase(Locale.ROOT) + " goes on without its state"
          + " as declared");
    }
    pass.write(StatusEdit.of(pass.status()).transition(transition.withRestorePath(transition.restorePath(), null, clock.instant())));
    pass.reached(TransitionStep.RESTORE_PATH_RECORDED);
    return Outcome.NEXT;
  }

  /** The newest completed checkpoint or savepoint of the (now stopped) job, else what it restored, else nothing. */
  private Outcome recordLatestState(Pass pass, Transition transition, String jobId) {
    Optional<String> latest = latestState(pass.flink().checkpoints(jobId));
    String path = latest.orElse(transition.restorePath());
    recordRestorePath(pass, transition, path, path == null ? "nothing (job " + jobId + " completed no checkpoint and restored none)"
        : "the latest state of job " + jobId + ",");
    return Outcome.NEXT;
  }

  /** Flink's newest completed checkpoint or savepoint of a job; without one, the path the job was restored from. */
  static Optional<String> latestState(CheckpointOverview checkpoints) {
    Optional<CheckpointOverview.Completed> newest = java.util.stream.Stream.of(checkpoints.latestCompleted(), checkpoints.latestSavepoint())
        .flatMap(Optional::stream)
        .filter(point -> point.externalPath() != null && !point.externalPath().isBlank())
        .max(java.util.Comparator.comparingLong(CheckpointOverview.Completed::latestAckTimestamp));
    if (newest.isPresent()) {
      return Optional.of(newest.get().externalPath());
    }
    return checkpoints.latestRestored().flatMap(CheckpointOverview.Restored::externalPath).filter(path -> !path.isBlank());
  }

  private Outcome awaitStop(Pass pass, Transition transition) {
    if (transition.upgradeMode() == UpgradeMode.LAST_STATE) {
      return awaitCancelled(pass, transition);
    }
    if (transition.upgradeMode() == UpgradeMode.STATELESS) {
      return awaitStatelessCancel(pass, transition);
    }
    SavepointService service = new SavepointService(pass.flink());
    OperationTrigger trigger = new OperationTrigger(OperationTrigger.Kind.STOP_WITH_SAVEPOINT, transition.fromJobId(), transition.triggerId());
    try {
      // Asking again with the recorded id is the same operation if Flink got the first request: a
      // controller cut off between asking and recording must not leave a stop that nobody follows.
      OperationStatus result = service.poll(trigger);
      if (result.succeeded()) {
        return stopCompleted(pass, transition, result.location().orElseThrow(), "");
      }
      if (result.failed()) {
        fail(pass, transition, "stop-with-savepoint failed: " + result.failureCause().orElse("Flink gave no cause"));
        return Outcome.DONE;
      }
      if (clock.instant().isAfter(transition.stepAt().plus(operationTimeout))) {
        Optional<String> found = stopSavepointOfFinishedJob(pass, transition);
        if (found.isPresent()) {
          return stopCompleted(pass, transition, found.get(), "completed (Flink still reported the operation in progress)");
        }
        fail(pass, transition, "stop-with-savepoint still in progress after " + operationTimeout);
        return Outcome.DONE;
      }
      return Outcome.lookAgainAfter(lookAgain);
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        // Not known (yet): trigger again under the same id (idempotent while the JobManager remembers it).
        return retrigger(pass, transition);
      }
      fail(pass, transition, "stop-with-savepoint refused: " + e.getMessage());
      return Outcome.DONE;
    }
  }

  /** The stop-with-savepoint's savepoint is known: recorded as the restore path and as the newest savepoint. */
  private Outcome stopCompleted(Pass pass, Transition transition, String path, String how) {
    SavepointInfo savepoint = new SavepointInfo(path,
        transition.kind() == TransitionKind.SUSPEND ? SavepointTrigger.SUSPEND : SavepointTrigger.UPGRADE,
        transition.stepAt(), transition.fromJobId(), transition.triggerId());
    Duration took = Duration.between(transition.stepAt(), clock.instant());
    pass.write(StatusEdit.of(pass.status())
        .transition(transition.withRestorePath(path, took.toMillis() / 1000.0, clock.instant()))
        .savepointCompleted(savepoint)
        .savepointBackoff(null));
    metrics.savepointCompleted(pass.identity(), savepoint.trigger(), took);
    events.normal(pass.ref(), EventReasons.SAVEPOINT_COMPLETED, "stop-with-savepoint " + path + " of job " + transition.fromJobId()
        + (how.isEmpty() ? " completed in " + seconds(took) : " " + how) + "; the job is stopped");
    pass.reached(TransitionStep.RESTORE_PATH_RECORDED);
    return Outcome.NEXT;
  }

  /**
   * The JobManager no longer knows the trigger (Flink keeps an operation's result for {@code rest.async.store-duration},
   * 5 minutes by default) but still knows the job: if the job FINISHED and its latest savepoint is a synchronous one
   * (Flink's {@code SYNC_SAVEPOINT}, what a stop-with-savepoint takes; a job ends once), that is the stop's savepoint.
   */
  private Optional<String> stopSavepointOfFinishedJob(Pass pass, Transition transition) {
    try {
      JobDetails job = pass.flink().job(transition.fromJobId());
      if (job.state() != JobState.FINISHED) {
        return Optional.empty();
      }
      return pass.flink().checkpoints(transition.fromJobId()).latestSavepoint()
          .filter(CheckpointOverview.Completed::stoppedTheJob)
          .map(CheckpointOverview.Completed::externalPath)
          .filter(path -> !path.isBlank());
    } catch (FlinkRestException e) {
      return Optional.empty(); // the job is not known either: a restarted JobManager
    }
  }

  private Outcome retrigger(Pass pass, Transition transition) {
    Optional<String> found = stopSavepointOfFinishedJob(pass, transition);
    if (found.isPresent()) {
      events.normal(pass.ref(), EventReasons.STOP_SAVEPOINT_FOUND, "the JobManager no longer knows stop-with-savepoint "
          + transition.triggerId() + " (its result expired), but job " + transition.fromJobId() + " FINISHED with "
          + found.get() + " as its stop's savepoint: the " + transition.kind().name().toLowerCase(Locale.ROOT) + " goes on from it");
      return stopCompleted(pass, transition, found.get(), "found again in the job's checkpoint history");
    }
    ObservedJob job = pass.observation().job().orElse(null);
    // Not for session jobs: their job is submitted with a path, and no start script resolves a directory for them.
    boolean directoryKnown = transition.savepointDirectory() != null && !pass.session()
        && (transition.kind() == TransitionKind.UPGRADE || transition.kind() == TransitionKind.SUSPEND || isRestart(transition.kind()));
    if (directoryKnown && job != null && job.id().equals(transition.fromJobId()) && job.knownByResultOnly()
        && job.state() == JobState.FINISHED) {
      return stopCompletedInDirectory(pass, transition, "it knows the job only as FINISHED");
    }
    String key = key(pass, transition);
    boolean sessionDirectory = pass.session() && transition.savepointDirectory() != null;
    if (job == null && (!pass.session() || sessionDirectory)) {
      // Under HA a JobManager that took over may list the job later (recovered, had the stop not completed).
      Instant first = unlisted.computeIfAbsent(key, k -> clock.instant());
      if (clock.instant().isBefore(first.plus(UNLISTED_GRACE))) {
        reportWait(pass, transition.kind() + " waits: the " + (pass.session() ? "session " : "") + "JobManager does not know"
            + " stop-with-savepoint " + transition.triggerId() + " and lists no job " + transition.fromJobId() + " yet (it"
            + " restarted?); looking again until " + first.plus(UNLISTED_GRACE));
        return Outcome.lookAgainAfter(lookAgain);
      }
    }
    if (sessionDirectory) {
      Optional<Outcome> located = sessionStopInDirectory(pass, transition, job, key);
      if (located.isPresent()) {
        return located.get();
      }
    }
    if (job == null && !pass.session() && directoryKnown && keepsEndedJobs(pass)) {
      unlisted.remove(key);
      return stopCompletedInDirectory(pass, transition, "it lists no job " + UNLISTED_GRACE.toSeconds() + " s on: under HA"
          + " with job-result-store.delete-on-commit false, a job it neither recovers nor runs again ended before it took over;"
          + " had the stop not completed, the directory holds no savepoint and the JobManager does not start");
    }
    unlisted.remove(key);
    if (job == null || !job.id().equals(transition.fromJobId()) || !job.fullyRunning()) {
      fail(pass, transition, "the JobManager does not know stop-with-savepoint " + transition.triggerId() + " any more and job "
          + transition.fromJobId() + " is " + (job == null ? "gone" : job.state()) + " (the JobManager restarted?); whether the"
          + " stop completed cannot be learned from Flink, nor its savepoint's path"
          + (transition.savepointDirectory() != null ? " (if it completed, the savepoint is in " + transition.savepointDirectory() + ")" : "")
          + ": the " + transition.kind().name().toLowerCase(Locale.ROOT) + " ends here and is decided anew");
      return Outcome.DONE;
    }
    try {
      pass.flink().stopWithSavepoint(transition.fromJobId(), stopRequest(transition, transition.savepointDirectory()), false);
    } catch (FlinkUnreachableException | FlinkRestException e) {
      LOG.info("{}: re-triggering stop-with-savepoint {}: {}", pass, transition.triggerId(), e.getMessage());
    }
    return Outcome.lookAgainAfter(lookAgain);
  }

  /**
   * A session cluster's JobManager that forgot the stop: if the stopped job is FINISHED, or listed not at all (after
   * {@link #UNLISTED_GRACE}, waited for by the caller: under HA a job whose stop did not complete comes back, and must not
   * run beside its successor), the stop's own directory is listed inside that JobManager ({@link JobSubmitter#locateStopSavepoint}). A
   * savepoint there is the stop's: recorded, and the new job is submitted from it. None: empty, and the transition fails as
   * before (the stop did not complete; without HA the job is lost with the JobManager).
   */
  private Optional<Outcome> sessionStopInDirectory(Pass pass, Transition transition, ObservedJob job, String key) {
    boolean finished = job != null && job.id().equals(transition.fromJobId()) && job.state() == JobState.FINISHED;
    if (job != null && !finished) {
      return Optional.empty();
    }
    Optional<String> path;
    try {
      path = submitter.locateStopSavepoint(pass.flink(), transition.savepointDirectory());
    } catch (FlinkUnreachableException e) {
      reportWait(pass, transition.kind() + " waits: the session JobManager, which is to list " + transition.savepointDirectory()
          + " (the stop's own directory), does not answer: " + e.getMessage());
      return Optional.of(Outcome.lookAgainAfter(lookAgain));
    } catch (FlinkRestException | JarFetchException | IllegalStateException e) {
      // It answered, but cannot list it (jar submission turned off, say): as if there were nothing, which fails the
      // transition naming the directory, rather than waiting for good.
      LOG.info("{}: the session JobManager could not list {}: {}", pass, transition.savepointDirectory(), e.getMessage());
      unlisted.remove(key);
      return Optional.empty();
    }
    unlisted.remove(key);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    events.normal(pass.ref(), EventReasons.STOP_SAVEPOINT_IN_DIRECTORY, "the session JobManager no longer knows"
        + " stop-with-savepoint " + transition.triggerId() + " of job " + transition.fromJobId() + " (" + (finished
            ? "the job is FINISHED" : "it lists no such job") + "), but the stop's own directory holds " + path.get()
        + ": the " + transition.kind().name().toLowerCase(Locale.ROOT) + " goes on from it");
    return Optional.of(stopCompleted(pass, transition, path.get(), "found in the stop's own directory"));
  }

  /**
   * The stop completed and its result went with the JobManager: the JobManager that took over knows job
   * {@code fromJobId} only from its job result store, FINISHED (an unbounded job ends FINISHED only by a stop, and the
   * controller's stop was in flight), or, when the store's entry was already clean, lists it not at all (its
   * application's submission is refused as that of an ended job), and the stop wrote into a directory of its own. The
   * new JobManager restores the savepoint it finds there (its start script lists the directory with Flink's file
   * systems and refuses to start without one), and the path is recorded once the new job runs, from Flink's
   * {@code latest.restored}. A suspend records the directory in its result ({@link TransitionResult#restoreDirectory}),
   * and its resume restores from it the same way.
   */
  private Outcome stopCompletedInDirectory(Pass pass, Transition transition, String why) {
    pass.write(StatusEdit.of(pass.status()).transition(transition.restoringFromDirectory(clock.instant())));
    events.normal(pass.ref(), EventReasons.STOP_SAVEPOINT_IN_DIRECTORY, "the JobManager restarted after stop-with-savepoint "
        + transition.triggerId() + " of job " + transition.fromJobId() + " completed (" + why + ") and the"
        + " result, with the savepoint's path, is lost: " + (transition.kind() == TransitionKind.SUSPEND
            ? "the suspend goes on, and the resume's JobManager restores" : "the new JobManager restores")
        + " the savepoint in " + transition.savepointDirectory() + ", the stop's own directory");
    pass.reached(TransitionStep.RESTORE_PATH_RECORDED);
    return Outcome.NEXT;
  }

  /**
   * Whether the JobManager keeps the end of a job it ran (HA with {@code job-result-store.delete-on-commit: false}, as
   * flinkstack's clusters set it): then a job that ended before it took over is refused when its application submits
   * it again, and not listed when its entry was already clean. Without HA, or with the entry deleted, the job would run
   * again instead. Unreadable configuration: no.
   */
  private static boolean keepsEndedJobs(Pass pass) {
    Map<String, String> config;
    try {
      config = pass.flink().jobManagerConfig();
    } catch (FlinkClientException e) {
      LOG.info("{}: the JobManager's configuration is not readable ({})", pass, e.getMessage());
      return false;
    }
    String type = Optional.ofNullable(config.get("high-availability.type")).orElse(config.get("high-availability"));
    return type != null && !type.isBlank() && !type.equalsIgnoreCase("none")
        && "false".equalsIgnoreCase(String.valueOf(config.get("job-result-store.delete-on-commit")).trim());
  }

  private void recordRestorePath(Pass pass, Transition transition, String path, String what) {
    pass.write(StatusEdit.of(pass.status()).transition(transition.withRestorePath(path, null, clock.instant())));
    events.normal(pass.ref(), EventReasons.RESTORE_PATH_RECORDED, "the new job will restore " + what
        + (path == null ? " — it starts without state" : " " + path));
    pass.reached(TransitionStep.RESTORE_PATH_RECORDED);
  }

  private Outcome writeRestoreState(Pass pass, Transition transition, ClusterPods pods) {
    boolean suspend = transition.kind() == TransitionKind.SUSPEND;
    if (pass.session() && suspend) {
      finish(pass, transition, LifecycleState.SUSPENDED, suspendedMessage(transition));
      return Outcome.DONE;
    }
    // A session job's restore path goes into its submission, not into a ConfigMap. Nothing is written for a suspend
    // either: the resume writes what it restores. Written here (with a new deployment id, so a new job id under HA), it
    // would start a job from the suspend's savepoint in any JobManager that restarts before the scale-down (a crash, or a
    // controller replaced between the two steps), and output that job committed before it was scaled away would be
    // written again by the resumed one. The ConfigMap as it is names the stopped job's own deployment: under HA such a
    // JobManager finds that job ended in its job result store and runs nothing. (Written until 2026-12-06.)
    if (!pass.session() && !suspend) {
      putRestoreConfigMap(pass, transition, pods);
    }
    pass.write(StatusEdit.of(pass.status()).transition(transition.at(TransitionStep.RESTORE_WRITTEN, clock.instant())));
    pass.reached(TransitionStep.RESTORE_WRITTEN);
    return Outcome.NEXT;
  }

  /**
   * {@code <cluster>-restore}: what an application's next JobManager starts from, under a deployment id of this
   * transition, and which JobManagers must not start from it: the pods there are now ({@link RestoreState#REPLACED_PODS_KEY};
   * {@link #apply} deletes exactly these) and, for an upgrade or a rollback, the revisions they are at that the transition
   * leads away from ({@link RestoreState#REPLACED_REVISIONS_KEY}). A restart, redeploy or resume names no revision: their
   * pods come back at the revision they had. Without HA it names the TaskManager pods there now as well
   * ({@link RestoreState#REPLACED_TASK_MANAGERS_KEY}), which {@link #apply} deletes with the JobManagers.
   */
  private void putRestoreConfigMap(Pass pass, Transition transition, ClusterPods pods) {
    DeclarationIdentity identity = pass.identity();
    Map<String, String> data = new LinkedHashMap<>();
    data.put(RestoreState.PATH_KEY, transition.restorePath() == null ? "" : transition.restorePath());
    data.put(RestoreState.ALLOW_NON_RESTORED_STATE_KEY, String.valueOf(Boolean.TRUE.equals(pass.declaration().job().allowNonRestoredState())));
    // One id per transition: the JobManager's job id under HA includes it (see RestoreState.DEPLOYMENT_KEY).
    data.put(RestoreState.DEPLOYMENT_KEY, Long.toHexString(transition.startedAt().toEpochMilli()));
    if (transition.restoresFromDirectory()) {
      data.put(RestoreState.DIRECTORY_KEY, transition.savepointDirectory());
    }
    // Always (since 2026-12-08): besides a lost stop's directory, the start script of an application without HA lists its
    // deployment's latest checkpoint with it at every JobManager start.
    data.put(RestoreState.RESOLVER_KEY, RestoreState.resolverSource());
    List<PodSnapshot> jobManagers = jobManagers(pass, pods);
    data.put(RestoreState.REPLACED_PODS_KEY, lines(jobManagers.stream().map(PodSnapshot::uid).filter(Objects::nonNull).toList()));
    // Without HA a TaskManager kept would wait out Flink's heartbeat timeout before it finds the new JobManager; with
    // HA, or a configuration not found (as before: the TaskManagers stay), no key.
    if (HighAvailabilityData.enabled(kubernetes, identity.namespace(), identity.cluster()).equals(Optional.of(false))) {
      data.put(RestoreState.REPLACED_TASK_MANAGERS_KEY, lines(taskManagers(pass, pods).stream().filter(pod -> !pod.terminating())
          .map(PodSnapshot::uid).filter(Objects::nonNull).toList()));
    }
    if (transition.kind() == TransitionKind.UPGRADE || transition.kind() == TransitionKind.ROLLBACK) {
      String target = ClusterPods.jobManagerRevision(identity.cluster(), transition.target());
      data.put(RestoreState.REPLACED_REVISIONS_KEY, lines(jobManagers.stream().map(PodSnapshot::revision)
          .filter(revision -> revision != null && !revision.equals(target)).distinct().toList()));
    }
    putRestoreConfigMap(identity, data);
  }

  /** Writes {@code <cluster>-restore} with {@code data} and the labels that name its FlinkJob and cluster. */
  private void putRestoreConfigMap(DeclarationIdentity identity, Map<String, String> data) {
    kubernetes.putConfigMap(new ConfigMapSnapshot(identity.namespace(), RestoreState.configMap(identity.cluster()), null, null,
        Map.of(io.flinkstack.contract.Labels.FLINK_JOB, identity.source().name(),
            io.flinkstack.contract.Labels.MANAGED_BY, io.flinkstack.contract.Labels.MANAGED_BY_CONTROLLER,
            io.flinkstack.contract.Labels.INSTANCE, identity.cluster()),
        null, data));
  }

  /** One per line, each line ended (the start script's {@code read} loop takes a last line without one too). */
  private static String lines(List<String> values) {
    return values.stream().map(value -> value + "\n").collect(java.util.stream.Collectors.joining());
  }

  /** The JobManager pods of the cluster, going or not. */
  private static List<PodSnapshot> jobManagers(Pass pass, ClusterPods pods) {
    return podsOf(pods, io.flinkstack.contract.ClusterNames.jobManager(pass.identity().cluster()));
  }

  /** The TaskManager pods of the cluster, going or not. */
  private static List<PodSnapshot> taskManagers(Pass pass, ClusterPods pods) {
    return podsOf(pods, io.flinkstack.contract.ClusterNames.taskManager(pass.identity().cluster()));
  }

  private static List<PodSnapshot> podsOf(ClusterPods pods, String set) {
    return pods.workloads().stream().filter(workload -> workload.set().name().equals(set))
        .flatMap(workload -> workload.pods().stream()).toList();
  }

  /**
   * The JobManager pods the restore ConfigMap names as replaced ({@link RestoreState#REPLACED_PODS_KEY}) and not yet
   * going: every transition that wrote it replaces its JobManager, even when the JobManager's template did not change (an
   * upgrade of the TaskManagers' template alone: the JobManager whose job was stopped runs no other). A JobManager
   * started after the ConfigMap was written is the new one, and stays. A ConfigMap without the key (written by a
   * controller before it, or deleted since): every JobManager pod not going, as before.
   */
  private List<PodSnapshot> replacedJobManagers(Pass pass, ClusterPods pods) {
    Optional<Set<String>> replaced = kubernetes.configMap(pass.identity().namespace(), RestoreState.configMap(pass.identity().cluster()))
        .map(ConfigMapSnapshot::data).map(data -> data.get(RestoreState.REPLACED_PODS_KEY))
        .map(text -> Set.copyOf(text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()));
    return jobManagers(pass, pods).stream()
        .filter(pod -> !pod.terminating() && replaced.map(uids -> uids.contains(pod.uid())).orElse(true)).toList();
  }

  /**
   * The TaskManager pods the restore ConfigMap names as replaced too ({@link RestoreState#REPLACED_TASK_MANAGERS_KEY}:
   * written for a cluster without HA) and not yet going; none without the key.
   */
  private List<PodSnapshot> replacedTaskManagers(Pass pass, ClusterPods pods) {
    Set<String> replaced = kubernetes.configMap(pass.identity().namespace(), RestoreState.configMap(pass.identity().cluster()))
        .map(ConfigMapSnapshot::data).map(data -> data.get(RestoreState.REPLACED_TASK_MANAGERS_KEY))
        .map(text -> Set.copyOf(text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList())).orElse(Set.of());
    return taskManagers(pass, pods).stream().filter(pod -> !pod.terminating() && replaced.contains(pod.uid())).toList();
  }

  /** The pods a transition replaces whatever their revision: the JobManagers, and without HA the TaskManagers too. */
  private List<PodSnapshot> replaced(Pass pass, ClusterPods pods) {
    return union(replacedJobManagers(pass, pods), replacedTaskManagers(pass, pods));
  }

  private Outcome apply(Pass pass, Transition transition, ClusterPods pods) {
    DeclarationIdentity identity = pass.identity();
    if (pass.session()) {
      boolean replaces = transition.kind() == TransitionKind.ROLLBACK || transition.kind() == TransitionKind.UPGRADE;
      if (replaces && !replacedSessionJobEnded(pass, transition)) {
        return Outcome.lookAgainAfter(lookAgain);
      }
      return submit(pass, transition);
    }
    String namespace = identity.namespace();
    if (transition.kind() == TransitionKind.ROLLBACK && !failingJobEnded(pass)) {
      return Outcome.lookAgainAfter(lookAgain);
    }
    if (transition.kind() != TransitionKind.RESUME) {
      List<String> deleted = HighAvailabilityData.delete(kubernetes, namespace, identity.cluster());
      if (!deleted.isEmpty()) {
        events.normal(pass.ref(), EventReasons.STALE_HA_DATA_DELETED, "deleted HA ConfigMaps " + deleted
            + " so the new JobManager restores " + restored(transition) + ", not an older checkpoint");
      }
    }
    switch (transition.kind()) {
      case UPGRADE -> {
        if (!openGates(pass, pods)) {
          return Outcome.lookAgainAfter(lookAgain); // deleted once the StatefulSet controller has seen the open gate
        }
        deleteToComeBackAt(pass, union(pods.outdated(), replaced(pass, pods)), pods.target());
      }
      case SUSPEND -> {
        for (String set : transition.replicas().keySet()) {
          kubernetes.scaleStatefulSet(namespace, set, 0);
        }
        events.normal(pass.ref(), EventReasons.SCALED, "scaled " + transition.replicas().keySet() + " to 0");
      }
      case RESUME -> {
        // Behind closed gates, seen closed: a suspend out of a stalled upgrade or rollback left them open, and pods made
        // now would come from that failing template (Git's fixed one may not be applied yet, or be applied after the
        // FlinkJob). Closed, the pods come back at each set's current revision, the last whose job ran, and a newer
        // template waits for the upgrade after the resume, with a savepoint of its own.
        if (!closeGatesBeforeResume(pass, pods)) {
          return Outcome.lookAgainAfter(lookAgain);
        }
        for (Map.Entry<String, Integer> set : transition.replicas().entrySet()) {
          kubernetes.scaleStatefulSet(namespace, set.getKey(), resumedReplicas(set.getValue()));
        }
        events.normal(pass.ref(), EventReasons.SCALED, "scaled back to " + transition.replicas());
        // A JobManager already there when the resume wrote the restore ConfigMap (the sets scaled up by someone else
        // first, e.g. a kubectl apply of manifests that declare replicas) started from the ConfigMap the suspend left:
        // named there as replaced, its start script would exit for good. Deleted, it comes back from the resume's.
        deleteReplaced(pass, replaced(pass, pods));
      }
      case RESTART, REDEPLOY -> deleteReplaced(pass, replaced(pass, pods));
      case ROLLBACK -> {
        // The gate closed again: every pod the StatefulSet controller creates now comes from its current revision,
        // the last one whose job ran (its readiness gates kept the failing revision from becoming current).
        if (!closeGatesObserved(pass, pods)) {
          return Outcome.lookAgainAfter(lookAgain);
        }
        deleteToComeBackAt(pass, union(pods.notAt(transition.target()), replaced(pass, pods)), transition.target());
      }
      case SUBMIT -> throw new IllegalStateException("an application cluster's job is started by its JobManager");
    }
    pass.write(StatusEdit.of(pass.status()).transition(transition.at(TransitionStep.APPLIED, clock.instant())));
    pass.reached(TransitionStep.APPLIED);
    return Outcome.lookAgainAfter(lookAgain); // the pods come back meanwhile
  }

  /**
   * Opens the upgrade gate of every {@code RollingUpdate} set (partition {@link UpgradeGate#OPEN}): from now on
   * the StatefulSet controller creates its pods at the update revision. True once every gate is open and the
   * StatefulSet controller has observed it (a pod deleted before that could come back at the old revision).
   */
  private boolean openGates(Pass pass, ClusterPods pods) {
    return moveGates(pass, pods, UpgradeGate.OPEN, EventReasons.GATE_OPENED, set -> "opened the upgrade gate of " + set.name()
        + " (partition " + set.partition() + " → " + UpgradeGate.OPEN + ") after the savepoint");
  }

  /** Closes the gates again (partition {@link UpgradeGate#CLOSED}) once every pod runs the update revision. */
  private void closeGates(Pass pass, ClusterPods pods) {
    moveGates(pass, pods, UpgradeGate.CLOSED, null, null);
  }

  /** Closes the gates and tells whether the StatefulSet controller has seen them closed (a rollback's first act). */
  private boolean closeGatesObserved(Pass pass, ClusterPods pods) {
    return moveGates(pass, pods, UpgradeGate.CLOSED, EventReasons.GATE_CLOSED,
        set -> "closed the upgrade gate of " + set.name() + " to roll back");
  }

  /**
   * Sets the partition of every {@code RollingUpdate} set to {@code partition} ({@code OnDelete} sets have no gate:
   * every pod they create gets the update revision anyway), with an Event per set changed when {@code reason} is given.
   * True once every gate is there and the StatefulSet controller has observed it (a pod deleted before that could
   * come back at the other revision).
   */
  private boolean moveGates(Pass pass, ClusterPods pods, int partition, String reason,
      java.util.function.Function<StatefulSetSnapshot, String> message) {
    boolean there = true;
    for (ClusterPods.Workload workload : pods.workloads()) {
      StatefulSetSnapshot set = workload.set();
      if (!set.isRollingUpdate()) {
        continue;
      }
      if (set.partition() != null && set.partition() != partition) {
        kubernetes.setPartition(set.namespace(), set.name(), partition);
        if (reason != null) {
          events.normal(pass.ref(), reason, message.apply(set));
        }
        there = false;
      } else if (!set.observed()) {
        there = false;
      }
    }
    return there;
  }

  /**
   * A resume's gates: each set with a partition (the upgrade gate) gets it closed, and counts as there once the StatefulSet
   * controller has observed it; a set without one (stateless, or synthesized before the gate) has nothing to wait for.
   */
  private boolean closeGatesBeforeResume(Pass pass, ClusterPods pods) {
    ClusterPods gated = new ClusterPods(pods.workloads().stream().filter(workload -> workload.set().partition() != null).toList());
    return moveGates(pass, gated, UpgradeGate.CLOSED, EventReasons.GATE_CLOSED, set -> "closed the upgrade gate of "
        + set.name() + " before scaling it back up: its pods come back at its current revision");
  }

  /**
   * Sets the readiness-gate condition of every gated pod made from its set's current revision
   * ({@link ClusterPods#verifiable}): a pod recreated at that revision is ready as soon as its containers are. Pods of
   * another revision are marked only by an upgrade whose job runs on them ({@link #awaitResult}).
   */
  private void markVerifiable(Pass pass, ClusterPods pods) {
    if (pods == null || pods.workloads().isEmpty()) {
      return;
    }
    for (PodSnapshot pod : pods.verifiable()) {
      kubernetes.markVerified(pass.identity().namespace(), pod.name(), "revision " + pod.revision() + " is its set's current one");
    }
  }

  /**
   * A rollback's record goes once the applied manifests no longer hold the failing template and nothing waits for
   * an upgrade (Git reverted to the running template); another template still waiting is upgraded to, and that upgrade
   * clears it instead.
   */
  private void forgetRevertedRollback(Pass pass, ClusterPods pods) {
    io.flinkstack.contract.Rollback rolledBack = pass.status().rolledBack();
    if (rolledBack != null && pass.status().transition() == null && pods != null && !pods.workloads().isEmpty()
        && !rolledBack.failedTarget().equals(pods.target()) && pods.awaitingUpgrade().isEmpty()) {
      pass.write(StatusEdit.of(pass.status()).rolledBack(null));
    }
  }

  /**
   * A restart or redeploy at the same revision: the JobManager pods it replaces go (the StatefulSet brings them back,
   * and the new JobManager reads the restore ConfigMap); with HA the TaskManagers stay and register with it, without HA
   * they go too (see {@link RestoreState#REPLACED_TASK_MANAGERS_KEY}; until 2026-12-08 they stayed and waited out
   * Flink's heartbeat timeout). A controller that dies before {@code APPLIED} is recorded leaves the new pods alone: they
   * are not ones the ConfigMap names. (Until 2026-12-06 it deleted the new JobManager once more, which then restored the
   * same state again.)
   */
  private void deleteReplaced(Pass pass, List<PodSnapshot> replaced) {
    deletePods(pass, replaced, "so the job starts again from the restore ConfigMap");
  }

  /** Both lists' pods, each once (by name), in order. */
  private static List<PodSnapshot> union(List<PodSnapshot> first, List<PodSnapshot> second) {
    Map<String, PodSnapshot> byName = new LinkedHashMap<>();
    first.forEach(pod -> byName.putIfAbsent(pod.name(), pod));
    second.forEach(pod -> byName.putIfAbsent(pod.name(), pod));
    return List.copyOf(byName.values());
  }

  private static boolean isRestart(TransitionKind kind) {
    return kind == TransitionKind.RESTART || kind == TransitionKind.REDEPLOY;
  }

  /** Every transition but a suspend starts the job anew, and so answers a restart request. */
  private static Long answeredRestartNonce(Pass pass, TransitionKind kind) {
    return kind == TransitionKind.SUSPEND ? pass.status().observedRestartNonce() : pass.declaration().job().restartNonce();
  }

  private static Long answeredRedeployNonce(Pass pass, TransitionKind kind) {
    return kind == TransitionKind.REDEPLOY ? pass.declaration().job().redeployNonce() : pass.status().observedRedeployNonce();
  }

  private void deleteOutdated(Pass pass, ClusterPods pods) {
    deleteToComeBackAt(pass, pods.outdated(), pods.target());
  }

  /** Deletes the pods, which the StatefulSet controller recreates at {@code revisions} (for the Event). */
  private void deleteToComeBackAt(Pass pass, List<PodSnapshot> pods, String revisions) {
    deletePods(pass, pods, "so they come back at " + revisions);
  }

  /** Deletes the pods, with one Event naming them and {@code why} when there are any. */
  private void deletePods(Pass pass, List<PodSnapshot> pods, String why) {
    for (PodSnapshot pod : pods) {
      kubernetes.deletePod(pass.identity().namespace(), pod.name());
    }
    if (!pods.isEmpty()) {
      events.normal(pass.ref(), EventReasons.PODS_DELETED, "deleted " + pods.stream().map(PodSnapshot::name).toList() + " " + why);
    }
  }

  private Outcome submit(Pass pass, Transition transition) {
    Declaration declaration = pass.declaration();
    SubmittedJob earlier = earlierSubmission(pass, transition);
    // A rescale that restarts the job (no adaptive scheduler) records its target parallelism in the
    // transition; it overrides the declared one for this submission only. A rollback (or a restart of the job rolled
    // back to) submits the earlier submission instead of the declaration.
    JobDeclaration job = earlier != null ? earlier.declaration(declaration.job())
        : transition.parallelism() == null ? declaration.job() : declaration.job().withParallelism(transition.parallelism());
    Optional<String> sql = earlier != null ? Optional.ofNullable(earlier.sqlStatements()) : declaration.sqlStatements();
    digestWarnings.check(pass.toString(), pass.ref(), earlier != null ? earlier.spec() : declaration.specDigest(), job);
    try {
      // The Secret is read at each submission attempt, never kept: a missing one fails this attempt like a missing jar.
      SubmissionRequest request = new SubmissionRequest(job, sql,
          Optional.ofNullable(transition.restorePath()).map(path ->
              new SubmissionRequest.Restore(path, Boolean.TRUE.equals(job.allowNonRestoredState()))),
          transition.newJobId(), JarAuthorization.read(kubernetes, pass.identity().namespace(), job));
      SubmissionResult result = submitter.submit(pass.flink(), request);
      events.normal(pass.ref(), EventReasons.JOB_SUBMITTED, (result.submitted() ? "submitted job " : "job already submitted: ")
          + transition.newJobId() + (earlier != null ? " (spec " + earlier.spec() + ", as submitted before)" : "")
          + (transition.restorePath() != null ? " from " + transition.restorePath() : " without state"));
    } catch (FlinkUnreachableException e) {
      LOG.info("{}: JobManager does not answer; submission of {} stays pending: {}", declaration, transition.newJobId(), e.getMessage());
      return Outcome.DONE;
    } catch (RuntimeException e) {
      // The old job is stopped and its savepoint recorded: keep the transition and try again next pass,
      // rather than forget what the new job must start from. The declaration may be fixed meanwhile.
      String cause = SessionJobDecider.cut(e.getMessage());
      Instant now = clock.instant();
      StatusError failed = new StatusError(now, OPERATION, "submission failed: " + cause);
      reportWait(pass, "submitting job " + transition.newJobId() + " failed: " + cause + "; retrying every pass");
      // Past the readiness timeout with no rollback, the stall is recorded (once) in its place: it names this failure.
      if (SessionJobDecider.readiness(declaration, StatusEdit.of(pass.status()).lastError(failed).build(), Optional.empty(), now)
          instanceof SessionReadiness.Stalled stalled) {
        stall(pass, transition, stalled, false);
      } else {
        pass.write(StatusEdit.of(pass.status()).lastError(failed));
      }
      return Outcome.DONE;
    }
    pass.write(StatusEdit.of(pass.status()).transition(transition.at(TransitionStep.APPLIED, clock.instant())));
    pass.reached(TransitionStep.APPLIED);
    return Outcome.NEXT;
  }

  /**
   * The earlier submission ({@link RuntimeStatus#submittedJob}) a session transition submits again: a rollback's
   * target, or that of a restart, redeploy or resume of the job rolled back to ({@link #sessionTarget}); null when it
   * submits the declaration.
   */
  private static SubmittedJob earlierSubmission(Pass pass, Transition transition) {
    SubmittedJob earlier = pass.status().submittedJob();
    return earlier != null && earlier.spec().equals(transition.target())
        && !transition.target().equals(pass.declaration().specDigest()) ? earlier : null;
  }

  /**
   * What a session transition that ends with its job running submitted, to record as {@link RuntimeStatus#submittedJob}:
   * the earlier submission again, or the declaration (at the rescale's parallelism, if a rescale restarted it). Null
   * when the declaration changed since the transition was decided (its submission then took the declaration of that
   * moment, which is not known any more; the next upgrade, due at once, records it).
   */
  private static SubmittedJob submitted(Pass pass, Transition transition) {
    SubmittedJob earlier = earlierSubmission(pass, transition);
    if (earlier != null) {
      return earlier;
    }
    Declaration declaration = pass.declaration();
    return transition.target().equals(declaration.specDigest()) ? declaredSubmission(declaration, transition.parallelism()) : null;
  }

  /** The declaration as a submission ({@link RuntimeStatus#submittedJob}); {@code parallelism} null: the declared one. */
  private static SubmittedJob declaredSubmission(Declaration declaration, Integer parallelism) {
    return SubmittedJob.of(declaration.specDigest(), declaration.job(), declaration.sqlStatements().orElse(null), parallelism);
  }

  /**
   * The rollback of a session job's upgrade whose new job did not run in time (or FAILED): recorded in one write, as a
   * {@code ROLLBACK} transition at {@link TransitionStep#RESTORE_PATH_RECORDED} that restores what the upgrade restored
   * (its savepoint) into the earlier submission under a new job id, with the failing job to cancel as its
   * {@code fromJobId}; {@code rolledBack} names the failing spec (not submitted again until the spec changes).
   */
  private StatusEdit sessionRollback(Pass pass, TransitionDecision.Start start, Transition upgrade) {
    Instant now = clock.instant();
    SubmittedJob earlier = pass.status().submittedJob();
    // Flink's own account of the failing job, once, so that the status and the Event say why (not only its state).
    String reason = start.reason() + latestFailure(pass, upgrade.newJobId());
    Transition back = new Transition(TransitionKind.ROLLBACK, TransitionStep.RESTORE_PATH_RECORDED, upgrade.upgradeMode(),
        upgrade.newJobId(), null, upgrade.restorePath(), earlier.spec(), FlinkIds.random(), Map.of(), upgrade.savepointSeconds(),
        now, now, null);
    return StatusEdit.of(pass.status()).transition(back).lifecycle(LifecycleState.UPGRADING)
        .rolledBack(new io.flinkstack.contract.Rollback(upgrade.target(), earlier.spec(), upgrade.restorePath(), now, reason))
        .lastError(new StatusError(now, OPERATION, "upgrade to spec " + upgrade.target() + " rolled back to spec " + earlier.spec()
            + ": " + reason + "; the FlinkJob's spec (Git) still holds spec " + upgrade.target()
            + ": it is not submitted again until the spec changes"));
  }

  private void sessionRollbackRecorded(Pass pass, TransitionDecision.Start start, Transition upgrade, Transition back) {
    Instant now = clock.instant();
    metrics.transitionEnded(pass.identity(), TransitionKind.UPGRADE, "rolled-back", Duration.between(upgrade.startedAt(), now));
    known.remove(key(pass, upgrade));
    unlisted.remove(key(pass, upgrade));
    known.put(key(pass, back), now);
    SubmittedJob earlier = pass.status().submittedJob();
    String reason = Optional.ofNullable(pass.status().rolledBack()).map(io.flinkstack.contract.Rollback::reason).orElse(start.reason());
    String message = reason + "; rolling back to spec " + back.target() + " (" + describe(earlier) + ") from "
        + restored(back) + ", as job " + back.newJobId() + ". The FlinkJob's spec (Git) still holds the failing spec "
        + upgrade.target() + ": it is not submitted again; apply a fixed one";
    LOG.info("{}: {}", pass, message);
    events.warning(pass.ref(), EventReasons.UPGRADE_ROLLED_BACK, message);
  }

  /** A submission in a few words: its jar (redacted as in every message), entry class and parallelism. */
  private static String describe(SubmittedJob job) {
    return job.kind() + " job from " + io.flinkstack.controller.submission.JarUris.redact(job.jarUri())
        + (job.entryClass() != null ? ", " + job.entryClass() : "") + (job.parallelism() != null ? ", parallelism " + job.parallelism() : "");
  }

  /**
   * Before a session upgrade or rollback submits its job: the job it replaces ({@code fromJobId}), if Flink has it and it
   * has not ended, is cancelled (it holds slots, and a failing one restores the same savepoint). True once it has ended or
   * Flink does not know it. An upgrade's old job has mostly ended by now (stopped with a savepoint, or cancelled); a
   * rollback's, or that of an upgrade out of a stall, is the job that did not run.
   */
  private boolean replacedSessionJobEnded(Pass pass, Transition transition) {
    String jobId = transition.fromJobId();
    if (jobId == null) {
      return true;
    }
    JobDetails job;
    try {
      job = pass.flink().job(jobId);
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        return true;
      }
      LOG.info("{}: looking at job {} before rolling back: {}", pass, jobId, e.getMessage());
      return false;
    }
    if (job.state().isGloballyTerminal()) {
      return true;
    }
    if (job.state() != JobState.CANCELLING) {
      cancelQuietly(pass, jobId);
      events.normal(pass.ref(), EventReasons.JOB_CANCELLED, "cancelled job " + jobId + " (" + job.state() + ") "
          + (transition.kind() == TransitionKind.ROLLBACK ? "of the failing upgrade before rolling back"
              : "before submitting spec " + transition.target()));
    }
    return false;
  }

  /**
   * A session upgrade past its readiness timeout that is not rolled back keeps waiting: recorded once in {@code
   * lastError} ({@link StatusError#READINESS_TIMEOUT}, which stalls the FlinkJob's conditions) with a Warning Event.
   *
   * @param submitted whether its new job was submitted (else its submission keeps failing, and is retried every pass)
   */
  private void stall(Pass pass, Transition transition, SessionReadiness.Stalled stalled, boolean submitted) {
    // Turning rollback on helps only when there is an earlier submission to go back to.
    boolean rollbackWouldHelp = pass.status().submittedJob() != null && !pass.declaration().job().rollsBack();
    recordStalledOnce(pass, transition, EventReasons.UPGRADE_NOT_READY, () -> "upgrade to spec " + transition.target() + ": " + stalled.reason()
        + (submitted ? latestFailure(pass, transition.newJobId()) : "") + "; not rolled back: " + stalled.notRolledBack()
        + (submitted ? "; it keeps waiting for job " + transition.newJobId() + " to run with all its tasks, until a newer spec"
            + " replaces it (submitted from the same savepoint)" + (rollbackWouldHelp ? "; or turn rollback on to roll it back" : "")
            : "; the submission is retried every pass with the declared spec: fix it in Git"
                + (rollbackWouldHelp ? " (or turn rollback on)" : "")));
  }

  /**
   * A session rollback's record goes once the declared spec is what runs again (Git reverted to it, or the failing one
   * resumed after a suspend): nothing is rolled back from then on. Another spec is upgraded to, which clears it too.
   */
  private void forgetRevertedSessionRollback(Pass pass) {
    RuntimeStatus status = pass.status();
    if (pass.session() && status.rolledBack() != null && status.transition() == null
        && pass.declaration().specDigest().equals(status.deployedSpec())) {
      pass.write(StatusEdit.of(status).rolledBack(null));
    }
  }

  private Outcome awaitSubmitted(Pass pass, Transition transition) {
    JobDetails job;
    try {
      job = pass.flink().job(transition.newJobId());
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        // Submitted (recorded as APPLIED) but unknown: a JobManager without HA restarted. Submit again.
        pass.write(StatusEdit.of(pass.status()).transition(transition.at(TransitionStep.RESTORE_WRITTEN, clock.instant())));
        return Outcome.NEXT;
      }
      return Outcome.DONE;
    }
    SessionReadiness readiness = SessionJobDecider.readiness(pass.declaration(), pass.status(), Optional.of(new ObservedJob(job.id(),
        job.name(), job.state(), job.isFullyRunning(), Instant.ofEpochMilli(job.startTime()))), clock.instant());
    if (readiness instanceof SessionReadiness.RollBack) {
      return Outcome.NEXT; // FAILED, or overdue since this pass decided: the decider rolls it back now
    }
    if (job.isFullyRunning()) {
      finish(pass, transition, LifecycleState.STABLE, "job " + job.id() + " runs" + (transition.kind() == TransitionKind.ROLLBACK
          ? " again as spec " + transition.target() + ", as submitted before the upgrade rolled back" : "")
          + (transition.restorePath() != null ? ", restored from " + transition.restorePath() : ", started without state")
          + (transition.kind() == TransitionKind.ROLLBACK ? "; the FlinkJob's spec (Git) still holds the spec rolled back from ("
              + Optional.ofNullable(pass.status().rolledBack()).map(io.flinkstack.contract.Rollback::failedTarget).orElse("?")
              + "): apply a fixed one to upgrade again" : ""));
    } else if (job.state().isGloballyTerminal()) {
      finish(pass, transition, job.state() == JobState.FAILED ? LifecycleState.FAILED : LifecycleState.CREATED,
          "job " + job.id() + " ended " + job.state() + " right after submission");
    } else {
      if (readiness instanceof SessionReadiness.Stalled stalled) {
        stall(pass, transition, stalled, true);
      } else if (transition.kind() == TransitionKind.ROLLBACK) {
        return stallSessionRollbackIfLate(pass, transition, job); // starting meanwhile
      } else if (isRestart(transition.kind())) {
        return stallRestartIfLate(pass, transition, "of its submission", () -> seenAndWhy(pass, job));
      } else if (SessionJobDecider.rescaleRestart(transition)) {
        return stallIfLate(pass, transition, EventReasons.RESCALE_NOT_READY, () -> "rescale to parallelism "
            + transition.parallelism() + " at spec " + transition.target() + " from " + restored(transition)
            + ": its job did not run with all its tasks within " + seconds(pass.declaration().readinessTimeout())
            + " of its submission: " + seenAndWhy(pass, job) + "; it keeps waiting for its job (Flink starts it when the"
            + " slots it needs are free): give the cluster the slots, apply a spec (from the state it restored), or suspend");
      }
      return Outcome.lookAgainAfter(lookAgain); // starting
    }
    return Outcome.DONE;
  }

  private void cancelQuietly(Pass pass, String jobId) {
    try {
      pass.flink().cancel(jobId);
    } catch (FlinkRestException e) {
      LOG.info("{}: cancelling {}: {} (already ended?)", pass, jobId, e.getMessage());
    }
  }

  /**
   * A running session job first seen without a recorded spec is taken as the declared one, and recorded as the
   * submission a failing upgrade rolls back to ({@link RuntimeStatus#submittedJob}). One that runs the declared spec
   * with all its tasks but has no submission recorded (adopted by a controller from before that record, or submitted by
   * one) gets it the same way. Its parallelism is the declared one: a rollback submits that, and a rescale follows.
   */
  private void adopt(Pass pass) {
    RuntimeStatus status = pass.status();
    if (!pass.session()) {
      provideResolver(pass);
      return;
    }
    Optional<ObservedJob> job = pass.observation().job();
    if (job.isEmpty() || job.get().state().isGloballyTerminal()) {
      return;
    }
    String spec = pass.declaration().specDigest();
    if (status.deployedSpec() == null) {
      pass.write(StatusEdit.of(status).deployedSpec(spec).submittedJob(declaredSubmission(pass.declaration(), null)));
    } else if (status.submittedJob() == null && status.transition() == null && spec.equals(status.deployedSpec())
        && job.get().fullyRunning()) {
      pass.write(StatusEdit.of(status).submittedJob(declaredSubmission(pass.declaration(), null)));
    }
  }

  /**
   * An application's restore ConfigMap gets the resolver ({@link RestoreState#RESOLVER_KEY}) from the controller's first
   * look at it on, before any transition wrote the ConfigMap: a JobManager without HA that restarts then resumes its job
   * from its deployment's latest checkpoint (the constructs' start script), not from the savepoint it started from. The
   * key alone changes nothing else the script reads (no path, no deployment id). Written only when missing (a read of
   * the informer's cache otherwise), and again by every transition.
   */
  private void provideResolver(Pass pass) {
    DeclarationIdentity identity = pass.identity();
    String name = RestoreState.configMap(identity.cluster());
    String key = identity.namespace() + "/" + name;
    if (resolverProvided.contains(key)) {
      return; // no read of the API server at rest: once per ConfigMap per controller process
    }
    Optional<ConfigMapSnapshot> existing = kubernetes.configMap(identity.namespace(), name);
    if (existing.map(config -> config.data().containsKey(RestoreState.RESOLVER_KEY)).orElse(false)) {
      resolverProvided.add(key);
      return;
    }
    Map<String, String> data = new LinkedHashMap<>(existing.map(ConfigMapSnapshot::data).orElse(Map.of()));
    data.put(RestoreState.RESOLVER_KEY, RestoreState.resolverSource());
    putRestoreConfigMap(identity, data);
    resolverProvided.add(key);
  }

  private Outcome awaitResult(Pass pass, Transition transition, ClusterPods pods) {
    if (pass.session()) {
      return awaitSubmitted(pass, transition);
    }
    if (transition.kind() == TransitionKind.SUSPEND) {
      if (pods.pods().isEmpty()) {
        finish(pass, transition, LifecycleState.SUSPENDED, suspendedMessage(transition));
        return Outcome.DONE;
      }
      return Outcome.lookAgainAfter(lookAgain); // the pods go away meanwhile
    }
    ObservedJob job = pass.observation().job().orElse(null);
    boolean newJobRuns = pass.observation().jobManagerReachable() && job != null && job.fullyRunning()
        && job.startTime().isAfter(transition.startedAt());
    if (transition.kind() == TransitionKind.ROLLBACK) {
      if (newJobRuns && pods.allAtAndReady(transition.target())) {
        finish(pass, transition, LifecycleState.STABLE, "job " + job.id() + " runs at " + transition.target() + ", restored from "
            + restored(transition) + "; the applied manifests still hold the template rolled back from ("
            + Optional.ofNullable(pass.status().rolledBack()).map(io.flinkstack.contract.Rollback::failedTarget).orElse("?")
            + "): apply a fixed one to upgrade again");
        return Outcome.DONE;
      }
      return stallRollbackIfLate(pass, transition, pods, job); // the pods come back at the current revision meanwhile
    }
    // The template this upgrade took its savepoint for: another one applied since waits for an upgrade of its own.
    boolean ownTarget = pods.target().equals(transition.target());
    if (transition.kind() == TransitionKind.UPGRADE && ownTarget && !pods.outdated().isEmpty()) {
      // A re-apply of the same manifests mid-rollout closes the gate again (it resets the partition), and a pod
      // recreated then comes back at the old revision: open it again, and replace such pods once it is seen.
      if (openGates(pass, pods)) {
        deleteOutdated(pass, pods);
      }
      return rollBackIfLate(pass, transition, pods, job);
    }
    // With a newer template applied meanwhile, the upgrade ends once the restored job runs on ready pods, whatever
    // their revision (the gate kept them off the newer one); the decider then starts the next upgrade, with a
    // savepoint of its own. Never open the gate for a template no savepoint was taken for.
    List<PodSnapshot> unverified = pods.awaitingVerification();
    if (newJobRuns && (ownTarget ? pods.allUpdatedAndReady(true) : pods.allReady(true)) && !unverified.isEmpty()) {
      // The job runs on these pods: their revision is verified, and the StatefulSet controller may make it current.
      for (PodSnapshot pod : unverified) {
        kubernetes.markVerified(pass.identity().namespace(), pod.name(), "job " + job.id() + " runs with all its tasks at " + pod.revision());
      }
      return Outcome.lookAgainAfter(lookAgain); // Ready once the kubelet has seen the condition
    }
    if (newJobRuns && (ownTarget ? pods.allUpdatedAndReady() : pods.allReady())) {
      Transition done = transition.restoresFromDirectory() ? resolved(pass, transition, job.id()) : transition;
      // Closed before the transition is recorded as done: a template applied later waits for the next savepoint.
      closeGates(pass, pods);
      finish(pass, done, LifecycleState.STABLE, "job " + job.id() + " runs at " + pods.target()
          + (done.restorePath() == null && !done.restoresFromDirectory() ? ", started without state" : ", restored from " + restored(done)));
      return Outcome.DONE;
    }
    return switch (transition.kind()) {
      case UPGRADE -> rollBackIfLate(pass, transition, pods, job);
      case RESUME -> stallResumeIfLate(pass, transition, pods, job);
      case RESTART, REDEPLOY -> stallRestartIfLate(pass, transition, "of its JobManager's replacement",
          () -> seenAndWhy(pass, pods, job, transition.kind().name().toLowerCase(Locale.ROOT)));
      default -> Outcome.lookAgainAfter(lookAgain); // the new job and its pods start meanwhile
    };
  }

  /**
   * An upgrade whose job has not run with all its tasks within the declared readiness timeout (counted from
   * {@code APPLIED}) is rolled back: the gates close again, the pods not at their set's current revision are deleted
   * and come back at it, and the job restores what the upgrade restored (its savepoint). Possible only while no
   * set's current revision moved on, which the readiness gates guarantee until the controller verifies the new pods;
   * pods without the gate (manifests synthesized before it) cannot be rolled back, and neither can an upgrade whose
   * pods were verified already. With {@code rollback: false}, or without gates, the upgrade keeps waiting: recorded
   * once as {@link StatusError#READINESS_TIMEOUT}, with a Warning Event, which stalls its conditions.
   */
  private Outcome rollBackIfLate(Pass pass, Transition transition, ClusterPods pods, ObservedJob job) {
    Outcome early = beforeReadinessTimeout(pass, transition);
    if (early != null) {
      return early;
    }
    Duration timeout = pass.declaration().readinessTimeout();
    Instant now = clock.instant();
    // Built only when it is written (it asks Flink for the job's latest failure), not on every pass of a stall.
    Supplier<String> reasonNow = () -> "the upgrade's job did not run with all its tasks within "
        + seconds(timeout) + " of its pods' replacement: " + seenAndWhy(pass, pods, job, "upgrade");
    String impossible = !pass.declaration().job().rollsBack() ? "rollback is off (spec.rollback: false)"
        : !pods.allGated() ? "its pods have no readiness gate " + UpgradeGate.VERIFIED_CONDITION
            + " (manifests synthesized before it), so their StatefulSets may already have made the new revision current"
        : null;
    if (impossible != null) {
      // Recorded once per upgrade, so that its conditions say Stalled (kstatus; Argo CD: Degraded) rather than
      // Reconciling for as long as it waits: nothing moves it on but a job that starts after all, or a change in Git.
      recordStalledOnce(pass, transition, EventReasons.UPGRADE_NOT_READY, () -> "upgrade to " + transition.target() + ": "
          + reasonNow.get() + "; not rolled back: " + impossible + "; it keeps waiting for its job: fix the failing template in Git"
          + (pass.declaration().job().rollsBack() ? "" : " (or turn rollback on)"));
      return Outcome.lookAgainAfter(lookAgain);
    }
    String reason = reasonNow.get();
    String current = pods.current();
    io.flinkstack.contract.Rollback rollback = new io.flinkstack.contract.Rollback(transition.target(), current,
        transition.restorePath(), now, reason);
    Transition back = new Transition(TransitionKind.ROLLBACK, TransitionStep.RESTORE_PATH_RECORDED, transition.upgradeMode(),
        job == null ? null : job.id(), null, transition.restorePath(), current, null, Map.of(), transition.savepointSeconds(),
        now, now, null, transition.savepointDirectory());
    pass.write(StatusEdit.of(pass.status()).transition(back).rolledBack(rollback)
        .lastError(new StatusError(now, OPERATION, "upgrade to " + transition.target() + " rolled back: " + reason)));
    pass.reached(TransitionStep.RESTORE_PATH_RECORDED);
    metrics.transitionEnded(pass.identity(), TransitionKind.UPGRADE, "rolled-back", Duration.between(transition.startedAt(), now));
    known.remove(key(pass, transition));
    unlisted.remove(key(pass, transition));
    known.put(key(pass, back), now);
    events.warning(pass.ref(), EventReasons.UPGRADE_ROLLED_BACK, reason + "; rolling back to " + current + " from "
        + restored(back) + ". The applied manifests (Git) still hold the failing template " + transition.target()
        + ": it is not upgraded to again; apply a fixed one");
    return Outcome.NEXT;
  }

  /**
   * A rollback whose restored job has not run with all its tasks within the readiness timeout either, counted from
   * its own {@code APPLIED}: there is nothing older to go back to, so it is not retried or rolled further back. It
   * keeps waiting (the job may still start), recorded once as {@link StatusError#READINESS_TIMEOUT} with a Warning
   * Event, which stalls the FlinkJob's conditions as an overdue upgrade does: without this it stayed Reconciling for
   * ever, although only a person can move it on.
   */
  private Outcome stallRollbackIfLate(Pass pass, Transition transition, ClusterPods pods, ObservedJob job) {
    return stallRollbackIfLate(pass, transition, "of the pods' replacement", () -> seenAndWhy(pass, pods, job, "rollback"),
        "a newer template replaces it (from the rollback's savepoint, or a checkpoint its job completed). Find out why the"
            + " revision that ran before fails now (the JobManager's log, kubectl describe pod; the savepoint or its storage?)");
  }

  /** {@link #stallRollbackIfLate(Pass, Transition, ClusterPods, ObservedJob)} for a session job's rollback. */
  private Outcome stallSessionRollbackIfLate(Pass pass, Transition transition, JobDetails job) {
    return stallRollbackIfLate(pass, transition, "of its submission", () -> seenAndWhy(pass, job), "a newer spec replaces it (submitted from the same savepoint). Find out why the job"
            + " that ran before fails now (the JobManager's log, GET /jobs/" + job.id() + "/exceptions; the savepoint or its storage?)");
  }

  private Outcome stallRollbackIfLate(Pass pass, Transition transition, String since, Supplier<String> seen,
      String advice) {
    return stallIfLate(pass, transition, EventReasons.ROLLBACK_NOT_READY, () -> "rollback to " + (pass.session() ? "spec " : "")
        + transition.target() + " from " + restored(transition) + ": its job did not run with all its tasks within "
        + seconds(pass.declaration().readinessTimeout()) + " " + since + " either: " + seen.get()
        + "; nothing older is tried: it keeps waiting for its job, and " + advice);
  }

  /**
   * A transition with nothing to roll back to, past its readiness timeout: it keeps waiting, recorded once as stalled
   * ({@link #recordStalledOnce}) with a Warning {@code eventReason}.
   */
  private Outcome stallIfLate(Pass pass, Transition transition, String eventReason, Supplier<String> messageNow) {
    Outcome early = beforeReadinessTimeout(pass, transition);
    if (early != null) {
      return early;
    }
    recordStalledOnce(pass, transition, eventReason, messageNow);
    return Outcome.lookAgainAfter(lookAgain);
  }

  /**
   * Within the declared readiness timeout, counted from the transition's last step: when to look again (at the latest
   * when it runs out). Null once it has.
   */
  private Outcome beforeReadinessTimeout(Pass pass, Transition transition) {
    Instant due = transition.stepAt().plus(pass.declaration().readinessTimeout());
    Instant now = clock.instant();
    if (!now.isBefore(due)) {
      return null;
    }
    Duration left = Duration.between(now, due);
    return Outcome.lookAgainAfter(left.compareTo(lookAgain) < 0 ? left.plusMillis(1) : lookAgain);
  }

  /**
   * A restart or redeploy whose job has not run with all its tasks within the readiness timeout, counted from its last
   * step ({@code APPLIED}: the JobManager replaced, or the session job submitted). The spec did not change, so there is
   * nothing to roll back to: it keeps waiting (the job may still start), recorded once as stalled, so that the conditions
   * say Stalled instead of Reconciling for ever, and so that a nonce changed again ({@link
   * TransitionDecider#newerNonceThanStalled}), a newer template or spec, or a suspend replaces it.
   */
  private Outcome stallRestartIfLate(Pass pass, Transition transition, String since, Supplier<String> seen) {
    boolean redeploy = transition.kind() == TransitionKind.REDEPLOY;
    return stallIfLate(pass, transition, redeploy ? EventReasons.REDEPLOY_NOT_READY : EventReasons.RESTART_NOT_READY,
        () -> transition.kind().name().toLowerCase(Locale.ROOT) + " at " + (pass.session() ? "spec " : "") + transition.target()
            + " from " + restored(transition) + ": its job did not run with all its tasks within "
            + seconds(pass.declaration().readinessTimeout()) + " " + since + ": " + seen.get()
            + "; nothing to roll back to (the spec did not change): it keeps waiting for its job; change "
            + (redeploy ? "redeployNonce" : "restartNonce") + " again to try once more, apply a fixed "
            + (pass.session() ? "spec" : "template") + " (from the state it restored), or suspend");
  }

  /**
   * A resume whose job has not run with all its tasks within the readiness timeout, counted from its scale-up: its pods
   * run a template whose job does not start (a suspend out of a stalled upgrade scales to zero, where the StatefulSet
   * controller completes the rollout and makes the failing template current; or a broken template applied while
   * suspended). Nothing to roll back to: it keeps waiting, recorded once as stalled, so that a newer template (or a
   * suspend) replaces it from the state it restores ({@link TransitionDecider#newerTemplateThanStalled}). Until 2026-12-06 a
   * resume waited for its job for good.
   */
  private Outcome stallResumeIfLate(Pass pass, Transition transition, ClusterPods pods, ObservedJob job) {
    return stallIfLate(pass, transition, EventReasons.RESUME_NOT_READY, () -> "resume at " + pods.target() + " from "
        + restored(transition) + ": its job did not run with all its tasks within " + seconds(pass.declaration().readinessTimeout())
        + " of the scale-up: " + seenAndWhy(pass, pods, job, "resume")
        + "; it keeps waiting for its job: apply a fixed template (it is upgraded to from the state the resume restores),"
        + " or suspend again");
  }

  /**
   * {@code "; Flink's latest failure: <exception: message> (in <task>)"} from the job's exception history, cut as
   * {@link SessionJobDecider#cut} cuts Flink's text; empty when it never failed, or when Flink does not answer (the reason stands without it).
   */
  private String latestFailure(Pass pass, String jobId) {
    if (jobId == null) {
      return "";
    }
    try {
      return pass.flink().latestFailure(jobId).map(failure -> "; Flink's latest failure: " + SessionJobDecider.cut(failure.describe())).orElse("");
    } catch (RuntimeException e) {
      LOG.debug("{}: no exception history of job {}: {}", pass, jobId, e.getMessage());
      return "";
    }
  }

  /** {@link #notRunning}, and Flink's latest failure of a job that does not run with all its tasks. */
  private String seenAndWhy(Pass pass, ClusterPods pods, ObservedJob job, String what) {
    return notRunning(pass, pods, job, what) + (job == null || job.fullyRunning() ? "" : latestFailure(pass, job.id()));
  }

  /** A session transition's job that does not run with all its tasks, and Flink's latest failure of it. */
  private String seenAndWhy(Pass pass, JobDetails job) {
    return "job " + job.id() + " " + job.state() + ", not all tasks running" + latestFailure(pass, job.id());
  }

  /** What was seen instead of a job running with all its tasks on ready pods. */
  private static String notRunning(Pass pass, ClusterPods pods, ObservedJob job, String what) {
    String seen = job == null ? (pass.observation().jobManagerReachable() ? "no job" : "the JobManager does not answer")
        : "job " + job.id() + " " + job.state() + (job.fullyRunning() ? " (started before the " + what + ")" : ", not all tasks running");
    long notReady = pods.pods().stream().filter(pod -> !pod.terminating() && !pod.containersReady()).count();
    return seen + (notReady > 0 ? "; " + notReady + " pod(s) not ready" : "");
  }

  /**
   * Records a transition that only a person can move on, once per transition step (a lastError of
   * {@link StatusError#READINESS_TIMEOUT} newer than the step), with a Warning Event: JobConditions then says Stalled
   * (kstatus; Argo CD: Degraded) rather than Reconciling.
   */
  private void recordStalledOnce(Pass pass, Transition transition, String eventReason, Supplier<String> messageNow) {
    StatusError recorded = pass.status().lastError();
    if (recorded == null || !StatusError.READINESS_TIMEOUT.equals(recorded.operation()) || recorded.time().isBefore(transition.stepAt())) {
      String message = messageNow.get();
      pass.write(StatusEdit.of(pass.status()).lastError(new StatusError(clock.instant(), StatusError.READINESS_TIMEOUT, message)));
      LOG.info("{}: {}", pass, message);
      events.warning(pass.ref(), eventReason, message);
    }
  }

  /**
   * Before a rollback replaces the failing JobManager: its job, if it still has one that has not ended, is cancelled,
   * so that high-availability data does not bring it back beside the restored one. A JobManager that does not answer
   * is not waited for (it may never come up: that may be why the upgrade failed).
   */
  private boolean failingJobEnded(Pass pass) {
    if (!pass.observation().jobManagerReachable()) {
      return true;
    }
    Optional<ObservedJob> job = pass.observation().job();
    if (job.isEmpty() || job.get().state().isGloballyTerminal()) {
      return true;
    }
    if (job.get().state() != JobState.CANCELLING) {
      cancelQuietly(pass, job.get().id());
      events.normal(pass.ref(), EventReasons.JOB_CANCELLED, "cancelled job " + job.get().id() + " (" + job.get().state()
          + ") of the failing upgrade before rolling back");
    }
    return false;
  }

  /**
   * A new job started from the savepoint its JobManager found in the stop's directory: Flink's {@code latest.restored}
   * says which. Recorded as the restore path and as the newest savepoint, as a stop whose result was read would be.
   * Unreadable now: left as the directory (the Event said where it is).
   */
  private Transition resolved(Pass pass, Transition transition, String jobId) {
    Optional<String> path;
    try {
      path = pass.flink().checkpoints(jobId).latestRestored().flatMap(CheckpointOverview.Restored::externalPath).filter(p -> !p.isBlank());
    } catch (FlinkClientException e) {
      LOG.info("{}: reading what job {} restored: {}", pass, jobId, e.getMessage());
      return transition;
    }
    if (path.isEmpty()) {
      return transition;
    }
    Transition done = transition.withRestorePath(path.get(), null, transition.stepAt()).at(transition.step(), transition.stepAt());
    // A resume's savepoint is its suspend's, taken when that suspend ran (the result still names it until this one ends).
    TransitionResult suspend = transition.kind() == TransitionKind.RESUME ? suspended(pass.status()) : null;
    pass.write(StatusEdit.of(pass.status()).savepointCompleted(new SavepointInfo(path.get(),
        suspend != null ? SavepointTrigger.SUSPEND : SavepointTrigger.UPGRADE, suspend != null ? suspend.finishedAt() : transition.stepAt(),
        transition.fromJobId(), transition.triggerId())).savepointBackoff(null));
    return done;
  }

  private static String suspendedMessage(Transition transition) {
    return "suspended; " + (transition.restorePath() != null ? "resuming restores " + transition.restorePath()
        : transition.restoresFromDirectory() ? "resuming restores the savepoint in " + transition.savepointDirectory()
            + " (the stop completed, its result was lost with the JobManager: the path is learned when the resumed job runs)"
        : "resuming starts without state");
  }

  private static String restored(Transition transition) {
    return transition.restorePath() != null ? transition.restorePath()
        : transition.restoresFromDirectory() ? "the savepoint in " + transition.savepointDirectory() : "no state";
  }

  // ---- ends ---------------------------------------------------------------------------------------

  private void finish(Pass pass, Transition transition, LifecycleState lifecycle, String message) {
    Instant now = clock.instant();
    StatusEdit edit = StatusEdit.of(pass.status())
        .transition(null)
        .lifecycle(lifecycle)
        .lastTransition(new TransitionResult(transition.kind(), "succeeded", transition.restorePath(), transition.startedAt(), now,
            transition.savepointSeconds(), message, transition.restoresFromDirectory() ? transition.savepointDirectory() : null));
    if (pass.session() && transition.newJobId() != null) {
      edit.job(transition.newJobId(), lifecycle == LifecycleState.STABLE ? "RUNNING" : pass.status().jobState())
          .deployedSpec(transition.target());
      if (lifecycle == LifecycleState.STABLE) {
        // What runs now, to roll back to should the next upgrade's job not run (a job that did not run keeps the earlier one).
        edit.submittedJob(submitted(pass, transition));
      }
    }
    if (transition.kind() == TransitionKind.SUSPEND) {
      edit.suspendedReplicas(transition.replicas()).job(pass.status().jobId(), "SUSPENDED");
    } else if (transition.kind() == TransitionKind.RESUME) {
      edit.suspendedReplicas(Map.of());
    }
    pass.write(edit);
    Duration took = Duration.between(transition.startedAt(), now);
    metrics.transitionEnded(pass.identity(), transition.kind(), "succeeded", took);
    events.normal(pass.ref(), EventReasons.TRANSITION_SUCCEEDED, transition.kind().name().toLowerCase(Locale.ROOT)
        + " done in " + seconds(took) + ": " + message);
    known.remove(key(pass, transition));
    unlisted.remove(key(pass, transition));
  }

  /** Only before the restore path is recorded: the job still runs (or never stopped) on its current pods. */
  private void fail(Pass pass, Transition transition, String cause) {
    Instant now = clock.instant();
    boolean savepointFailed = transition.triggerId() != null && transition.step() == TransitionStep.STOP_TRIGGERED
        && transition.upgradeMode() != UpgradeMode.LAST_STATE;
    var backoff = backoffs.next(pass.status().savepointBackoff(), now);
    String jobNow = pass.observation().job().map(job -> job.fullyRunning() ? "the job keeps running on its current pods"
        : "the job stays " + job.state() + " on its current pods").orElse("the job stays as it is on its current pods");
    String message = transition.kind().name().toLowerCase(Locale.ROOT) + " failed: " + cause
        + "; " + jobNow + "; next attempt not before " + backoff.retryAt();
    pass.write(StatusEdit.of(pass.status())
        .transition(null)
        .lifecycle(pass.observation().jobFullyRunning() ? LifecycleState.STABLE : LifecycleState.DEPLOYED)
        .lastError(new StatusError(now, OPERATION, message))
        .savepointBackoff(backoff)
        .lastTransition(new TransitionResult(transition.kind(), "failed", null, transition.startedAt(), now, null, message)));
    if (savepointFailed) {
      metrics.savepointFailed(pass.identity(), "failed");
    }
    metrics.transitionEnded(pass.identity(), transition.kind(), "failed", Duration.between(transition.startedAt(), now));
    events.warning(pass.ref(), EventReasons.TRANSITION_FAILED, message);
    known.remove(key(pass, transition));
    unlisted.remove(key(pass, transition));
  }

  /**
   * The upgrade did not start: its jar could not be fetched. Nothing of it was recorded and the old job was not
   * touched; the status gets the error, the declaration a Warning, and the next attempt waits for the backoff
   * (for this jar: a declaration naming another URI or digest is tried at once).
   */
  private void upgradeJarUnavailable(Pass pass, TransitionDecision.Wait wait, JarFetchException e) {
    Instant now = clock.instant();
    String jar = jar(pass.declaration().job());
    JarFetchBackoff previous = pass.status().jarFetchBackoff();
    Backoff backoff = backoffs.next(previous != null && previous.jarKey().equals(jar) ? previous.backoff() : null, now);
    String running = pass.observation().job().map(ObservedJob::id).orElse(pass.status().jobId());
    String message = "upgrade not started: " + e.getMessage() + "; job " + running + " keeps running untouched (nothing"
        + " stopped, no savepoint taken); next attempt not before " + backoff.retryAt();
    pass.write(StatusEdit.of(pass.status()).lastError(new StatusError(now, OPERATION, message))
        .jarFetchBackoff(new JarFetchBackoff(jar, backoff)));
    LOG.warn("{}: {}", pass, message);
    events.warning(pass.ref(), EventReasons.UPGRADE_JAR_UNAVAILABLE, message);
    // The Warning says it all: the waits within this backoff are not reported again.
    reportedWaits.put(pass.toString(), wait.kind() + " waits: " + jarWait(wait.reason(), backoff));
  }

  private void reportWait(Pass pass, String reason) {
    if (!Objects.equals(reportedWaits.put(pass.toString(), reason), reason)) {
      LOG.info("{}: {}", pass, reason);
      events.normal(pass.ref(), EventReasons.TRANSITION_WAITING, reason);
    }
  }

  private static String key(Pass pass, Transition transition) {
    return pass + "/" + transition.kind() + "/" + transition.startedAt();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }
}
