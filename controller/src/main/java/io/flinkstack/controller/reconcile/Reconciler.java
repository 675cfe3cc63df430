package io.flinkstack.controller.reconcile;

import io.flinkstack.contract.FlinkObservation;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.autoscaler.live.AutoscalerRunner;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.deletion.FinalSavepoint;
import io.flinkstack.controller.deletion.FinalSavepointDecider;
import io.flinkstack.controller.deletion.FinalSavepointDecision;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.declaration.InvalidDeclarationException;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatusConflictException;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.JobObserver;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.rescale.JobRescaler;
import io.flinkstack.controller.savepoint.Backoffs;
import io.flinkstack.controller.savepoint.SavepointLifecycle;
import io.flinkstack.controller.snapshot.SnapshotKeeper;
import io.flinkstack.controller.transition.JobTransitions;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.step.Outcome;
import io.flinkstack.controller.step.Pass;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.step.StepMachine;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.submission.JarFetcher;
import io.flinkstack.controller.submission.JobSubmitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass over one FlinkJob: read its spec, read its status, observe the cluster (reads only),
 * record the observation, then offer the job to the step machines in {@link #machines}' order. Not
 * thread-safe for the same declaration; {@link ControllerLoop} calls it from one thread.
 *
 * <p>The precedence rule, the only one: the machines are asked in a fixed order (transitions, rescales,
 * the autoscaler, savepoints), and a machine that {@linkplain StepMachine#holds holds} the job after its
 * turn (its work is in flight in the status) ends the pass for the ones after it. Transitions come first
 * because they replace or stop the job that the others act on; rescales before savepoints because a
 * rescale restarts the job (a savepoint it asks for first is a pending savepoint, so it hands the job on to
 * the savepoint lifecycle meanwhile); periodic savepoints last, whenever nothing else is in flight. A
 * machine earlier in the order does not start while a later one's operation is in flight either: its
 * decider waits for the pending savepoint.
 *
 * <p>No pass waits for Flink or Kubernetes: a machine following something that runs elsewhere asks to look
 * again ({@link ReconcileResult#lookAgainAfter()}), and the next pass resumes from the written status.
 *
 * <p>Exceptions other than the expected ones (Flink unreachable, a lost status race, an invalid
 * declaration) leave the pass where they happen, on purpose: the write-ahead status is what lets the next
 * pass, or the next controller, carry on from there.
 *
 * <p>What it keeps in memory about a declaration (its meters, its autoscaler's window, the REST URL it
 * used, and through that URL a Flink client) goes when the declaration is no longer listed: see
 * {@link #retainOnly}.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** {@code jobState} while the cluster answers but has no job of the declaration. */
  public static final String JOB_NOT_FOUND = JobObservation.NOT_FOUND;

  private final KubernetesGateway kubernetes;
  private final DeclarationReader reader;
  private final StatusStore store;
  private final EventRecorder events;
  private final ControllerMetrics metrics;
  private final FlinkEndpoints endpoints;
  private final FlinkClients clients;
  private final JobObserver observer;
  private final StepListener steps;
  /** In precedence order; see the class comment. */
  private final List<StepMachine<?>> machines;
  private final Clock clock;
  // Declarations already reported invalid, by resource version: report each broken version once, not every pass.
  private final Map<String, String> reportedInvalid = new ConcurrentHashMap<>();
  private final AutoscalerRunner autoscaler;
  private final SnapshotKeeper snapshots;
  private final ControllerSettings settings;
  private final FinalSavepoint finals;
  // Every declaration reconciled since it was last listed, by namespace/name, with the REST URL of its last
  // pass (none when that pass did not get as far as the cluster).
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  private record Known(String namespace, String name, URI restUrl) {}

  private Reconciler(Builder builder) {
    this.clock = builder.clock;
    this.kubernetes = builder.kubernetes;
    this.reader = new DeclarationReader(builder.settings.defaultHistoryMaxCount());
    this.store = new StatusStore(builder.kubernetes, clock);
    this.events = new EventRecorder(builder.kubernetes, clock);
    this.metrics = new ControllerMetrics(builder.registry);
    this.endpoints = builder.endpoints;
    this.clients = new FlinkClients(builder.settings.flinkRequestTimeout());
    this.observer = new JobObserver(clock);
    ControllerSettings settings = builder.settings;
    this.steps = builder.steps;
    Backoffs backoffs = new Backoffs(settings.backoffInitial(), settings.backoffMax());
    this.autoscaler = new AutoscalerRunner(builder.kubernetes, store, events, builder.registry, clock);
    StepMachine.Dependencies dependencies = new StepMachine.Dependencies(events, metrics, settings.lookAgainInFlight(), clock);
    this.snapshots = new SnapshotKeeper(builder.kubernetes, events, clock, builder.settings.savepointSnapshots());
    this.finals = new FinalSavepoint(builder.kubernetes, events, clock);
    this.settings = settings;
    SavepointLifecycle savepoints = new SavepointLifecycle(dependencies, backoffs, settings.operationTimeout(),
        settings.maxActionsPerPass(), snapshots);
    this.machines = List.of(
        new JobTransitions(dependencies, builder.kubernetes, builder.submitter(), backoffs, settings.operationTimeout()),
        new JobRescaler(dependencies, savepoints),
        new Autoscaling(autoscaler, dependencies),
        savepoints);
  }

  /** @param endpoints where each cluster's REST API is ({@link FlinkEndpoints#clusterDns()} in Kubernetes) */
  public static Builder builder(KubernetesGateway kubernetes, FlinkEndpoints endpoints) {
    return new Builder(kubernetes, endpoints);
  }

  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /**
   * One pass over the FlinkJob {@code job} names, as the gateway has it now: the object passed only says which (a
   * listing, or a test's copy, may predate the controller's last status write, and a pass must start from that write).
   */
  public ReconcileResult reconcile(FlinkJob job) {
    return reconcile(job.getMetadata().getNamespace(), job.getMetadata().getName());
  }

  /** One pass over the FlinkJob {@code namespace/name}; {@code GONE} when it no longer exists. */
  public ReconcileResult reconcile(String namespace, String jobName) {
    Optional<FlinkJob> current = kubernetes.flinkJob(namespace, jobName);
    if (current.isEmpty()) {
      // Its FlinkSnapshots being deleted wait on a finalizer that only a pass over the job would take off.
      snapshots.releaseOrphans(namespace, jobName);
      return new ReconcileResult(namespace + "/" + jobName, ReconcileResult.Outcome.GONE, null, "the FlinkJob no longer exists");
    }
    return reconcileCurrent(current.get());
  }

  private ReconcileResult reconcileCurrent(FlinkJob resource) {
    String name = key(resource);
    known.putIfAbsent(name, new Known(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), null));
    Timer.Sample sample = metrics.startReconcile();
    DeclarationIdentity identity = null;
    String outcome = "error";
    boolean forgetAfterPass = false;
    try {
      identity = reader.identify(resource);
      // Before the status is read: putting the finalizer on changes the resource version status writes must name.
      resource = finals.ensureFinalizer(resource);
      VersionedStatus status = store.read(resource, RuntimeStatus.initial(null));
      Declaration declaration = reader.read(identity, resource);
      boolean deleting = FinalSavepoint.deleting(resource);
      if (deleting && identity.kind() == DeclarationKind.SESSION_JOB) {
        // A session job whose FlinkJob is deleted is stopped with a savepoint: the suspend transition does that.
        declaration = new Declaration(declaration.identity(), declaration.job().withState(DesiredState.SUSPENDED),
            declaration.savepoints(), declaration.sqlStatements(), declaration.autoscaler());
      }
      if (!status.stored()) {
        status = new VersionedStatus(RuntimeStatus.initial(declaration.savepointTriggerNonce(), declaration.job().restartNonce(),
            declaration.job().redeployNonce()), resource);
      }
      reportedInvalid.remove(name);
      URI restUrl = endpoints.restUrl(identity.namespace(), identity.restService());
      known.put(name, new Known(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), restUrl));
      FlinkRestClient flink = clients.forUrl(restUrl);
      JobObservation observation = observer.observe(flink, declaration, status.status().jobId());
      status = recordObservation(declaration, status, observation);
      if (deleting) {
        FinalSavepointDecision decision = FinalSavepointDecider.decide(identity.kind(), FinalSavepoint.skip(resource),
            java.time.Instant.parse(resource.getMetadata().getDeletionTimestamp()), status.status(), observation,
            // How long a deleted session job waits for its JobManager (and for a savepoint) before it goes without one.
            settings.operationTimeout(),
            clock.instant());
        if (decision instanceof FinalSavepointDecision.Release release) {
          LOG.info("{}: deleted; {}", name, release.reason());
          finals.release(status.object(), release, flink, identity.source());
          outcome = "gone";
          forgetAfterPass = true;
          return new ReconcileResult(name, ReconcileResult.Outcome.GONE, status.status(), "deleted: " + release.reason());
        }
        if (decision instanceof FinalSavepointDecision.Wait wait) {
          outcome = "observed_only";
          return new ReconcileResult(name, ReconcileResult.Outcome.OBSERVED_ONLY, status.status(), wait.reason(),
              settings.lookAgainInFlight().multipliedBy(10));
        }
      }
      Pass pass = new Pass(declaration, status, observation, flink, store, steps,
          snapshots.read(resource.getMetadata().getNamespace(), resource.getMetadata().getName()));
      snapshots.sync(pass);
      Outcome next = Outcome.DONE;
      for (StepMachine<?> machine : machines) {
        next = Outcome.earliest(next, machine.run(pass));
        if (machine.holds(pass.status())) {
          break;
        }
      }
      snapshots.syncRecords(pass);
      ReconcileResult result = new ReconcileResult(name,
          observation.jobManagerReachable() ? ReconcileResult.Outcome.RECONCILED : ReconcileResult.Outcome.OBSERVED_ONLY,
          pass.status(), observation.jobManagerReachable() ? "ok" : observation.problem(),
          next instanceof Outcome.LookAgain again ? again.after() : null);
      outcome = result.outcome().name().toLowerCase(Locale.ROOT);
      return result;
    } catch (InvalidDeclarationException e) {
      outcome = "invalid";
      // It no longer says which cluster: it holds no client.
      known.put(name, new Known(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), null));
      return invalid(resource, identity, e.getMessage());
    } catch (StatusConflictException e) {
      outcome = "conflict";
      LOG.info("{}: changed by someone else (its spec, or another status write), dropping this pass: {}", name, e.getMessage());
      return new ReconcileResult(name, ReconcileResult.Outcome.CONFLICT, null, e.getMessage());
    } finally {
      metrics.reconciled(sample, identity, outcome);
      if (forgetAfterPass) {
        // Released: the API server removes it now, and with it everything kept about it here.
        forget(name);
        dropUnusedClients();
      }
    }
  }

  /** {@code namespace/name}: how the controller keys a FlinkJob. */
  public static String key(FlinkJob job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  /**
   * Called with every listing of the declarations (all of them, not only those passed over): forgets each
   * declaration reconciled before and not in {@code listed} — removes its meters ({@link
   * ControllerMetrics#forget}, the autoscaler's included), its autoscaler ({@link AutoscalerRunner#forget})
   * and its invalid-version memory — and then drops the Flink clients of every URL that no listed
   * declaration used in its last pass ({@link FlinkClients#retainOnly}).
   */
  public void retainOnly(Collection<FlinkJob> listed) {
    Set<String> present = new HashSet<>();
    listed.forEach(job -> present.add(key(job)));
    for (String key : List.copyOf(known.keySet())) {
      if (!present.contains(key)) {
        forget(key);
      }
    }
    dropUnusedClients();
  }

  /** Forgets what this reconciler keeps about one FlinkJob: its meters, its autoscaler, its invalid-version memory. */
  private void forget(String key) {
    Known gone = known.remove(key);
    if (gone == null) {
      return;
    }
    reportedInvalid.remove(key);
    autoscaler.forget(key);
    metrics.forget(gone.namespace(), gone.name());
    LOG.info("{}: no longer declared, its meters and clients are dropped", key);
  }

  private void dropUnusedClients() {
    Set<URI> inUse = new HashSet<>();
    known.values().forEach(each -> {
      if (each.restUrl() != null) {
        inUse.add(each.restUrl());
      }
    });
    clients.retainOnly(inUse);
  }

  /** The Flink clients it holds (tests look at which URLs). */
  FlinkClients clients() {
    return clients;
  }

  private VersionedStatus recordObservation(Declaration declaration, VersionedStatus current, JobObservation observation) {
    RuntimeStatus status = current.status();
    FlinkObservation before = status.observation();
    StatusEdit edit = StatusEdit.of(status);
    Optional<SavepointInfo> found = Optional.empty();
    if (observation.jobManagerReachable()) {
      edit.observation(before != null && before.jobManagerReachable() ? before : new FlinkObservation(true, observation.time(), null));
      if (observation.job().isPresent()) {
        ObservedJob job = observation.job().get();
        edit.job(job.id(), job.state().name()).lifecycle(lifecycle(job));
        found = unrecordedStop(status, job);
        found.ifPresent(edit::savepointCompleted);
      } else {
        // A session job that had not ended and is not listed by its answering JobManager was lost with the one before
        // (no HA): LOST, which the session decider resubmits from its latest retained checkpoint. Not while a transition
        // or a suspend replaces it, and never for an application, whose JobManager starts its own job.
        boolean mayBeLost = declaration.identity().kind() == io.flinkstack.contract.DeclarationKind.SESSION_JOB
            && status.transition() == null && status.lifecycle() != LifecycleState.SUSPENDED && status.jobId() != null;
        edit.job(status.jobId(), mayBeLost ? JobObservation.missingSessionJobState(status.jobState()) : JOB_NOT_FOUND)
            .lifecycle(LifecycleState.CREATED);
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
    found.ifPresent(savepoint -> events.normal(declaration.identity().source(), EventReasons.STOP_SAVEPOINT_FOUND, "job "
        + savepoint.jobId() + " FINISHED by a stop-with-savepoint the controller did not record (one that completed after the"
        + " controller stopped waiting for it, or one made outside the controller): " + savepoint.path()
        + " is recorded as the last savepoint, and an upgrade, suspend or restart goes from it"));
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

  /**
   * The savepoint of a stop-with-savepoint that FINISHED the job the status follows and that the status does not hold:
   * the job's state is in it and nowhere newer, so it becomes the last savepoint, what a resume or a later transition
   * starts from. Not while a transition is in flight (it records its own stop, {@code JobTransitions}), and not for a
   * savepoint the history lists already (one the controller recorded, and perhaps disposed since).
   */
  static Optional<SavepointInfo> unrecordedStop(RuntimeStatus status, ObservedJob job) {
    if (status.transition() != null || !job.id().equals(status.jobId())) {
      return Optional.empty();
    }
    return job.finishedByStop()
        .filter(stop -> status.lastSavepoint() == null || !stop.path().equals(status.lastSavepoint().path()))
        .filter(stop -> status.savepointHistory().stream().noneMatch(kept -> kept.path().equals(stop.path())))
        .map(stop -> new SavepointInfo(stop.path(), SavepointTrigger.STOP, stop.completedAt(), job.id(), null));
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

  private ReconcileResult invalid(FlinkJob resource, DeclarationIdentity identity, String problem) {
    String name = key(resource);
    if (FinalSavepoint.deleting(resource)) {
      finals.releaseInvalid(resource, identity != null ? identity.source() : new ObjectRef(resource.getApiVersion(),
          resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
          resource.getMetadata().getUid()), problem);
      return new ReconcileResult(name, ReconcileResult.Outcome.GONE, null, "deleted while invalid: " + problem);
    }
    String version = resource.getMetadata().getResourceVersion();
    if (Objects.equals(reportedInvalid.put(name, version), version)) {
      return new ReconcileResult(name, ReconcileResult.Outcome.INVALID, null, problem);
    }
    LOG.warn("{}: invalid spec: {}", name, problem);
    events.warning(identity != null ? identity.source() : new ObjectRef(resource.getApiVersion(), resource.getKind(),
        resource.getMetadata().getNamespace(), resource.getMetadata().getName(), resource.getMetadata().getUid()),
        EventReasons.DECLARATION_INVALID, problem);
    // Stalled, naming the problem; the record (if any) is kept as it is: creating one from a spec that cannot be
    // read would record no nonce, and the first readable version would then look like a savepoint request.
    FlinkJob written = store.markInvalid(resource, problem);
    // The version just written is the one reported: the next pass must not report it again.
    reportedInvalid.put(name, written.getMetadata().getResourceVersion());
    RuntimeStatus record = store.read(written, null).status();
    return new ReconcileResult(name, ReconcileResult.Outcome.INVALID, record, problem);
  }

  /**
   * The autoscaler in the machines' order: it keeps its own decisions and records (it acts only on a job
   * running with nothing in flight), and never holds the job.
   */
  private static final class Autoscaling extends StepMachine<Void> {
    private final AutoscalerRunner runner;

    Autoscaling(AutoscalerRunner runner, StepMachine.Dependencies dependencies) {
      super("autoscaler", 1, dependencies);
      this.runner = runner;
    }

    @Override
    protected Void decide(Pass pass) {
      return null;
    }

    @Override
    protected Outcome act(Pass pass, Void decision) {
      pass.replace(runner.run(pass.declaration(), pass.versioned(), pass.observation(), pass.flink()));
      return Outcome.DONE;
    }

    @Override
    public boolean holds(RuntimeStatus status) {
      return false;
    }
  }

  /** What a {@link Reconciler} works with; everything but the gateway and the endpoints has a default. */
  public static final class Builder {
    private final KubernetesGateway kubernetes;
    private final FlinkEndpoints endpoints;
    private ControllerSettings settings = ControllerSettings.defaults();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private StepListener steps = StepListener.NONE;
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

    /** Told about every step boundary of transitions, rescales and savepoints (tests stop a pass there). */
    public Builder steps(StepListener value) {
      steps = value;
      return this;
    }

    /**
     * How session jobs are submitted (default: jars cached under the temp directory, https only, with the
     * settings' {@link ControllerSettings#jarFetch()} rules).
     */
    public Builder submitter(JobSubmitter value) {
      submitter = value;
      return this;
    }

    private JobSubmitter submitter() {
      return submitter != null ? submitter
          : new JobSubmitter(JarFetcher.builder(Path.of(System.getProperty("java.io.tmpdir"), "flinkstack-jars"))
              .settings(settings.jarFetch()).build());
    }

    public Reconciler build() {
      return new Reconciler(this);
    }
  }
}
