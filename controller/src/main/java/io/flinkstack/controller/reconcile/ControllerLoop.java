package io.flinkstack.controller.reconcile;

import io.flinkstack.controller.kubernetes.ConfigMapSnapshot;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code period}, one reconcile pass over every declaration, one after the other on one thread.
 *
 * <p>No leader election yet: run one replica. Two replicas would not take a savepoint twice (each
 * operation is written to the status with the resource version read, so the second writer gets a conflict
 * and stops, or finds the first one's pending operation and resumes the same trigger id), but they would
 * race for every write and double the load on the JobManagers.
 */
public final class ControllerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);

  private final KubernetesGateway kubernetes;
  private final Reconciler reconciler;
  private final List<String> namespaces;
  private final Duration period;
  private ScheduledExecutorService scheduler;

  /** @param namespace the namespace to watch, or empty for all */
  public ControllerLoop(KubernetesGateway kubernetes, Reconciler reconciler, Optional<String> namespace, Duration period) {
    this(kubernetes, reconciler, namespace.map(List::of).orElse(List.of()), period);
  }

  /**
   * @param namespaces the namespaces to watch (one LIST each, so no cluster-wide read permission is needed),
   *     or none for all
   */
  public ControllerLoop(KubernetesGateway kubernetes, Reconciler reconciler, List<String> namespaces, Duration period) {
    this.kubernetes = kubernetes;
    this.reconciler = reconciler;
    this.namespaces = List.copyOf(namespaces);
    this.period = period;
  }

  /**
   * One pass over all declarations. A declaration whose pass fails is logged and skipped; the others still
   * get theirs.
   */
  public List<ReconcileResult> runOnce() {
    List<ConfigMapSnapshot> declarations = new ArrayList<>();
    if (namespaces.isEmpty()) {
      declarations.addAll(kubernetes.listDeclarations(Optional.empty()));
    }
    for (String namespace : namespaces) {
      declarations.addAll(kubernetes.listDeclarations(Optional.of(namespace)));
    }
    List<ReconcileResult> results = new ArrayList<>();
    for (ConfigMapSnapshot declaration : declarations) {
      try {
        results.add(reconciler.reconcile(declaration));
      } catch (RuntimeException e) {
        LOG.error("reconciling {}/{} failed", declaration.namespace(), declaration.name(), e);
      }
    }
    return results;
  }

  /** Runs {@link #runOnce()} every period (fixed delay: a slow pass is never overlapped) until {@link #close()}. */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "flinkstack-controller-loop");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::runSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // Listing failed (API server away): try again next period rather than end the schedule.
      LOG.error("controller pass failed", e);
    }
  }

  /** Stops after the pass in progress, waiting up to a minute for it. */
  @Override
  public synchronized void close() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    scheduler = null;
  }
}
