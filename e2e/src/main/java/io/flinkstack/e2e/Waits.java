package io.flinkstack.e2e;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling until something holds, for the end-to-end runs (every 100 ms). */
public final class Waits {
  private Waits() {}

  /** @throws IllegalStateException with the last value seen when {@code timeout} passes first */
  public static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + value);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
      value = read.get();
    }
    return value;
  }
}
