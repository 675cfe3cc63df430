package io.flinkstack.controller.reconcile;

import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.kubernetes.InformedKubernetesGateway;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Reconciler} over the FlinkJobs of its namespaces, two ways.
 *
 * <p><b>Started</b> ({@link #start}): event-driven, on {@code workers} threads. A {@link WorkQueue} holds each FlinkJob's
 * key with the time it is due; a worker takes a due key, reads the object (from the informer cache when the gateway is
 * an {@link InformedKubernetesGateway}), reconciles it and puts the key back: after the time the pass asked for
 * ({@link ReconcileResult#lookAgainAfter()}: something it started runs in Flink or Kubernetes), else after {@code
 * period} (to observe the job in Flink: periodic savepoints, failures, the autoscaler's metrics). A change of the
 * FlinkJob, or of a StatefulSet or pod of its cluster, makes the key due at once. No pass waits inside; a key is never
 * worked on by two workers at once; a pass that throws puts its key back after a growing backoff. Every {@code period}
 * the gateway's listing (the cache: no request) adds keys not seen yet and lets the reconciler forget the ones gone
 * ({@link Reconciler#retainOnly}).
 *
 * <p><b>Not started</b>: {@link #runOnce} (one pass over every FlinkJob, in order, on the caller's thread) and {@link
 * #runDue} (those that asked to be looked at again by now): for {@code --once} and for tests that step the controller.
 *
 * <p>No leader election here: {@code ControllerProcess} starts the loop only while it holds the Lease. Two loops would
 * not take a savepoint twice (each operation is written to the status with the resource version read, so the second
 * writer gets a conflict and stops, or finds the first one's pending operation and resumes the same trigger id), but
 * they would race for every write and double the load on the JobManagers.
 */
public final class ControllerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);
  /** After a lost status race: the object changed, its informer event is on the way; look soon. */
  private static final Duration AFTER_CONFLICT = Duration.ofMillis(500);

  private final KubernetesGateway kubernetes;
  private final Reconciler reconciler;
  private final List<String> namespaces;
  private final Duration period;
  private final int workers;
  // When each FlinkJob (namespace/name) asked to be looked at again; only for runOnce/runDue.
  private final Map<String, Instant> lookAgainAt = new ConcurrentHashMap<>();
  private volatile WorkQueue queue;
  private volatile ScheduledExecutorService lister;
  private final List<Thread> workerThreads = new ArrayList<>();
  private Runnable stopListening = () -> {};

  /** @param namespace the namespace to watch, or empty for all */
  public ControllerLoop(KubernetesGateway kubernetes, Reconciler reconciler, Optional<String> namespace, Duration period) {
    this(kubernetes, reconciler, namespace.map(List::of).orElse(List.of()), period);
  }

  /** With {@link ControllerSettings#DEFAULT_WORKERS} workers. */
  public ControllerLoop(KubernetesGateway kubernetes, Reconciler reconciler, List<String> namespaces, Duration period) {
    this(kubernetes, reconciler, namespaces, period, ControllerSettings.DEFAULT_WORKERS);
  }

  /**
   * @param namespaces the namespaces to watch (one LIST each, so no cluster-wide read permission is needed),
   *     or none for all
   * @param workers how many FlinkJobs are reconciled at once when started
   */
  public ControllerLoop(KubernetesGateway kubernetes, Reconciler reconciler, List<String> namespaces, Duration period, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    this.kubernetes = kubernetes;
    this.reconciler = reconciler;
    this.namespaces = List.copyOf(namespaces);
    this.period = period;
    this.workers = workers;
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
   * Starts the workers and the periodic listing (see the class comment), until {@link #close()}. With an {@link
   * InformedKubernetesGateway}, its informers must be started (or be started next) by the caller.
   */
  public synchronized void start() {
    if (queue != null) {
      throw new IllegalStateException("already started");
    }
    WorkQueue work = new WorkQueue(Duration.ofSeconds(1), Duration.ofMinutes(5));
    queue = work;
    if (kubernetes instanceof InformedKubernetesGateway informed) {
      stopListening = informed.onChange(work::addUrgent);
    }
    for (int i = 0; i < workers; i++) {
      Thread thread = new Thread(() -> work(work), "flinkstack-controller-worker-" + i);
      thread.setDaemon(true);
      workerThreads.add(thread);
      thread.start();
    }
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "flinkstack-controller-lister");
      thread.setDaemon(true);
      return thread;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    lister = executor;
    boolean[] first = {true};
    executor.scheduleWithFixedDelay(() -> {
      try {
        List<FlinkJob> listed = list();
        for (FlinkJob job : listed) {
          // The first listing makes every key due now; later ones only add keys missed (each key puts itself back).
          work.add(Reconciler.key(job), first[0] ? Duration.ZERO : period);
        }
        first[0] = false;
        reconciler.retainOnly(listed);
      } catch (RuntimeException e) {
        // Listing failed (API server away): try again next period rather than end the schedule.
        LOG.error("listing the FlinkJobs failed", e);
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void work(WorkQueue work) {
    while (true) {
      Optional<String> taken;
      try {
        taken = work.take();
      } catch (InterruptedException e) {
        return;
      }
      if (taken.isEmpty()) {
        return;
      }
      String key = taken.get();
      try {
        Duration next = reconcile(key);
        work.done(key);
        if (next != null) {
          work.add(key, next);
        } else {
          work.remove(key);
        }
      } catch (RuntimeException e) {
        Duration backoff = work.failed(key);
        LOG.error("reconciling {} failed; again in {}", key, backoff, e);
      }
    }
  }

  /** One pass over the FlinkJob {@code key}; when to look again (null: it is gone). */
  private Duration reconcile(String key) {
    int slash = key.indexOf('/');
    ReconcileResult result = reconciler.reconcile(key.substring(0, slash), key.substring(slash + 1));
    if (result.outcome() == ReconcileResult.Outcome.GONE) {
      return null;
    }
    if (result.outcome() == ReconcileResult.Outcome.CONFLICT) {
      return AFTER_CONFLICT;
    }
    Duration after = result.lookAgainAfter();
    return after != null && after.compareTo(period) < 0 ? after : period;
  }

  /** Keys waiting in the started loop's queue (0 when not started). */
  public int queued() {
    WorkQueue work = queue;
    return work == null ? 0 : work.size();
  }

  /** Stops after the passes in progress, waiting up to a minute for them. */
  @Override
  public synchronized void close() {
    if (queue == null) {
      return;
    }
    stopListening.run();
    queue.shutDown();
    lister.shutdown();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try {
      lister.awaitTermination(1, TimeUnit.MINUTES);
      for (Thread thread : workerThreads) {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lister.shutdownNow();
    workerThreads.clear();
    queue = null;
  }
}
