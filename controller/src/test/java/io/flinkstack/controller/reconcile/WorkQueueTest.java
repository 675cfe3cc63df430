package io.flinkstack.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final WorkQueue queue = new WorkQueue(Duration.ofSeconds(1), Duration.ofSeconds(5), now::get);

  private Optional<String> takeNow() {
    return Optional.of(queue.poll().orElse("<none due>"));
  }

  @Test
  void aKeyIsQueuedOnceAtTheEarliestTimeAskedFor() throws Exception {
    queue.add("flink/a", Duration.ofSeconds(10));
    queue.add("flink/a", Duration.ofSeconds(2));
    queue.add("flink/a", Duration.ofSeconds(30));
    assertThat(queue.size()).isEqualTo(1);
    assertThat(takeNow()).contains("<none due>");

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(takeNow()).contains("flink/a");
    assertThat(queue.size()).isZero();
  }

  @Test
  void aKeyBeingWorkedOnIsNotHandedOutAgainUntilDone() throws Exception {
    queue.add("flink/a", Duration.ZERO);
    queue.add("flink/b", Duration.ofMillis(1));
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(takeNow()).contains("flink/a");

    queue.add("flink/a", Duration.ZERO);
    assertThat(takeNow()).as("a is being worked on; b is next").contains("flink/b");
    assertThat(takeNow()).as("a again only after done").contains("<none due>");

    queue.done("flink/a");
    assertThat(takeNow()).contains("flink/a");
  }

  @Test
  void failuresBackOffDoublingUpToTheMaximumAndDoneResetsThem() throws Exception {
    queue.add("flink/a", Duration.ZERO);
    assertThat(takeNow()).contains("flink/a");
    assertThat(queue.failed("flink/a")).isEqualTo(Duration.ofSeconds(1));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(takeNow()).contains("flink/a");
    assertThat(queue.failed("flink/a")).isEqualTo(Duration.ofSeconds(2));
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(takeNow()).contains("flink/a");
    assertThat(queue.failed("flink/a")).isEqualTo(Duration.ofSeconds(4));
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(takeNow()).contains("flink/a");
    assertThat(queue.failed("flink/a")).as("capped").isEqualTo(Duration.ofSeconds(5));
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(takeNow()).contains("flink/a");
    queue.done("flink/a");
    queue.add("flink/a", Duration.ZERO);
    assertThat(takeNow()).contains("flink/a");
    assertThat(queue.failed("flink/a")).as("afresh after a success").isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aChangedKeyGoesAheadOfABacklogOfDueKeys() {
    queue.add("flink/a", Duration.ZERO);
    queue.add("flink/b", Duration.ofSeconds(1));
    now.addAndGet(Duration.ofSeconds(30).toNanos());   // both overdue: the workers fell behind
    queue.addUrgent("flink/z");
    queue.addUrgent("flink/b");
    assertThat(queue.size()).isEqualTo(3);

    assertThat(takeNow()).contains("flink/z");
    assertThat(takeNow()).contains("flink/b");
    assertThat(takeNow()).contains("flink/a");
  }

  @Test
  void aRemovedKeyIsNotHandedOutAndShutDownEndsEveryTake() throws Exception {
    queue.add("flink/a", Duration.ZERO);
    queue.remove("flink/a");
    assertThat(takeNow()).contains("<none due>");

    CompletableFuture<Optional<String>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    queue.shutDown();
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isEmpty();
    queue.add("flink/b", Duration.ZERO);
    assertThat(queue.take()).as("shut down: nothing more").isEmpty();
  }
}
