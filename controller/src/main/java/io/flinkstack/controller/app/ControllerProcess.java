package io.flinkstack.controller.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.flinkstack.controller.kubernetes.InformedKubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller as a long-running process: an HTTP server for metrics and health from the start, a
 * leader election on a Lease, and the {@link ControllerLoop} only while this process holds the Lease.
 *
 * <p>Losing the Lease (not renewed within the renew deadline: API server unreachable, process paused, or
 * another holder) stops the loop and ends the process with {@link #EXIT_LEADERSHIP_LOST}; Kubernetes restarts
 * it as a standby. A fresh process rather than a re-election keeps one rule simple: a process that ever
 * stopped leading never writes again, so two writers can only overlap by the pass in progress.
 */
public final class ControllerProcess implements AutoCloseable {
  /** Exit code after losing the leadership (the loop was stopped first). */
  public static final int EXIT_LEADERSHIP_LOST = 3;
  /** Exit code when the leader election itself ended with an error. */
  public static final int EXIT_ELECTION_FAILED = 1;
  /** Prometheus: {@code flinkstack_controller_leader}, 1 while this process leads, else 0. */
  public static final String LEADER_GAUGE = "flinkstack.controller.leader";

  private static final Logger LOG = LoggerFactory.getLogger(ControllerProcess.class);
  private static final Duration INFORMERS_START = Duration.ofMinutes(2);

  /**
   * @param namespaces the namespaces to watch; none: all
   * @param interval time between passes
   * @param leaseNamespace, leaseName the Lease
   * @param identity this process' name in the Lease
   * @param metricsPort the HTTP port; 0: any free one
   * @param workers FlinkJobs reconciled at once
   */
  public record Options(List<String> namespaces, Duration interval, String leaseNamespace, String leaseName,
      String identity, int metricsPort, LeaseSettings lease, int workers) {
    public Options {
      namespaces = List.copyOf(namespaces);
    }

    /** With {@link ControllerSettings#DEFAULT_WORKERS} workers. */
    public Options(List<String> namespaces, Duration interval, String leaseNamespace, String leaseName,
        String identity, int metricsPort, LeaseSettings lease) {
      this(namespaces, interval, leaseNamespace, leaseName, identity, metricsPort, lease, ControllerSettings.DEFAULT_WORKERS);
    }
  }

  private final KubernetesClient client;
  private final Options options;
  private final PrometheusMeterRegistry registry;
  private final Reconciler reconciler;
  private final InformedKubernetesGateway gateway;
  private boolean informing;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private MetricsServer server;
  private CompletableFuture<?> election;
  private ControllerLoop loop;
  private boolean closing;
  private volatile boolean leading;
  private volatile String leader;

  public ControllerProcess(KubernetesClient client, Options options, FlinkEndpoints endpoints, ControllerSettings settings,
      PrometheusMeterRegistry registry) {
    this.client = client;
    this.options = options;
    this.registry = registry;
    this.gateway = new InformedKubernetesGateway(client, options.namespaces());
    this.reconciler = Reconciler.builder(gateway, endpoints).settings(settings).meterRegistry(registry).build();
    bindJvmMetrics(registry, gcMetrics);
    Gauge.builder(LEADER_GAUGE, this, process -> process.leading ? 1 : 0)
        .description("1 while this controller process holds the leader-election Lease and runs the loop, else 0")
        .register(registry);
  }

  static void bindJvmMetrics(MeterRegistry registry, JvmGcMetrics gcMetrics) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /**
   * Serves metrics and health, then enters the election (returns at once; the loop starts when this process
   * acquires the Lease).
   *
   * @throws IOException when the metrics port cannot be bound
   */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    server = new MetricsServer(options.metricsPort(), registry, this::health);
    LeaderElectionConfig config = new LeaderElectionConfigBuilder()
        .withName(options.leaseName())
        .withLock(new LeaseLock(options.leaseNamespace(), options.leaseName(), options.identity()))
        .withLeaseDuration(options.lease().leaseDuration())
        .withRenewDeadline(options.lease().renewDeadline())
        .withRetryPeriod(options.lease().retryPeriod())
        .withReleaseOnCancel(options.lease().releaseOnStop())
        .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading, this::newLeader))
        .build();
    LOG.info("{}: metrics and health on port {}; waiting for the Lease {}/{}", options.identity(), server.port(),
        options.leaseNamespace(), options.leaseName());
    election = client.leaderElector().withConfig(config).build().start();
    election.whenComplete((ignored, error) -> electionEnded(error));
  }

  private synchronized void startLeading() {
    if (closing || exit.isDone()) {
      return;
    }
    leading = true;
    leader = options.identity();
    LOG.info("{}: leading (Lease {}/{}); starting the loop every {}", options.identity(), options.leaseNamespace(),
        options.leaseName(), options.interval());
    loop = new ControllerLoop(gateway, reconciler, options.namespaces(), options.interval(), options.workers());
    loop.start();
    if (!informing) {
      // Only the leader watches: a standby holds no caches. Started after the loop, so that it hears every object.
      informing = true;
      try {
        gateway.start(INFORMERS_START);
      } catch (RuntimeException e) {
        // The loop's periodic listing (from the caches) finds the objects once the informers have listed.
        LOG.error("{}: the informers did not start within {}: {}", options.identity(), INFORMERS_START, e.getMessage());
      }
    }
  }

  private synchronized void stopLeading() {
    boolean was = leading;
    leading = false;
    stopLoop();
    if (was && !closing) {
      LOG.warn("{}: lost the Lease {}/{}; loop stopped, exiting so that a fresh process stands by",
          options.identity(), options.leaseNamespace(), options.leaseName());
      exit.complete(EXIT_LEADERSHIP_LOST);
    }
  }

  private void newLeader(String identity) {
    leader = identity;
    if (!identity.equals(options.identity())) {
      LOG.info("{}: standing by; {} leads", options.identity(), identity);
    }
  }

  private synchronized void electionEnded(Throwable error) {
    if (closing || exit.isDone()) {
      return;
    }
    boolean was = leading;
    leading = false;
    stopLoop();
    if (was) {
      LOG.warn("{}: the leader election ended while leading; loop stopped, exiting", options.identity(), error);
      exit.complete(EXIT_LEADERSHIP_LOST);
    } else {
      LOG.error("{}: the leader election ended", options.identity(), error);
      exit.complete(EXIT_ELECTION_FAILED);
    }
  }

  private void stopLoop() {
    if (loop != null) {
      loop.close();
      loop = null;
    }
  }

  /** Blocks until the process should end: leadership lost, election failed, or {@link #close()}; the exit code. */
  public int awaitExit() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      return EXIT_ELECTION_FAILED;
    }
  }

  public boolean isLeading() {
    return leading;
  }

  /** Whether the loop runs (only while leading). */
  public synchronized boolean loopRunning() {
    return loop != null;
  }

  public synchronized int metricsPort() {
    return server.port();
  }

  /** The health line: always ok while the process runs, saying whether it leads or stands by. */
  public String health() {
    if (leading) {
      return "ok: leader " + options.identity();
    }
    String current = leader;
    return "ok: standby " + options.identity() + " (leader: " + (current == null ? "none seen yet" : current) + ")";
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Leaves the election (releasing the Lease if so configured, so a standby takes over at its next attempt),
   * stops the loop after its pass in progress and the HTTP server. The client stays open: it is the caller's.
   */
  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      running = election;
    }
    if (running != null) {
      running.cancel(true);
    }
    synchronized (this) {
      leading = false;
      stopLoop();
      if (server != null) {
        server.close();
      }
      gcMetrics.close();
      gateway.close();
      exit.complete(0);
    }
  }
}
