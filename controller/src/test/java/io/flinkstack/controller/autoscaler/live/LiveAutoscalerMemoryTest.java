package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.controller.testing.MovableClock;
import static io.flinkstack.controller.autoscaler.live.FlinkMetricsStandIn.MAP;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.AutoscalerMemory;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.status.RuntimeStatusJson;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A restarted controller's autoscaler goes on from the memory in the status ({@link AutoscalerMemory}): a new
 * {@link LiveAutoscaler} given it decides when the old one would have and keeps a pending scale-down's wait. Flink is
 * {@link FlinkMetricsStandIn} (a job {@code source → map} whose map is at 10 % utilization, so a scale-down 4 → 2 is
 * recommended and, after its 5 min grace and 3 evaluations, done); a pass every 15 s of a clock the test moves. Every
 * memory handed back goes through the status' JSON before the next autoscaler reads it, as through the FlinkJob.
 */
class LiveAutoscalerMemoryTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final String NEXT_JOB = "fedcba9876543210fedcba9876543210";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(15);
  /** act mode; window 2 min, a decision every minute, a scale-down after 5 min and 3 evaluations in a row. */
  private static final AutoscalerDeclaration DECLARED = new AutoscalerDeclaration(true, AutoscalerDeclaration.MODE_ACT,
      null, null, null, null, "2 min", "1 min", null, "5 min", 3, null, null, null, null);

  /**
   * The controller's side without Kubernetes, as {@code AutoscalerRunner} does it: the memory in the status is given
   * to every pass, and what a pass hands back is written (here: through the status' JSON).
   */
  private static final class Controller {
    final MovableClock clock = new MovableClock(T0);
    final FlinkMetricsStandIn flink;
    final FlinkRestClient client;
    final List<String> decisions = new ArrayList<>();
    final List<Instant> memoryWrites = new ArrayList<>();
    final List<Instant> decisionTimes = new ArrayList<>();
    final List<Duration> windows = new ArrayList<>();
    LiveAutoscaler autoscaler;
    AutoscalerMemory status;
    String jobId = JOB;

    Controller() throws Exception {
      flink = new FlinkMetricsStandIn(clock, JOB, T0.minus(Duration.ofMinutes(10)));
      client = flink.client();
      autoscaler = newAutoscaler();
    }

    LiveAutoscaler newAutoscaler() {
      return new LiveAutoscaler(client, DECLARED, 4, null, null, clock);
    }

    /** A new controller: a new autoscaler with nothing in memory. */
    void restart() {
      autoscaler = newAutoscaler();
    }

    /** Passes every 15 s until {@code until} (inclusive), from the clock's time. */
    void passUntil(Duration until) {
      while (!clock.instant().isAfter(T0.plus(until))) {
        pass();
        clock.advance(STEP);
      }
    }

    void pass() {
      LiveAutoscaler.Result result = autoscaler.pass(null, jobId, status);
      result.memory().ifPresent(memory -> {
        status = throughTheStatus(memory);
        memoryWrites.add(clock.instant());
      });
      result.decision().ifPresent(d -> {
        decisionTimes.add(d.time());
        decisions.add(describe(d));
        windows.add(Duration.between(d.windowStart(), d.windowEnd()));
      });
    }

    void close() {
      flink.close();
    }
  }

  private static AutoscalerMemory throughTheStatus(AutoscalerMemory memory) {
    RuntimeStatus status = StatusEdit.of(RuntimeStatus.initial(null)).autoscaler(memory).build();
    RuntimeStatus read = RuntimeStatusJson.read(RuntimeStatusJson.write(status));
    assertThat(read).isEqualTo(status);
    return read.autoscaler();
  }

  private static String describe(ScalingDecisionRecord d) {
    return d.time() + " " + d.action() + " " + d.vertices().stream()
        .map(v -> v.vertexId() + " " + v.from() + "→" + v.to() + " " + v.reason() + ": " + v.explanation())
        .collect(Collectors.joining(" | "));
  }

  private static Duration at(int minutes, int seconds) {
    return Duration.ofMinutes(minutes).plusSeconds(seconds);
  }

  private static Instant t(int minutes, int seconds) {
    return T0.plus(at(minutes, seconds));
  }

  /** One controller from 0:00 to 7:00, with a restart (and the status' memory, or none) at each time given. */
  private static Controller run(boolean memory, Duration... restarts) throws Exception {
    Controller controller = new Controller();
    for (Duration restart : restarts) {
      controller.passUntil(restart.minus(STEP));
      controller.restart();
      if (!memory) {
        controller.status = null;
      }
    }
    controller.passUntil(at(7, 0));
    controller.close();
    return controller;
  }

  @Test
  void aRestartedControllerDecidesWhenTheOldOneWouldHaveAndKeepsThePendingScaleDown() throws Exception {
    Controller reference = run(true);
    // Restarted with the window half full (1:00), and with a scale-down pending since 2:00 (3:30).
    Controller restarted = run(true, at(1, 0), at(3, 30));

    // The uninterrupted controller: a decision every minute from 2:00 (a full window), the scale-down pending from
    // then, done at 7:00 (grace over, 6 evaluations).
    assertThat(reference.decisionTimes).containsExactly(t(2, 0), t(3, 0), t(4, 0), t(5, 0), t(6, 0), t(7, 0));
    assertThat(reference.decisions.get(1)).contains("SCALE_DOWN_DELAYED", "recommended 2× since " + t(2, 0));
    assertThat(reference.decisions.get(5)).contains(" rescaled ", MAP + " 4→2 SCALE_DOWN");
    assertThat(reference.flink.rescales()).containsExactly(t(7, 0) + " {" + MAP + "=2, " + FlinkMetricsStandIn.SOURCE + "=1}");

    // The restarted one: the same decisions at the same times, the same rescale.
    assertThat(restarted.decisions).isEqualTo(reference.decisions);
    assertThat(restarted.flink.rescales()).isEqualTo(reference.flink.rescales());
    // Its windows may be longer than declared (the stored start is not moved on every sample), never shorter.
    assertThat(restarted.windows).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMinutes(2)));

    // The memory is written at the first sample and with every decision, not on the passes between (29 passes).
    assertThat(reference.memoryWrites).containsExactly(T0, t(2, 0), t(3, 0), t(4, 0), t(5, 0), t(6, 0), t(7, 0));
    assertThat(restarted.memoryWrites).isEqualTo(reference.memoryWrites);
  }

  @Test
  void withoutTheMemoryARestartedControllerDecidesAWindowLaterAndThePendingScaleDownStartsAgain() throws Exception {
    // What a restart cost before the memory was in the status: what the test above rules out.
    Controller forgetful = run(false, at(3, 30));

    assertThat(forgetful.decisionTimes).containsExactly(t(2, 0), t(3, 0), t(5, 30), t(6, 30));
    assertThat(forgetful.decisions.get(2)).contains("recommended 1× since " + t(5, 30));
    assertThat(forgetful.flink.rescales()).isEmpty();
  }

  @Test
  void thePendingScaleDownAndTheWindowStartAreWhatTheStatusHolds() throws Exception {
    Controller controller = new Controller();
    controller.passUntil(at(3, 15));
    controller.close();

    AutoscalerMemory memory = controller.status;
    assertThat(memory.jobId()).isEqualTo(JOB);
    assertThat(memory.lastEvaluation()).isEqualTo(t(3, 0));
    assertThat(memory.lastRescaleAt()).isNull();
    assertThat(memory.pendingScaleDowns()).containsOnlyKeys(MAP);
    assertThat(memory.pendingScaleDowns().get(MAP)).isEqualTo(new AutoscalerMemory.PendingScaleDown(t(2, 0), 2, 2));
    // The start of the window the next decision (4:00) looks at: the sample of 2:00.
    assertThat(memory.windowStart().at()).isEqualTo(t(2, 0));
    AutoscalerMemory.Vertex source = memory.windowStart().vertices().get(0);
    assertThat(source.busyMs()).as("a legacy source's busy time, NaN in Flink").isNull();
    assertThat(source.recordsIn()).isEqualTo(FlinkMetricsStandIn.RATE * 12 * 60);
    assertThat(memory.windowStart().vertices().get(1).inputs())
        .containsExactly(new AutoscalerMemory.Input(FlinkMetricsStandIn.SOURCE, "REBALANCE", null));
    JobSample sample = AutoscalerMemories.sample(JOB, memory.windowStart());
    assertThat(sample.vertices().get(FlinkMetricsStandIn.SOURCE).busyMs()).isNaN();
    assertThat(sample.topology().verticesInTopologicalOrder()).containsExactly(FlinkMetricsStandIn.SOURCE, MAP);
  }

  @Test
  void anotherJobsMemoryIsIgnored() throws Exception {
    Controller controller = new Controller();
    controller.passUntil(at(3, 15)); // a scale-down pending since 2:00
    AutoscalerMemory old = controller.status;
    assertThat(old.pendingScaleDowns()).isNotEmpty();

    // The job is replaced (an upgrade: a new job id) while the controller restarts, at 3:30.
    controller.flink.replaceJob(NEXT_JOB);
    controller.restart();
    controller.jobId = NEXT_JOB;
    controller.pass();

    AutoscalerMemory written = controller.status;
    assertThat(written).isNotSameAs(old);
    assertThat(written.jobId()).isEqualTo(NEXT_JOB);
    assertThat(written.pendingScaleDowns()).isEmpty();
    assertThat(written.lastEvaluation()).isNull();
    assertThat(written.windowStart().at()).isEqualTo(t(3, 30));
    controller.clock.advance(STEP);
    controller.passUntil(at(7, 0));
    controller.close();

    // A whole window after the new job's first sample, and its scale-down waits from then.
    List<Instant> decided = controller.decisionTimes.stream().filter(t -> t.isAfter(t(3, 15))).toList();
    assertThat(decided).containsExactly(t(5, 30), t(6, 30));
    assertThat(controller.decisions.get(2)).contains("recommended 1× since " + t(5, 30));
  }

  @Test
  void aStoredWindowTheJobDoesNotContinueStartsAgainButTheStateIsKeptAsInMemory() throws Exception {
    // Flink restarted the job (its counters went back) while the controller restarted: the stored window is of the
    // run before; the pending scale-down is the job's still, as an uninterrupted controller keeps it.
    Controller uninterrupted = new Controller();
    uninterrupted.passUntil(at(3, 15));
    uninterrupted.flink.restartJob();
    uninterrupted.passUntil(at(7, 0));
    uninterrupted.close();

    Controller restarted = new Controller();
    restarted.passUntil(at(3, 15));
    restarted.flink.restartJob();
    restarted.restart();
    restarted.passUntil(at(7, 0));
    restarted.close();

    assertThat(uninterrupted.decisionTimes).containsExactly(t(2, 0), t(3, 0), t(5, 30), t(6, 30));
    assertThat(uninterrupted.decisions.get(2)).contains("recommended 3× since " + t(2, 0));
    assertThat(restarted.decisions).isEqualTo(uninterrupted.decisions);
    // The new window's start is written when it starts (3:30), not kept from the run before.
    assertThat(uninterrupted.memoryWrites).containsExactly(T0, t(2, 0), t(3, 0), t(3, 30), t(5, 30), t(6, 30));
    assertThat(restarted.memoryWrites).isEqualTo(uninterrupted.memoryWrites);
  }

  @Test
  void aWindowStartFromBeforeALongOutageIsNotUsedTheStateIs() throws Exception {
    Controller controller = new Controller();
    controller.passUntil(at(3, 15));
    // Down for 10 minutes: the stored start (2:00) is older than window + max(window, interval) = 4 min.
    controller.clock.advance(Duration.ofMinutes(10));
    controller.restart();
    controller.pass();

    AutoscalerMemory written = controller.status;
    assertThat(written.windowStart().at()).isEqualTo(t(13, 30));
    assertThat(written.pendingScaleDowns().get(MAP)).isEqualTo(new AutoscalerMemory.PendingScaleDown(t(2, 0), 2, 2));
    controller.clock.advance(STEP);
    controller.passUntil(at(16, 0));
    controller.close();

    Set<Instant> after = controller.decisionTimes.stream().filter(t -> t.isAfter(t(3, 15))).collect(Collectors.toSet());
    assertThat(after).containsExactly(t(15, 30));
    // The scale-down pending since 2:00 is confirmed by a whole new window: grace over, third evaluation, done.
    assertThat(controller.decisions.get(controller.decisions.size() - 1)).contains(" rescaled ");
  }

  @Test
  void aPassWithoutTheStatusDecidesAsBefore() throws Exception {
    Controller controller = new Controller();
    List<Instant> decided = new ArrayList<>();
    while (!controller.clock.instant().isAfter(t(3, 0))) {
      controller.autoscaler.pass(null, JOB).ifPresent(d -> decided.add(d.time()));
      controller.clock.advance(STEP);
    }
    controller.close();

    assertThat(decided).containsExactly(t(2, 0), t(3, 0));
  }
}
