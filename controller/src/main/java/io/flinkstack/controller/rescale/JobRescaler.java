package io.flinkstack.controller.rescale;

import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RescaleResult;
import io.flinkstack.contract.RescaleStep;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationKind;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.ClusterOverview;
import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobVertex;
import io.flinkstack.controller.flink.ResourceRequirements;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.savepoint.SavepointLifecycle;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a running job's parallelism to what the slots allow within its declared bounds, write-ahead: the
 * {@link Rescale} is in the status before Flink is asked, each step before the next action, the result
 * ({@code lastRescale}) before the record is cleared. In place through {@code PUT
 * /jobs/:id/resource-requirements} (lower bound 1, upper bound the target) with the adaptive scheduler;
 * otherwise, for a session job, by writing a session {@code UPGRADE} transition whose parallelism overrides
 * the declared one, which {@code JobTransitions} carries out (stop-with-savepoint, resubmit).
 *
 * <p>A controller killed anywhere resumes: at {@code RECORDED} the request is sent again (the same
 * requirements; idempotent), at {@code REQUESTED} it only waits, for a restart the transition has its own
 * recorded steps.
 */
public final class JobRescaler {
  private static final Logger LOG = LoggerFactory.getLogger(JobRescaler.class);
  static final String OPERATION = "rescale";
  private static final Duration POLL = Duration.ofMillis(200);

  private final StatusStore store;
  private final EventRecorder events;
  private final ControllerMetrics metrics;
  private final RescaleListener listener;
  private final SavepointLifecycle savepoints;
  private final Duration waitPerPass;
  private final Clock clock;
  // What was reported per declaration (unsupported, waiting): an Event when it changes, not every pass.
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  public JobRescaler(StatusStore store, EventRecorder events, ControllerMetrics metrics, RescaleListener listener,
      SavepointLifecycle savepoints, Duration waitPerPass, Clock clock) {
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.listener = listener;
    this.savepoints = savepoints;
    this.waitPerPass = waitPerPass;
    this.clock = clock;
  }

  /** One look, one decision, its action; an in-place request is followed within the pass budget. */
  public VersionedStatus run(Declaration declaration, VersionedStatus current, JobObservation observation, FlinkRestClient flink) {
    if (!observation.jobManagerReachable() || (current.status().rescale() == null && !declaration.job().rescalable())) {
      return current;
    }
    Pass pass = new Pass(declaration, current, flink);
    Instant deadline = clock.instant().plus(waitPerPass);
    try {
      RescaleView view = observation.job().filter(job -> !job.state().isGloballyTerminal())
          .map(ObservedJob::id).map(id -> look(flink, id, pass.session())).orElse(null);
      while (true) {
        RescaleDecision decision = RescaleDecider.decide(declaration.job(), pass.session(), upgradeDue(declaration, pass.status()),
            pass.status(), view);
        LOG.debug("{}: {}", declaration, decision);
        if (!act(pass, decision)) {
          return pass.status;
        }
        if (decision instanceof RescaleDecision.Wait) {
          if (!clock.instant().isBefore(deadline)) {
            return pass.status;
          }
          sleep();
        }
        Rescale inFlight = pass.status().rescale();
        if (inFlight == null || (Rescale.RESTART.equals(inFlight.method()) && inFlight.step() == RescaleStep.REQUESTED)) {
          return pass.status;
        }
        view = look(flink, inFlight.jobId(), pass.session());
      }
    } catch (FlinkClientException e) {
      // Unreachable or an error answer while looking: the next pass looks again; the record stays.
      LOG.info("{}: rescale: {}", declaration, e.getMessage());
      return pass.status;
    }
  }

  private static boolean upgradeDue(Declaration declaration, RuntimeStatus status) {
    return status.deployedSpec() != null && !status.deployedSpec().equals(declaration.specDigest());
  }

