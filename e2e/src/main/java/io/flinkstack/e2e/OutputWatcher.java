package io.flinkstack.e2e;

import io.flinkstack.testjob.ExactlyOnceChecker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the sequence job's committed output (what {@link ExactlyOnceChecker} reads) every few tens of
 * milliseconds and remembers when the committed record count grew: the longest time without growth around an
 * upgrade is how long the job delivered nothing ({@code gap_s} of the benches).
 */
public final class OutputWatcher implements AutoCloseable {
  private record Growth(Instant time, long records) {}

  private final Path output;
  private final int lanes;
  private final List<Growth> growth = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public OutputWatcher(Path output, int lanes, Duration every) {
    this.output = output;
    this.lanes = lanes;
    this.thread = new Thread(() -> {
      long last = -1;
      while (running) {
        long records = records();
        if (records > last) {
          synchronized (growth) {
            growth.add(new Growth(Instant.now(), records));
          }
          last = records;
        }
        try {
          Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "output-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Committed records now (files still being renamed are read on the next look). */
  public long records() {
    try {
      return ExactlyOnceChecker.checkPrefixes(output, lanes).records();
    } catch (RuntimeException e) {
      // A part file renamed between listing and reading: count again next time.
      return -1;
    }
  }

  /**
   * The longest interval without a newly committed record that overlaps {@code [from, to]}: from the last
   * growth at or before {@code from} to the first after it, and so on up to the first growth after {@code to}.
   */
  public Duration longestGap(Instant from, Instant to) {
    List<Growth> seen;
    synchronized (growth) {
      seen = List.copyOf(growth);
    }
    Duration longest = Duration.ZERO;
    for (int i = 1; i < seen.size(); i++) {
      Instant previous = seen.get(i - 1).time();
      Instant next = seen.get(i).time();
      if (next.isAfter(from) && !previous.isAfter(to)) {
        Duration gap = Duration.between(previous, next);
        if (gap.compareTo(longest) > 0) {
          longest = gap;
        }
      }
    }
    return longest;
  }

  /** When the committed output first reached {@code records} after {@code since}. */
  public Instant firstGrowthAfter(Instant since) {
    synchronized (growth) {
      return growth.stream().map(Growth::time).filter(time -> time.isAfter(since)).findFirst().orElse(null);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
