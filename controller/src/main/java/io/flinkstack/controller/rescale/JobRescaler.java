package io.flinkstack.controller.rescale;

import io.flinkstack.contract.UpgradeMode;
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
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.flink.ClusterOverview;
import io.flinkstack.controller.flink.FlinkIds;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobVertex;
import io.flinkstack.controller.flink.ResourceRequirements;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.savepoint.SavepointLifecycle;
import io.flinkstack.controller.step.Outcome;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.step.Unrecorded;
import io.flinkstack.controller.autoscaler.live.AutoscalerRunner;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
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
 * requirements; idempotent), at {@code REQUESTED} it only looks, for a restart the transition has its own
 * recorded steps. A rescale in flight is never waited for inside a pass: the pass asks to look again after
 * {@code lookAgain}, and the next one decides from the recorded step and a new look at the job.
 */
public final class JobRescaler extends StepMachine<RescaleDecision> {
  private static final Logger LOG = LoggerFactory.getLogger(JobRescaler.class);
  static final String OPERATION = "rescale";
  private static final int MAX_STEPS_PER_PASS = 8;

  private final SavepointLifecycle savepoints;
  // What was reported per declaration (unsupported, waiting): an Event when it changes, not every pass.
  private final Map<String, String> reported = new ConcurrentHashMap<>();

  /** @param savepoints takes the savepoint a rescale asks for first */
  public JobRescaler(Dependencies dependencies, SavepointLifecycle savepoints) {
    super("rescales", MAX_STEPS_PER_PASS, dependencies);
    this.savepoints = savepoints;
  }

  /** A job whose autoscaler acts has its parallelism set per vertex by it, not to its slots. */
  @Override
  protected boolean takesPart(Pass pass) {
    return pass.observation().jobManagerReachable() && !AutoscalerRunner.ownsParallelism(pass.declaration())
        && (pass.status().rescale() != null || pass.declaration().job().rescalable());
  }

  /** One look at the job (REST reads only), then the pure decider. */
  @Override
  protected RescaleDecision decide(Pass pass) {
    RescaleView view;
    try {
      view = pass.observation().job().filter(job -> !job.state().isGloballyTerminal())
          .map(ObservedJob::id).map(id -> look(pass.flink(), id, pass.session())).orElse(null);
    } catch (FlinkRestException e) {
      // An error answer while looking: the next pass looks again; the record stays.
      return new RescaleDecision.None("looking at the job: " + e.getMessage());
    }
    return RescaleDecider.decide(pass.declaration().job(), pass.session(), upgradeDue(pass.declaration(), pass.status()),
        pass.status(), view);
  }

  /** While a rescale is in flight, unless it waits for its savepoint (the savepoint lifecycle takes that). */
  @Override
  public boolean holds(RuntimeStatus status) {
    return status.rescale() != null && status.rescale().step() != RescaleStep.SAVEPOINT_PENDING;
  }

  @Override
  protected Ahead writeAhead(Pass pass, RescaleDecision decision) {
    if (decision instanceof RescaleDecision.Start start) {
      Instant now = clock.instant();
      String jobId = pass.status().jobId();
      Rescale rescale = new Rescale(start.from(), start.to(), start.method(),
          start.savepointFirst() ? RescaleStep.SAVEPOINT_PENDING : RescaleStep.RECORDED, start.reason(), jobId, now, now);
      StatusEdit edit = StatusEdit.of(pass.status()).rescale(rescale);
      if (start.savepointFirst()) {
        // The savepoint lifecycle (next in this pass) takes it like any pending savepoint, write-ahead.
        edit.pending(new PendingOperation(OperationKind.SAVEPOINT, FlinkIds.random(), jobId, SavepointTrigger.RESCALE, null, null, now, null));
      }
      return new Ahead(edit, rescale.step());
    }
    if (decision instanceof RescaleDecision.Retarget retarget) {
      Rescale lowered = retarget.rescale().retarget(retarget.to(), retarget.reason(), clock.instant());
      return new Ahead(StatusEdit.of(pass.status()).rescale(lowered), RescaleStep.RECORDED);
    }
    return null;
  }

  @Override
  protected void recorded(Pass pass, RescaleDecision decision) {
    if (decision instanceof RescaleDecision.Start start) {
      if (start.savepointFirst()) {
        savepoints.recordedHere(pass.status().pendingOperation().triggerId());
      }
      reported.remove(pass.toString());
      events.normal(pass.ref(), EventReasons.RESCALE_STARTED, "rescaling job " + pass.status().jobId() + " " + start.from() + " → "
          + start.to() + " (" + start.method() + (start.savepointFirst() ? ", savepoint first" : "") + "): " + start.reason());
    } else if (decision instanceof RescaleDecision.Retarget retarget) {
      events.normal(pass.ref(), EventReasons.RESCALE_RETARGETED, retarget.reason());
    }
  }

