package io.flinkstack.controller.testing;

import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.flink.FlinkRestClient;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for conditions the REST client has no await for (checkpoint counts, committed output). */
public final class Await {
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  public static <T> T until(Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T value = read.get();
    while (!done.test(value)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still " + value + " after " + TIMEOUT);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = read.get();
    }
    return value;
  }

  public static void completedCheckpointsAbove(FlinkRestClient flink, String jobId, long count) {
    until(() -> flink.checkpoints(jobId).counts().completed(), completed -> completed > count);
  }

  public static void committedRecords(SequenceJobDriver job, long records) {
    until(() -> ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records(), committed -> committed >= records);
  }
}
