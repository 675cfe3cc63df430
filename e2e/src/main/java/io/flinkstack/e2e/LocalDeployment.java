package io.flinkstack.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.harness.LocalZooKeeper;
import io.flinkstack.harness.pods.PodHarness;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.status.RuntimeStatusJson;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.testjob.SequenceJobJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One synthesized application, running on this machine as it would on a cluster: its manifests applied to
 * fabric8's mock API server (CRUD mode), its pods run as Flink JVMs by the {@link PodHarness}, and the runtime
 * controller reconciling it every {@code period}. A test or a bench changes the application and {@link #apply}s
 * it again, as GitOps would, and watches what the controller does; {@link #restartController} replaces the
 * controller as a crash and a new pod would.
 *
 * <p>The pods run Flink's ZooKeeper HA against a {@link LocalZooKeeper} started (and killed) with the deployment,
 * in place of the manifests' Kubernetes HA: a JobManager that crashes recovers its job from the latest
 * checkpoint, as one with Kubernetes HA does on a cluster.
 */
public final class LocalDeployment implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final KubernetesClient controllerClient;
  private final KubernetesGateway gateway;
  private final PodHarness pods;
  private final String namespace;
  private final String cluster;
  private final ControllerSettings settings;
  private final Duration period;
  private final LocalZooKeeper zooKeeper;
  private ControllerLoop controller;

  /** The User-Agent of the controller's own client: what tells its requests from the harness' and the test's. */
  public static final String CONTROLLER_USER_AGENT = "flinkstack-controller/e2e";

  /** The deployment's work directory: the pods', and {@code events.txt} once it is closed. */
  private final Path work;

  private LocalDeployment(KubernetesMockServer server, KubernetesClient client, PodHarness pods, String namespace, String cluster,
      ControllerSettings settings, Duration period, LocalZooKeeper zooKeeper, Path work) {
    this.work = work;
    this.server = server;
    this.client = client;
    this.controllerClient = server.createClient(builder -> builder.withConfig(new ConfigBuilder(client.getConfiguration())
        .withUserAgent(CONTROLLER_USER_AGENT).build()));
    this.gateway = new Fabric8KubernetesGateway(controllerClient);
    this.pods = pods;
    this.namespace = namespace;
    this.cluster = cluster;
    this.settings = settings;
    this.period = period;
    this.zooKeeper = zooKeeper;
  }

  /**
   * Starts an empty mock API server, applies the application's manifests, starts its pods and a controller. The
   * application declares Kubernetes HA, which needs an API server that elects leaders; the pods get Flink's
   * ZooKeeper HA on a local ZooKeeper instead (HA data under {@code <work>/ha}), so a restarted JobManager
   * recovers its job as it would on a cluster.
   *
   * @param work where the pods' processes, the job jar and the local state directories go
   */
  public static LocalDeployment start(SequenceApplication application, Path work, ControllerSettings settings, Duration period) {
    KubernetesMockServer server = LocalServers.crudApiServer();
    KubernetesClient client = server.createClient();
    PodHarness pods = null;
    LocalZooKeeper zooKeeper = null;
    try {
      apply(client, application);
      PodHarness.Builder builder = PodHarness.builder(client, application.namespace(), application.name())
          .flinkClasspath(FlinkClasspath.jars())
          .jar(SequenceApplication.JAR_URI, SequenceJobJar.build(work.resolve("image")))
          .workDirectory(work.resolve("pods"))
          // Where the job writes, for the exactly-once checker to read.
          .sharedDirectory(application.output())
          .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      zooKeeper = LocalZooKeeper.start(FlinkClasspath.jars(), work.resolve("zookeeper"), Duration.ofSeconds(60));
      builder.highAvailability(zooKeeper.connectString(), work.resolve("ha"));
      pods = builder.start();
      LocalDeployment deployment =
          new LocalDeployment(server, client, pods, application.namespace(), application.name(), settings, period, zooKeeper, work);
      deployment.restartController(StepListener.NONE);
      return deployment;
    } catch (IOException e) {
      closeAll(pods, zooKeeper, client, server);
      throw new UncheckedIOException("cannot start ZooKeeper", e);
    } catch (RuntimeException e) {
      closeAll(pods, zooKeeper, client, server);
      throw e;
    }
  }

  /**
   * The Events of the deployment's namespace, oldest first: Events carry whole seconds, so within one second by name
   * (their order there is not known).
   */
  public List<io.fabric8.kubernetes.api.model.Event> events() {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(io.fabric8.kubernetes.api.model.Event::getLastTimestamp,
                java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()))
            .thenComparing(event -> event.getMetadata().getName()))
        .toList();
  }

  /**
   * Every Event the run recorded, oldest first, into {@code <work>/events.txt}: what the controller did
   * and why, for reading after a failed run (the mock API server goes with the deployment).
   */
  private void writeEvents() {
    try {
      List<String> lines = events().stream()
          .map(event -> event.getLastTimestamp() + " " + event.getType() + " " + event.getReason() + " " + event.getInvolvedObject().getName()
              + ": " + event.getMessage())
          .toList();
      java.nio.file.Files.write(work.resolve("events.txt"), lines);
    } catch (IOException | RuntimeException e) {
      System.err.println("[e2e] events not written: " + e);
    }
  }

  private static void closeAll(PodHarness pods, LocalZooKeeper zooKeeper, KubernetesClient client, KubernetesMockServer server) {
    if (pods != null) {
      pods.close();
    }
    if (zooKeeper != null) {
      zooKeeper.close();
    }
    client.close();
    server.destroy();
  }

  /** Applies the application's manifests: creates what is new, replaces what exists (like {@code kubectl apply}). */
  public void apply(SequenceApplication application) {
    apply(client, application);
  }

  private static void apply(KubernetesClient client, SequenceApplication application) {
    applyManifests(client, application.namespace(), application.synthesize());
  }

  /** Each pod of the cluster {@code instance} and its StatefulSet revision, by pod name (as the gateway reads them). */
  public static java.util.SortedMap<String, String> podRevisions(KubernetesGateway gateway, String namespace, String instance) {
    java.util.SortedMap<String, String> revisions = new java.util.TreeMap<>();
    gateway.pods(namespace, java.util.Map.of(io.flinkstack.contract.Labels.INSTANCE, instance))
        .forEach(pod -> revisions.put(pod.name(), pod.revision()));
    return revisions;
  }

  /** Applies synthesized manifests to {@code namespace}: creates what is new, replaces what exists (like {@code kubectl apply}). */
  public static void applyManifests(KubernetesClient client, String namespace, String manifests) {
    List<HasMetadata> objects = client.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata object : objects) {
      // edit-style replace keeps what the StatefulSet "controller" wrote into status (a plain update drops it). The
      // update reads the object's resource version first; a controller status write in between (the mock API server
      // bumps the whole object's version on a status write) is a 409, which kubectl apply also meets and retries.
      for (int attempt = 1; ; attempt++) {
        try {
          client.resource(object).inNamespace(namespace).createOr(NonDeletingOperation::update);
          break;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 409 || attempt >= 10) {
            throw e;
          }
        }
      }
    }
  }

  /** Stops the running controller, if any, and starts a new one (a fresh process: nothing remembered but the status). */
  public synchronized void restartController(StepListener steps) {
    stopController();
    Reconciler reconciler = Reconciler.builder(gateway, pods.endpoints()).settings(settings).steps(steps).build();
    controller = new ControllerLoop(gateway, reconciler, List.of(namespace), period);
    controller.start();
  }

  public synchronized void stopController() {
    if (controller != null) {
      controller.close();
      controller = null;
    }
  }

  /** The controller's status of the application, if it wrote one. */
  public Optional<RuntimeStatus> status() {
    return gateway.flinkJob(namespace, cluster)
        .filter(job -> job.getStatus() != null && job.getStatus().runtime != null)
        .map(job -> RuntimeStatusJson.read(job.getStatus().runtime));
  }

  /** Waits until the controller's status of the application satisfies {@code done}; returns it. */
  public RuntimeStatus awaitStatus(String what, Duration timeout, Predicate<RuntimeStatus> done) {
    return Waits.until(what, timeout, () -> status().orElse(null), status -> status != null && done.test(status));
  }

  /**
   * Waits until {@code application}'s pods are ready, the controller saw it STABLE and its job committed at least
   * {@code records} records: where a fault test starts from. That STABLE status.
   */
  public RuntimeStatus awaitCommitting(SequenceApplication application, long records, Duration timeout) {
    pods.awaitPodsReady(timeout);
    RuntimeStatus stable = awaitStatus("STABLE", timeout, status -> status.lifecycle() == LifecycleState.STABLE);
    Waits.until("committed output", timeout, () -> ExactlyOnceChecker.checkPrefixes(application.output(), application.lanes()).records(),
        committed -> committed >= records);
    return stable;
  }

  /** Waits until the application has no pods (suspended); the highest number its output committed by then. */
  public long awaitNoPods(SequenceApplication application, Duration timeout) {
    Waits.until("no pods", timeout, () -> client.pods().inNamespace(namespace).list().getItems(), List::isEmpty);
    return ExactlyOnceChecker.checkPrefixes(application.output(), application.lanes()).highest();
  }

  /** Declares the suspended application running again (no end) and waits until the controller's resume is over; that status. */
  public RuntimeStatus resumeRunning(SequenceApplication application, Duration timeout) {
    apply(application.withState(DesiredState.RUNNING));
    return awaitStatus("the resume to end", timeout, status -> status.transition() == null
        && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.RESUME);
  }

  /** Waits until the output committed numbers 200 past {@code highest}; the check of the output then. */
  public static ExactlyOnceChecker.Report awaitOutputPast(SequenceApplication application, long highest, Duration timeout) {
    Waits.until("output committed past " + highest, timeout,
        () -> ExactlyOnceChecker.checkPrefixes(application.output(), application.lanes()).highest(), now -> now > highest + 200);
    return ExactlyOnceChecker.checkPrefixes(application.output(), application.lanes());
  }

  /**
   * Ends the run so its whole output can be checked: suspend (stop with a savepoint, scale to zero), then
   * resume with an end a while past everything committed (long enough for the controller to see the job run
   * before it finishes), wait until it FINISHED and check every record of {@code application}'s output.
   *
   * @return the check of the whole output
   */
  public ExactlyOnceChecker.Report finishAndCheck(SequenceApplication application, Duration timeout) {
    suspend(application, timeout);
    Resumed resumed = resume(application, timeout);
    FlinkRestClient flink = new FlinkRestClient(pods.restUrl(), Duration.ofSeconds(10));
    Waits.until("the job to finish", timeout, () -> {
      try {
        return flink.job(resumed.status().jobId()).state().isGloballyTerminal();
      } catch (RuntimeException e) {
        return false;
      }
    }, Boolean::booleanValue);
    return resumed.checkWholeOutput();
  }

  /** Declares {@code application} suspended and waits until the controller suspended it and no transition is left; that status. */
  public RuntimeStatus suspend(SequenceApplication application, Duration timeout) {
    apply(application.withState(DesiredState.SUSPENDED));
    return awaitStatus("the suspend", timeout, status -> status.lifecycle() == LifecycleState.SUSPENDED && status.transition() == null);
  }

  /**
   * A suspended application declared running again, as {@code application} with an end a while past everything
   * committed (300 rounds of its lanes: long enough for the controller to see the job running before it finishes);
   * its status when the resume was over, and the suspended status before it.
   */
  public record Resumed(SequenceApplication application, long end, RuntimeStatus suspended, RuntimeStatus status) {
    /** Waits until every lane committed up to the end (lanes commit at their own checkpoints: one lane's last record is not all). */
    public void awaitEveryRecordCommitted(Duration timeout) {
      Waits.until("the job to commit every record up to the end", timeout, this::checkWholeOutput, report -> report.lost().isEmpty());
    }

    /** The check of the whole output, up to the end. */
    public ExactlyOnceChecker.Report checkWholeOutput() {
      return ExactlyOnceChecker.checkComplete(application.output(), application.lanes(), end);
    }
  }

  /** Resumes the suspended application (see {@link Resumed}) and waits until the controller's resume is over. */
  public Resumed resume(SequenceApplication application, Duration timeout) {
    RuntimeStatus suspended = status().orElse(null);
    long end = ExactlyOnceChecker.checkPrefixes(application.output(), application.lanes()).highest() + 1 + application.lanes() * 300L;
    SequenceApplication resuming = application.withState(DesiredState.RUNNING).withEnd(end);
    apply(resuming);
    RuntimeStatus resumed = awaitStatus("the resume", timeout, status -> status.transition() == null
        && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.RESUME);
    return new Resumed(resuming, end, suspended, resumed);
  }

  public PodHarness pods() {
    return pods;
  }

  public KubernetesClient client() {
    return client;
  }

  /** The controller's gateway (its requests carry {@link #CONTROLLER_USER_AGENT}). */
  public KubernetesGateway gateway() {
    return gateway;
  }

  /** Every request the API server received since the last call (the server records them all), oldest first. */
  public List<RecordedRequest> takeRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  /** The ZooKeeper server of an HA deployment. */
  public Optional<LocalZooKeeper> zooKeeper() {
    return Optional.ofNullable(zooKeeper);
  }

  @Override
  public void close() {
    stopController();
    writeEvents();
    pods.close();
    controllerClient.close();
    if (zooKeeper != null) {
      zooKeeper.close();
    }
    client.close();
    server.destroy();
  }
}