  @Override
  protected Outcome act(Pass pass, RescaleDecision decision) {
    if (decision instanceof RescaleDecision.None) {
      return Outcome.DONE;
    }
    if (decision instanceof RescaleDecision.Unsupported unsupported) {
      report(pass, EventReasons.RESCALE_UNSUPPORTED, unsupported.reason(), true);
      return Outcome.DONE;
    }
    if (decision instanceof RescaleDecision.Start start) {
      // A savepoint first: the savepoint lifecycle, later in this pass, takes it.
      return start.savepointFirst() ? Outcome.lookAgainAfter(lookAgain) : Outcome.NEXT;
    }
    if (decision instanceof RescaleDecision.Request request) {
      return request(pass, request.rescale());
    }
    if (decision instanceof RescaleDecision.Retarget) {
      return request(pass, pass.status().rescale());
    }
    if (decision instanceof RescaleDecision.Done done) {
      finish(pass, done.rescale(), done.parallelism(), done.parallelism() == done.rescale().to() ? "succeeded" : "failed", null);
      return Outcome.DONE;
    }
    if (decision instanceof RescaleDecision.Failed failed) {
      finish(pass, failed.rescale(), failed.rescale().from(), "failed", failed.reason());
      return Outcome.DONE;
    }
    if (decision instanceof RescaleDecision.Wait wait) {
      // In flight (the job restarting at the target, a savepoint or a restart first): look again soon.
      LOG.debug("{}: rescale waits: {}", pass, wait.reason());
      return Outcome.lookAgainAfter(lookAgain);
    }
    throw new IllegalStateException("unknown decision " + decision);
  }

  private static boolean upgradeDue(Declaration declaration, RuntimeStatus status) {
    return status.deployedSpec() != null && !status.deployedSpec().equals(declaration.specDigest());
  }

  private Outcome request(Pass pass, Rescale rescale) {
    if (Rescale.RESTART.equals(rescale.method())) {
      // The session job's upgrade machinery does the restart; this transition's parallelism overrides the
      // declared one. Both records go in one write, so neither exists without the other.
      Instant now = clock.instant();
      Transition restart = new Transition(TransitionKind.UPGRADE, TransitionStep.RECORDED, UpgradeMode.SAVEPOINT, rescale.jobId(),
          FlinkIds.random(), null, pass.declaration().specDigest(), FlinkIds.random(), Map.of(), null, now, now, rescale.to());
      pass.write(StatusEdit.of(pass.status()).rescale(rescale.at(RescaleStep.REQUESTED, now)).transition(restart)
          .lifecycle(LifecycleState.UPGRADING));
      pass.reached(RescaleStep.REQUESTED);
      // The transition (first in the reconciler's order) carries it out from the next pass on.
      return Outcome.lookAgainAfter(lookAgain);
    }
    try {
      JobDetails job = pass.flink().job(rescale.jobId());
      pass.flink().updateResourceRequirements(rescale.jobId(), ResourceRequirements.upTo(job.vertexIds(), rescale.to()));
    } catch (FlinkRestException e) {
      if (e.isNotFound()) {
        finish(pass, rescale, rescale.from(), "failed", "job " + rescale.jobId() + " is gone: " + e.getMessage());
      } else {
        // The record stays at its step: the next pass asks again (the same requirements; idempotent).
        LOG.info("{}: rescale: {}", pass, e.getMessage());
      }
      return Outcome.DONE;
    }
    pass.reached(Unrecorded.RESOURCE_REQUIREMENTS_SET);
    pass.write(StatusEdit.of(pass.status()).rescale(rescale.at(RescaleStep.REQUESTED, clock.instant())));
    LOG.info("{}: resource requirements of job {} set to 1..{}", pass, rescale.jobId(), rescale.to());
    pass.reached(RescaleStep.REQUESTED);
    return Outcome.NEXT;
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
    metrics.rescaleEnded(pass.identity(), rescale.method(), outcome, took);
    if ("succeeded".equals(outcome)) {
      events.normal(pass.ref(), EventReasons.RESCALED, message);
    } else {
      events.warning(pass.ref(), EventReasons.RESCALE_FAILED, message);
    }
    LOG.info("{}: rescale {}: {}", pass, outcome, message);
  }

  private void report(Pass pass, String reason, String message, boolean warning) {
    if (!Objects.equals(reported.put(pass.toString(), message), message)) {
      LOG.warn("{}: {}", pass, message);
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
      OptionalInt highest = flink.resourceRequirements(jobId).highestUpperBound();
      upperBound = highest.isPresent() ? highest.getAsInt() : null;
    } catch (FlinkRestException e) {
      upperBound = null; // the default scheduler refuses the request
    }
    int parallelism = job.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(0);
    int maxParallelism = job.vertices().stream().mapToInt(JobVertex::maxParallelism).filter(p -> p > 0).min().orElse(0);
    int usable = session ? overview.slotsAvailable() + (job.state().isGloballyTerminal() ? 0 : parallelism) : overview.slotsTotal();
    return new RescaleView(job.id(), job.isFullyRunning(), parallelism, maxParallelism, upperBound, usable);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
  }
}
