package io.flinkstack.controller.reconcile;

import io.flinkstack.contract.FlinkObservation;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RescaleStep;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.controller.autoscaler.live.AutoscalerRunner;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.declaration.InvalidDeclarationException;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatusConflictException;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.JobObserver;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.rescale.JobRescaler;
import io.flinkstack.controller.rescale.RescaleListener;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.savepoint.SavepointLifecycle;
import io.flinkstack.controller.savepoint.StepListener;
import io.flinkstack.controller.transition.JobTransitions;
import io.flinkstack.controller.transition.TransitionListener;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass over one declaration: read it, read its status, observe the cluster (reads only),
 * record the observation, then let the savepoint lifecycle decide and act. Not thread-safe for the same
 * declaration; {@link ControllerLoop} calls it from one thread.
 *
 * <p>Exceptions other than the expected ones (Flink unreachable, a lost status race, an invalid
 * declaration) leave the pass where they happen, on purpose: the write-ahead status is what lets the next
 * pass, or the next controller, carry on from there.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** {@code jobState} while the cluster answers but has no job of the declaration. */
  public static final String JOB_NOT_FOUND = "NOT_FOUND";

  private final DeclarationReader reader;
  private final StatusStore store;
  private final EventRecorder events;
  private final ControllerMetrics metrics;
  private final FlinkEndpoints endpoints;
  private final FlinkClients clients;
  private final JobObserver observer;
  private final SavepointLifecycle savepoints;
  private final JobTransitions transitions;
  private final JobRescaler rescales;
  private final AutoscalerRunner autoscalers;
  private final Clock clock;
  // Declarations already reported invalid, by resource version: report each broken version once, not every pass.
  private final Map<String, String> reportedInvalid = new ConcurrentHashMap<>();

  private Reconciler(Builder builder) {
    this.clock = builder.clock;
    this.reader = new DeclarationReader(builder.settings.defaultHistoryMaxCount());
    this.store = new StatusStore(builder.kubernetes);
    this.events = new EventRecorder(builder.kubernetes, clock);
    this.metrics = new ControllerMetrics(builder.registry);
    this.endpoints = builder.endpoints;
    this.clients = new FlinkClients(builder.settings.flinkRequestTimeout());
    this.observer = new JobObserver(clock);
    ControllerSettings settings = builder.settings;
    this.savepoints = new SavepointLifecycle(store, events, metrics, builder.steps,
        new Backoffs(settings.backoffInitial(), settings.backoffMax()), settings.operationWaitPerPass(),
        settings.operationTimeout(), settings.maxActionsPerPass(), clock);
    this.transitions = new JobTransitions(builder.kubernetes, store, events, metrics, builder.transitions, builder.submitter(),
        new Backoffs(settings.backoffInitial(), settings.backoffMax()), settings.operationWaitPerPass(),
        settings.operationTimeout(), clock);
    this.autoscalers = new AutoscalerRunner(builder.kubernetes, store, events, builder.registry, clock);
    this.rescales = new JobRescaler(store, events, metrics, builder.rescales, savepoints, settings.operationWaitPerPass(), clock);
  }

  /** @param endpoints where each cluster's REST API is ({@link FlinkEndpoints#clusterDns()} in Kubernetes) */
  public static Builder builder(KubernetesGateway kubernetes, FlinkEndpoints endpoints) {
    return new Builder(kubernetes, endpoints);
  }

  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  public ReconcileResult reconcile(ConfigMapSnapshot declarationConfigMap) {
    String name = declarationConfigMap.namespace() + "/" + declarationConfigMap.name();
    Timer.Sample sample = metrics.startReconcile();
    DeclarationIdentity identity = null;
    String outcome = "error";
    try {
      identity = reader.identify(declarationConfigMap);
      VersionedStatus status = store.read(identity, RuntimeStatus.initial(null));
      Declaration declaration = reader.read(identity, declarationConfigMap);
      if (!status.stored()) {
        status = new VersionedStatus(RuntimeStatus.initial(declaration.savepointTriggerNonce()), null);
      }
      reportedInvalid.remove(name);
      FlinkRestClient flink = clients.forUrl(endpoints.restUrl(identity.namespace(), identity.restService()));
      JobObservation observation = observer.observe(flink, declaration, status.status().jobId());
      status = recordObservation(declaration, status, observation);
      status = transitions.run(declaration, status, observation, flink);
      // Rescales and savepoints of the running job only when nothing replaces or stops it.
      if (status.status().transition() == null && status.status().lifecycle() != LifecycleState.SUSPENDED) {
        // A job whose autoscaler acts has its parallelism set per vertex by it, not to its slots.
        if (!AutoscalerRunner.ownsParallelism(declaration)) {
          status = rescales.run(declaration, status, observation, flink);
        }
        status = autoscalers.run(declaration, status, observation, flink);
      }
      // No periodic savepoint while a rescale restarts the job; the one a rescale asked for first, yes.
      Rescale rescale = status.status().rescale();
      if (status.status().transition() == null && status.status().lifecycle() != LifecycleState.SUSPENDED
          && (rescale == null || rescale.step() == RescaleStep.SAVEPOINT_PENDING)) {
        status = savepoints.run(declaration, status, observation, flink);
      }
      ReconcileResult result = new ReconcileResult(name,
          observation.jobManagerReachable() ? ReconcileResult.Outcome.RECONCILED : ReconcileResult.Outcome.OBSERVED_ONLY,
          status.status(), observation.jobManagerReachable() ? "ok" : observation.problem());
      outcome = result.outcome().name().toLowerCase(Locale.ROOT);
      return result;
    } catch (InvalidDeclarationException e) {
      outcome = "invalid";
      return invalid(declarationConfigMap, identity, e.getMessage());
    } catch (StatusConflictException e) {
      outcome = "conflict";
      LOG.info("{}: status changed by someone else, dropping this pass: {}", name, e.getMessage());
      return new ReconcileResult(name, ReconcileResult.Outcome.CONFLICT, null, e.getMessage());
    } finally {
      metrics.reconciled(sample, identity, outcome);
    }
  }

  private VersionedStatus recordObservation(Declaration declaration, VersionedStatus current, JobObservation observation) {
    RuntimeStatus status = current.status();
    FlinkObservation before = status.observation();
    StatusEdit edit = StatusEdit.of(status);
    if (observation.jobManagerReachable()) {
      edit.observation(before != null && before.jobManagerReachable() ? before : new FlinkObservation(true, observation.time(), null));
      if (observation.job().isPresent()) {
        ObservedJob job = observation.job().get();
        edit.job(job.id(), job.state().name()).lifecycle(lifecycle(job));
      } else {
        edit.job(status.jobId(), JOB_NOT_FOUND).lifecycle(LifecycleState.CREATED);
      }
      if (status.transition() != null) {
        edit.lifecycle(LifecycleState.UPGRADING);
      } else if (!status.suspendedReplicas().isEmpty() || (status.lifecycle() == LifecycleState.SUSPENDED
          && observation.job().map(job -> job.state().isGloballyTerminal()).orElse(true))) {
        edit.lifecycle(LifecycleState.SUSPENDED);
      }
    } else {
      // Only the observation changes: what was known about the job stays as it was last seen.
      boolean stillUnreachable = before != null && !before.jobManagerReachable();
      edit.observation(new FlinkObservation(false, stillUnreachable ? before.since() : observation.time(), observation.problem()));
    }
    VersionedStatus written = store.write(declaration.identity(), current, edit.build());
    metrics.lifecycle(declaration.identity(), written.status().lifecycle());
    // While an upgrade replaces the JobManager, or the cluster is suspended, no answer is what is expected.
    boolean expectedAway = status.transition() != null || status.lifecycle() == LifecycleState.SUSPENDED;
    boolean wasReachable = before == null || before.jobManagerReachable() || expectedAway;
    if (wasReachable && !observation.jobManagerReachable() && !expectedAway) {
      events.warning(declaration.identity().source(), EventReasons.JOBMANAGER_UNREACHABLE, "no usable answer from "
          + declaration.identity().restService() + ": " + observation.problem() + "; only observing until it answers");
    } else if (!wasReachable && observation.jobManagerReachable()) {
      events.normal(declaration.identity().source(), EventReasons.JOBMANAGER_REACHABLE,
          declaration.identity().restService() + " answers again");
    }
    return written;
  }

  /** From the job alone; UPGRADING and SUSPENDED come from the status (see recordObservation). */
  static LifecycleState lifecycle(ObservedJob job) {
    if (job.fullyRunning()) {
      return LifecycleState.STABLE;
    }
    if (job.state() == JobState.FAILED) {
      return LifecycleState.FAILED;
    }
    return job.state().isGloballyTerminal() ? LifecycleState.CREATED : LifecycleState.DEPLOYED;
  }

  private ReconcileResult invalid(ConfigMapSnapshot configMap, DeclarationIdentity identity, String problem) {
    String name = configMap.namespace() + "/" + configMap.name();
    if (Objects.equals(reportedInvalid.put(name, configMap.resourceVersion()), configMap.resourceVersion())) {
      return new ReconcileResult(name, ReconcileResult.Outcome.INVALID, null, problem);
    }
    LOG.warn("{}: invalid declaration: {}", name, problem);
    events.warning(configMap.ref(), EventReasons.DECLARATION_INVALID, problem);
    RuntimeStatus written = null;
    if (identity != null) {
      // Only an existing status gets the error: creating one from a declaration that cannot be read would
      // record no nonce, and the first readable version would then look like a savepoint request.
      VersionedStatus status = store.read(identity, RuntimeStatus.initial(null));
      if (status.stored()) {
        written = store.write(identity, status, StatusEdit.of(status.status())
            .lastError(new StatusError(clock.instant(), "declaration", problem)).build()).status();
      }
    }
    return new ReconcileResult(name, ReconcileResult.Outcome.INVALID, written, problem);
  }

  /** What a {@link Reconciler} works with; everything but the gateway and the endpoints has a default. */
  public static final class Builder {
    private final KubernetesGateway kubernetes;
    private final FlinkEndpoints endpoints;
    private ControllerSettings settings = ControllerSettings.defaults();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private StepListener steps = StepListener.NONE;
    private TransitionListener transitions = TransitionListener.NONE;
    private RescaleListener rescales = RescaleListener.NONE;
    private JobSubmitter submitter;

    private Builder(KubernetesGateway kubernetes, FlinkEndpoints endpoints) {
      this.kubernetes = Objects.requireNonNull(kubernetes);
      this.endpoints = Objects.requireNonNull(endpoints);
    }

    public Builder settings(ControllerSettings value) {
      settings = value;
      return this;
    }

    /** Where the meters go (default: a {@code SimpleMeterRegistry}, in memory). */
    public Builder meterRegistry(MeterRegistry value) {
      registry = value;
      return this;
    }

    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    /** Told about every step boundary of the savepoint lifecycle (tests stop a pass there). */
    public Builder steps(StepListener value) {
      steps = value;
      return this;
    }

    /** Told about every step of upgrades, suspends and resumes (tests stop a pass there). */
    public Builder transitions(TransitionListener value) {
      transitions = value;
      return this;
    }

    /** Told about every step of a rescale (tests stop a pass there). */
    public Builder rescales(RescaleListener value) {
      rescales = value;
      return this;
    }

    /** How session jobs are submitted (default: jars cached under the temp directory, https only). */
    public Builder submitter(JobSubmitter value) {
      submitter = value;
      return this;
    }

    private JobSubmitter submitter() {
      return submitter != null ? submitter
          : new JobSubmitter(JarFetcher.builder(Path.of(System.getProperty("java.io.tmpdir"), "flinkstack-jars")).build());
    }

    public Reconciler build() {
      return new Reconciler(this);
    }
  }
}