  /** @return true to look again within this pass */
  private boolean act(Pass pass, RescaleDecision decision) {
    if (decision instanceof RescaleDecision.None) {
      return false;
    }
    if (decision instanceof RescaleDecision.Unsupported unsupported) {
      report(pass, EventReasons.RESCALE_UNSUPPORTED, unsupported.reason(), true);
      return false;
    }
    if (decision instanceof RescaleDecision.Start start) {
      start(pass, start);
      return pass.status().rescale().step() != RescaleStep.SAVEPOINT_PENDING;
    }
    if (decision instanceof RescaleDecision.Request request) {
      return request(pass, request.rescale());
    }
    if (decision instanceof RescaleDecision.Retarget retarget) {
      Rescale lowered = retarget.rescale().retarget(retarget.to(), retarget.reason(), clock.instant());
      pass.write(StatusEdit.of(pass.status()).rescale(lowered));
      events.normal(pass.ref(), EventReasons.RESCALE_RETARGETED, retarget.reason());
      listener.reached(RescaleStep.RECORDED, pass.declaration.identity());
      return request(pass, lowered);
    }
    if (decision instanceof RescaleDecision.Done done) {
      finish(pass, done.rescale(), done.parallelism(), done.parallelism() == done.rescale().to() ? "succeeded" : "failed", null);
      return false;
    }
    if (decision instanceof RescaleDecision.Failed failed) {
      finish(pass, failed.rescale(), failed.rescale().from(), "failed", failed.reason());
      return false;
    }
    if (decision instanceof RescaleDecision.Wait wait) {
      LOG.debug("{}: rescale waits: {}", pass.declaration, wait.reason());
      // Only an in-place request is followed here; a savepoint or a restart is carried on elsewhere.
      return wait.rescale().step() == RescaleStep.REQUESTED && Rescale.IN_PLACE.equals(wait.rescale().method());
    }
    throw new IllegalStateException("unknown decision " + decision);
  }

  private void start(Pass pass, RescaleDecision.Start start) {
    Instant now = clock.instant();
    String jobId = pass.status().jobId();
    Rescale rescale = new Rescale(start.from(), start.to(), start.method(),
        start.savepointFirst() ? RescaleStep.SAVEPOINT_PENDING : RescaleStep.RECORDED, start.reason(), jobId, now, now);
    StatusEdit edit = StatusEdit.of(pass.status()).rescale(rescale);
    PendingOperation savepoint = null;
    if (start.savepointFirst()) {
      // The savepoint lifecycle (next in this pass) takes it like any pending savepoint, write-ahead.
      savepoint = new PendingOperation(OperationKind.SAVEPOINT, FlinkIds.random(), jobId, SavepointTrigger.RESCALE, null, null, now, null);
      edit.pending(savepoint);
    }
    pass.write(edit);
    if (savepoint != null) {
      savepoints.recordedHere(savepoint.triggerId());
    }
    reported.remove(pass.key());
    events.normal(pass.ref(), EventReasons.RESCALE_STARTED, "rescaling job " + jobId + " " + start.from() + " → " + start.to() + " ("
        + start.method() + (start.savepointFirst() ? ", savepoint first" : "") + "): " + start.reason());
    listener.reached(rescale.step(), pass.declaration.identity());
  }

