package io.flinkstack.controller.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Keys (a FlinkJob's {@code namespace/name}) due at a time, taken by worker threads, each key by one worker at a time:
 * the work queue of client-go's controllers, small enough to write here (fabric8 has informers but no queue; JOSDK's
 * queue comes with its whole reconciler framework).
 *
 * <ul>
 *   <li>A key is in the queue at most once, at the earliest time it was added for: a burst of changes to one object is
 *       one reconcile.</li>
 *   <li>{@link #addUrgent} (an object changed) puts a key ahead of every key that is merely due: when the workers fall
 *       behind the periodic looks, a change does not wait behind them.</li>
 *   <li>A key being worked on is not handed to another worker; added meanwhile, it is due again after {@link #done}.</li>
 *   <li>{@link #failed} re-adds a key after a delay doubling from {@code initialBackoff} up to {@code maxBackoff} per
 *       consecutive failure (the rate limit that keeps a broken object from spinning a worker); {@link #done} resets it.</li>
 * </ul>
 */
public final class WorkQueue {
  private record Entry(long due, String key) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : key.compareTo(other.key);
    }
  }

  private static final long URGENT_AHEAD = java.util.concurrent.TimeUnit.HOURS.toNanos(1);

  private final TreeSet<Entry> queue = new TreeSet<>();
  private final Map<String, Entry> queued = new HashMap<>();
  private final Set<String> working = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final LongSupplier nanoTime;
  private boolean shutDown;
  private long urgentSequence;

  public WorkQueue(Duration initialBackoff, Duration maxBackoff) {
    this(initialBackoff, maxBackoff, System::nanoTime);
  }

  WorkQueue(Duration initialBackoff, Duration maxBackoff, LongSupplier nanoTime) {
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.nanoTime = nanoTime;
  }

  /** Makes {@code key} due after {@code delay}, unless it is due sooner already. */
  public synchronized void add(String key, Duration delay) {
    long due = nanoTime.getAsLong() + Math.max(0, delay.toNanos());
    Entry existing = queued.get(key);
    if (existing == null || existing.due() - due > 0) {
      put(key, due);
    }
  }

  /**
   * Makes {@code key} due now, ahead of every key merely due (overdue periodic looks): a change of an object is what
   * someone waits for, so it must not queue behind a backlog of routine work when the workers fall behind.
   */
  public synchronized void addUrgent(String key) {
    // Before anything due by the clock: due times of routine entries are never an hour in the past by much.
    // Urgent keys in the order they came: each a nanosecond after the one before.
    put(key, nanoTime.getAsLong() - URGENT_AHEAD + (urgentSequence++ % URGENT_AHEAD));
  }

  /** Queues {@code key} at {@code due}, in place of where it was. */
  private void put(String key, long due) {
    Entry existing = queued.get(key);
    if (existing != null) {
      queue.remove(existing);
    }
    Entry entry = new Entry(due, key);
    queue.add(entry);
    queued.put(key, entry);
    notifyAll();
  }

  /** Takes {@code key} out of the queue (its object is gone); a worker on it finishes. */
  public synchronized void remove(String key) {
    Entry existing = queued.remove(key);
    if (existing != null) {
      queue.remove(existing);
    }
    failures.remove(key);
  }

  /**
   * The next due key that no worker has, waiting for one; empty once {@link #shutDown}. The caller must call {@link
   * #done} or {@link #failed} with it.
   */
  public synchronized Optional<String> take() throws InterruptedException {
    while (!shutDown) {
      Entry next = next();
      long waitNanos = next == null ? Long.MAX_VALUE : next.due() - nanoTime.getAsLong();
      if (next != null && waitNanos <= 0) {
        return Optional.of(hand(next));
      }
      wait(Math.max(1, Math.min(waitNanos / 1_000_000 + 1, 60_000)));
    }
    return Optional.empty();
  }

  /** {@link #take} without waiting: the next due key no worker has, if any. */
  synchronized Optional<String> poll() {
    Entry next = next();
    return next != null && next.due() - nanoTime.getAsLong() <= 0 && !shutDown ? Optional.of(hand(next)) : Optional.empty();
  }

  private Entry next() {
    for (Entry entry : queue) {
      if (!working.contains(entry.key())) {
        return entry;
      }
    }
    return null;
  }

  private String hand(Entry next) {
    queue.remove(next);
    queued.remove(next.key());
    working.add(next.key());
    return next.key();
  }

  /** The worker is done with {@code key}; a later failure starts its backoff afresh. */
  public synchronized void done(String key) {
    working.remove(key);
    failures.remove(key);
    notifyAll();
  }

  /** The worker failed on {@code key}: it is due again after its backoff. @return that backoff */
  public synchronized Duration failed(String key) {
    working.remove(key);
    int count = failures.merge(key, 1, Integer::sum);
    Duration backoff = initialBackoff.multipliedBy(1L << Math.min(count - 1, 20));
    if (backoff.compareTo(maxBackoff) > 0) {
      backoff = maxBackoff;
    }
    add(key, backoff);
    return backoff;
  }

  /** Keys waiting (due or not), not counting those being worked on. */
  public synchronized int size() {
    return queue.size();
  }

  /** Ends every {@link #take}, now and later. */
  public synchronized void shutDown() {
    shutDown = true;
    notifyAll();
  }
}
