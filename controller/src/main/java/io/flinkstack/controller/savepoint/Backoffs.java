package io.flinkstack.controller.savepoint;

import io.flinkstack.contract.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * Exponential backoff after failures: {@code initial}, then doubling, at most {@code max}. A failing
 * savepoint must not be retried in a tight loop (each attempt costs the job a checkpoint-sized write).
 */
public record Backoffs(Duration initial, Duration max) {

  /** The backoff after one more failure. */
  public Backoff next(Backoff previous, Instant now) {
    int failures = previous == null ? 1 : previous.failures() + 1;
    Duration wait = initial;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return new Backoff(failures, now.plus(wait.compareTo(max) > 0 ? max : wait));
  }

  public static boolean holdsBack(Backoff backoff, Instant now) {
    return backoff != null && now.isBefore(backoff.retryAt());
  }
}