  /** @return true to follow it within this pass */
  private boolean request(Pass pass, Rescale rescale) {
    if (Rescale.RESTART.equals(rescale.method())) {
      // The session job's upgrade machinery does the restart; this transition's parallelism overrides the
      // declared one. Both records go in one write, so neither exists without the other.
      Instant now = clock.instant();
      Transition restart = new Transition(TransitionKind.UPGRADE, TransitionStep.RECORDED, "savepoint", rescale.jobId(),
          FlinkIds.random(), null, pass.declaration.specDigest(), FlinkIds.random(), Map.of(), null, now, now, rescale.to());
      pass.write(StatusEdit.of(pass.status()).rescale(rescale.at(RescaleStep.REQUESTED, now)).transition(restart)
          .lifecycle(LifecycleState.UPGRADING));
      listener.reached(RescaleStep.REQUESTED, pass.declaration.identity());
      return false;
    }
    try {
      JobDetails job = pass.flink.job(rescale.jobId());
      pass.flink.updateResourceRequirements(rescale.jobId(), ResourceRequirements.upTo(job.vertexIds(), rescale.to()));
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        finish(pass, rescale, rescale.from(), "failed", "job " + rescale.jobId() + " is gone: " + e.getMessage());
        return false;
      }
      throw e;
    }
    listener.reached(null, pass.declaration.identity());
    pass.write(StatusEdit.of(pass.status()).rescale(rescale.at(RescaleStep.REQUESTED, clock.instant())));
    LOG.info("{}: resource requirements of job {} set to 1..{}", pass.declaration, rescale.jobId(), rescale.to());
    listener.reached(RescaleStep.REQUESTED, pass.declaration.identity());
    return true;
  }

  private void finish(Pass pass, Rescale rescale, Integer parallelism, String outcome, String cause) {
    Instant now = clock.instant();
    Duration took = Duration.between(rescale.startedAt(), now);
    String message = "job " + (pass.status().jobId() == null ? rescale.jobId() : pass.status().jobId()) + " "
        + ("succeeded".equals(outcome) ? "runs at " + parallelism : "not rescaled to " + rescale.to() + (cause == null ? ", runs at " + parallelism : ": " + cause))
        + " (was " + rescale.from() + ", " + rescale.method() + ", " + seconds(took) + ")";
    StatusEdit edit = StatusEdit.of(pass.status()).rescale(null)
        .lastRescale(new RescaleResult(rescale.from(), parallelism, rescale.method(), outcome, took.toMillis() / 1000.0,
            rescale.startedAt(), now, message));
    if (!"succeeded".equals(outcome)) {
      edit.lastError(new StatusError(now, OPERATION, message));
    }
    pass.write(edit);
    metrics.rescaleEnded(pass.declaration.identity(), rescale.method(), outcome, took);
    if ("succeeded".equals(outcome)) {
      events.normal(pass.ref(), EventReasons.RESCALED, message);
    } else {
      events.warning(pass.ref(), EventReasons.RESCALE_FAILED, message);
    }
    LOG.info("{}: rescale {}: {}", pass.declaration, outcome, message);
  }

  private void report(Pass pass, String reason, String message, boolean warning) {
    if (!Objects.equals(reported.put(pass.key(), message), message)) {
      LOG.warn("{}: {}", pass.declaration, message);
      if (warning) {
        events.warning(pass.ref(), reason, message);
      } else {
        events.normal(pass.ref(), reason, message);
      }
    }
  }

  /** Reads only: the job's vertices, the cluster's slots, and whether the adaptive scheduler answers. */
  static RescaleView look(FlinkRestClient flink, String jobId, boolean session) {
    JobDetails job = flink.job(jobId);
    ClusterOverview overview = flink.overview();
    Integer upperBound;
    try {
      upperBound = flink.resourceRequirements(jobId).byVertex().values().stream()
          .mapToInt(ResourceRequirements.ParallelismBounds::upperBound).max().stream().boxed().findFirst().orElse(null);
    } catch (FlinkRestException e) {
      upperBound = null; // the default scheduler refuses the request
    }
    int parallelism = job.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(0);
    int maxParallelism = job.vertices().stream().mapToInt(JobVertex::maxParallelism).filter(p -> p > 0).min().orElse(0);
    int usable = session ? overview.slotsAvailable() + (job.state().isGloballyTerminal() ? 0 : parallelism) : overview.slotsTotal();
    return new RescaleView(job.id(), job.isFullyRunning(), parallelism, maxParallelism, upperBound, usable);
  }

  private void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }

  private final class Pass {
    private final Declaration declaration;
    private final FlinkRestClient flink;
    private VersionedStatus status;

    Pass(Declaration declaration, VersionedStatus status, FlinkRestClient flink) {
      this.declaration = declaration;
      this.status = status;
      this.flink = flink;
    }

    RuntimeStatus status() {
      return status.status();
    }

    boolean session() {
      return declaration.identity().kind() == DeclarationKind.SESSION_JOB;
    }

    String key() {
      return declaration.toString();
    }

    io.flinkstack.controller.kubernetes.ObjectRef ref() {
      return declaration.identity().source();
    }

    void write(StatusEdit edit) {
      status = store.write(declaration.identity(), status, edit.build());
    }
  }
}
