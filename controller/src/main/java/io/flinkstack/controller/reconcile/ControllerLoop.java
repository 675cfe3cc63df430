package io.flinkstack.controller.reconcile;

import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code period}, one reconcile pass over every FlinkJob, one after the other on one thread; in
 * between, another pass over each declaration that asked to be looked at again sooner
 * ({@link ReconcileResult#lookAgainAfter()}: something it started runs in Flink or Kubernetes). Passes never
 * wait inside; the loop waits between them, for the earliest re-look or the next period, whichever is first.
 *
 * <p>No leader election yet: run one replica. Two replicas would not take a savepoint twice (each
 * operation is written to the status with the resource version read, so the second writer gets a conflict
 * and stops, or finds the first one's pending operation and resumes the same trigger id), but they would
 * race for every write and double the load on the JobManagers.
 *
 * <p>After each pass the reconciler is given the whole listing ({@link Reconciler#retainOnly}): what it
 * keeps about a declaration that is no longer listed goes (its meters, its autoscaler, the Flink client of
 * a cluster no listed declaration uses). A listing that fails forgets nothing.
 */
public final class ControllerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);

  private final KubernetesGateway kubernetes;
  private final Reconciler reconciler;
  private final List<String> namespaces;
  private final Duration period;
  // When each declaration (namespace/name) asked to be looked at again; only touched on the loop's thread
  // (or by runOnce's caller when the loop is not started).
  private final Map<String, Instant> lookAgainAt = new ConcurrentHashMap<>();
  private volatile Instant nextFullPass = Instant.EPOCH;
  private volatile ScheduledExecutorService scheduler;

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
    List<FlinkJob> declarations = list();
    lookAgainAt.clear();
    List<ReconcileResult> results = run(declarations);
    reconciler.retainOnly(declarations);
    return results;
  }

  /**
   * One pass over the declarations that asked to be looked at again by now ({@link
   * ReconcileResult#lookAgainAfter()}); none when none did.
   */
  public List<ReconcileResult> runDue() {
    Instant now = Instant.now();
    Set<String> due = new HashSet<>();
    lookAgainAt.forEach((key, at) -> {
      if (!at.isAfter(now)) {
        due.add(key);
      }
    });
    if (due.isEmpty()) {
      return List.of();
    }
    // Taken off first: one deleted meanwhile must not stay due for ever.
    due.forEach(lookAgainAt::remove);
    List<FlinkJob> declarations = list();
    List<ReconcileResult> results = run(declarations.stream().filter(declaration -> due.contains(Reconciler.key(declaration))).toList());
    reconciler.retainOnly(declarations);
    return results;
  }

  /** How long until a declaration asked to be looked at again; empty when none did. */
  public Optional<Duration> untilNextLookAgain() {
    Instant now = Instant.now();
    return lookAgainAt.values().stream().min(Instant::compareTo)
        .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  private List<FlinkJob> list() {
    List<FlinkJob> declarations = new ArrayList<>();
    if (namespaces.isEmpty()) {
      declarations.addAll(kubernetes.listFlinkJobs(Optional.empty()));
    }
    for (String namespace : namespaces) {
      declarations.addAll(kubernetes.listFlinkJobs(Optional.of(namespace)));
    }
    return declarations;
  }

  private List<ReconcileResult> run(List<FlinkJob> declarations) {
    List<ReconcileResult> results = new ArrayList<>();
    for (FlinkJob declaration : declarations) {
      String key = Reconciler.key(declaration);
      try {
        ReconcileResult result = reconciler.reconcile(declaration);
        results.add(result);
        if (result.lookAgainAfter() != null) {
          lookAgainAt.put(key, Instant.now().plus(result.lookAgainAfter()));
        }
      } catch (RuntimeException e) {
        LOG.error("reconciling {} failed", key, e);
      }
    }
    return results;
  }

  /**
   * Runs {@link #runOnce()} every period, and {@link #runDue()} whenever a declaration's re-look comes first
   * (one thread, each run scheduled after the last ended: a slow pass is never overlapped), until {@link #close()}.
   */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "flinkstack-controller-loop");
      thread.setDaemon(true);
      return thread;
    });
    // close() ends the pass in progress, not the next one scheduled.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    nextFullPass = Instant.EPOCH;
    scheduler = executor;
    executor.schedule(this::tick, 0, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      Instant now = Instant.now();
      if (!now.isBefore(nextFullPass)) {
        nextFullPass = now.plus(period);
        runOnce();
      } else {
        runDue();
      }
    } catch (RuntimeException e) {
      // Listing failed (API server away): try again next time rather than end the schedule.
      LOG.error("controller pass failed", e);
    } finally {
      scheduleNext();
    }
  }

  // Not synchronized: close() holds the lock while it waits for the pass in progress to end.
  private void scheduleNext() {
    ScheduledExecutorService current = scheduler;
    if (current == null || current.isShutdown()) {
      return;
    }
    Duration untilFull = Duration.between(Instant.now(), nextFullPass);
    Duration delay = untilNextLookAgain().filter(relook -> relook.compareTo(untilFull) < 0).orElse(untilFull);
    try {
      current.schedule(this::tick, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
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
