package io.flinkstack.controller.autoscaler;

import static io.flinkstack.controller.autoscaler.Jobs.T0;
import static io.flinkstack.controller.autoscaler.Jobs.minutes;
import static io.flinkstack.controller.autoscaler.Jobs.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed decisions. Unless a test says otherwise: target utilization 0.7, band 0.4..1.0, catch-up
 * 600 s, no restart cost, ×4 up / ÷2 down, scale-down after 30 min and 3 evaluations (see {@link Jobs}).
 * A vertex needs capacity {@code max(target / u, target + catchUp + restartCatchUp)}.
 */
class AutoscalerTest {

  private static final JobTopology SOURCE_TO_MAP = JobTopology.builder()
      .edge("source", "map", Partitioning.REBALANCE).build();
  private static final JobTopology SOURCE_KEYBY_MAP = JobTopology.builder()
      .edge("source", "map", Partitioning.HASH).build();
  private static final JobTopology SOURCE_ONLY = JobTopology.builder().vertex("source").build();

  private static ScalingDecision decide(AutoscalerSettings settings, JobTopology topology, MetricsWindow window) {
    return new Autoscaler(settings).evaluate(topology, window, AutoscalerState.initial(), window.end());
  }

  /**
   * The map is saturated and holds the source back. Source: reads 2000 rec/s, backlog grows 1000 rec/s →
   * 3000 arrive; 60 000 pending / 600 s = 100 rec/s catch-up. Map: 2000 rec/s over 2 subtasks at busy 1.0 →
   * 1000 per subtask, capacity 2000.
   */
  private static MetricsWindow overloadedMap(Instant end) {
    return window(end,
        "source", VertexMetrics.builder(1).busy(0.25).backPressured(0.75).records(2000, 2000)
            .backlog(60_000, 1000).build(),
        "map", VertexMetrics.builder(2).busy(1.0).records(2000, 2000).build());
  }

  @Nested
  class ScaleUp {
    @Test
    void anOverloadedVertexGetsWhatItsTargetRateNeeds() {
      ScalingDecision d = decide(Jobs.settings(), SOURCE_TO_MAP, overloadedMap(T0));

      VertexDecision map = d.vertex("map");
      // capacity 2000 < max(3000 / 1.0, 3000 + 100) = 3100 → overloaded (demanded utilization 3100/2000 = 1.55)
      assertThat(map.recommendation().band()).isEqualTo(UtilizationBand.OVERLOADED);
      assertThat(map.inputs().demandedUtilization()).isCloseTo(1.55, within(1e-9));
      // needs max(3000 / 0.7 = 4285.7, 3100) = 4285.7 rec/s; / 1000 per subtask = 4.29 → 5
      assertThat(map.recommendation().requiredExact()).isCloseTo(4.2857, within(1e-4));
      assertThat(map.from()).isEqualTo(2);
      assertThat(map.to()).isEqualTo(5);
      assertThat(map.reason()).isEqualTo(DecisionReason.SCALE_UP);
      // The source could read 2000 / 1 / 0.25 = 8000 rec/s: 4285.7 / 8000 = 0.54 → 1, as it is.
      assertThat(d.vertex("source").to()).isEqualTo(1);
      assertThat(d.vertex("source").reason()).isEqualTo(DecisionReason.AT_TARGET);

      assertThat(d.rescale()).isTrue();
      assertThat(d.parallelism()).containsEntry("source", 1).containsEntry("map", 5);
      // One slot-sharing group: the widest vertex (5) sets the slots; 5 slots / 2 per TaskManager → 3.
      assertThat(d.slotsNeeded()).isEqualTo(5);
      assertThat(d.taskManagersNeeded(2)).isEqualTo(3);
      assertThat(d.nextState().lastRescaleAt()).isEqualTo(T0);
      assertThat(map.describe()).startsWith("map 2 → 5 SCALE_UP: demand 3000 rec/s + catch-up 100 rec/s")
          .contains("needs max(3000/0.70, 3000 + 100) / 1000 = 4.29 → 5");
    }

    @Test
    void theScaleUpFactorCapsOneStep() {
      // ×2 at most: 5 > floor(2 × 2) = 4 → 4.
      ScalingDecision d = decide(Jobs.settings().withMaxFactors(2, 2), SOURCE_TO_MAP, overloadedMap(T0));
      assertThat(d.vertex("map").to()).isEqualTo(4);
      assertThat(d.vertex("map").explanation()).contains("4.29 → 5, max factor → 4");
    }

    @Test
    void vertexAndOverallMaximaCapIt() {
      // map at most 4: 5 → 4.
      assertThat(decide(Jobs.settings().withVertexBounds("map", 1, 4), SOURCE_TO_MAP, overloadedMap(T0))
          .vertex("map").to()).isEqualTo(4);
      // every vertex at most 3: 5 → 3.
      assertThat(decide(Jobs.settings().withMaxParallelism(3), SOURCE_TO_MAP, overloadedMap(T0))
          .vertex("map").to()).isEqualTo(3);
    }
  }

  @Nested
  class Alignment {
    @Test
    void aKeyedVertexMovesToADivisorOfItsKeyGroups() {
      // Same numbers behind a keyBy, max parallelism 128: 5 → first divisor of 128 from 5 up:
      // 128 % 5 = 3, % 6 = 2, % 7 = 2, % 8 = 0 → 8. Five subtasks would own 26 or 25 key groups each, so the
      // 26-group ones would pace the vertex; eight own 16 each.
      ScalingDecision d = decide(Jobs.settings(), SOURCE_KEYBY_MAP, overloadedMap(T0));
      assertThat(d.vertex("map").to()).isEqualTo(8);
      assertThat(d.vertex("map").explanation()).contains("4.29 → 5, aligned to 8 (divides 128 key groups)");
      // Without alignment: 5.
      assertThat(decide(Jobs.settings().withAlignment(false), SOURCE_KEYBY_MAP, overloadedMap(T0))
          .vertex("map").to()).isEqualTo(5);
    }

    @Test
    void anAlignedVertexDoesNotScaleDownToANonDivisor() {
      // map: 6300 rec/s over 16 subtasks at busy 0.39375 → 6300 / 16 / 0.39375 = 1000 per subtask, capacity 16 000.
      // Under-used: 16 000 > max(6300 / 0.4, 6300) = 15 750. Needs 6300 / 0.7 = 9000 → 9.00 → 9; but the first
      // divisor of 128 in 9..16 is 16 itself → stays 16: no pending scale-down, nothing to flap between.
      ScalingDecision d = decide(Jobs.settings(), SOURCE_KEYBY_MAP, window(T0,
          "source", VertexMetrics.builder(1).busy(0.7875).records(6300, 6300).backlog(0, 0).build(),
          "map", VertexMetrics.builder(16).busy(0.39375).records(6300, 6300).build()));
      VertexDecision map = d.vertex("map");
      assertThat(map.recommendation().band()).isEqualTo(UtilizationBand.UNDER_USED);
      assertThat(map.recommendation().requiredExact()).isCloseTo(9.0, within(1e-9));
      assertThat(map.to()).isEqualTo(16);
      assertThat(map.reason()).isEqualTo(DecisionReason.AT_TARGET);
      assertThat(d.nextState().pendingScaleDowns()).isEmpty();
    }

    /** The source alone: 12 partitions, {@code readers} subtasks busy 1.0 reading {@code read} rec/s, a growing backlog. */
    private ScalingDecision decideFullyBusyTwelvePartitionSource(int readers, double read, double pending, double growth) {
      return decide(Jobs.settings(), SOURCE_ONLY, window(T0,
          "source", VertexMetrics.builder(readers).sourcePartitions(12).busy(1.0).records(read, read).backlog(pending, growth).build()));
    }

    @Test
    void aSourceMovesToADivisorOfItsPartitions() {
      // Source with 12 partitions at parallelism 2 and busy 1.0 reads 4000 rec/s → 2000 per subtask, capacity
      // 4000; its backlog grows 2000 rec/s → 6000 arrive; 120 000 pending / 600 s = 200 rec/s catch-up.
      // Needs max(6000 / 0.7 = 8571.4, 6200) / 2000 = 4.29 → 5; 12 % 5 = 2, 12 % 6 = 0 → 6 (2 partitions each).
      ScalingDecision d = decideFullyBusyTwelvePartitionSource(2, 4000, 120_000, 2000);
      assertThat(d.vertex("source").to()).isEqualTo(6);
    }

    @Test
    void aSourceNeverGetsMoreReadersThanPartitions() {
      // 8 readers × 2000 = 16 000 rec/s read, backlog +4000 → 20 000 arrive, 240 000 / 600 = 400 catch-up.
      // Needs max(20 000 / 0.7 = 28 571.4, 20 400) / 2000 = 14.29 → 15; ×4 allows 32; at most 12 partitions → 12.
      ScalingDecision d = decideFullyBusyTwelvePartitionSource(8, 16_000, 240_000, 4000);
      assertThat(d.vertex("source").to()).isEqualTo(12);
      assertThat(d.vertex("source").explanation()).contains("14.29 → 15, bounds 1..12 → 12");
    }
  }

  @Nested
  class Backlog {
    /**
     * The source is its own bottleneck and catching up: 2 subtasks at busy 1.0 read 4000 rec/s (2000 each,
     * capacity 4000) while the backlog shrinks 1600 rec/s → 4000 − 1600 = 2400 arrive.
     */
    private MetricsWindow catchingUp(double pending) {
      return window(T0, "source", VertexMetrics.builder(2).busy(1.0).records(4000, 4000)
          .backlog(pending, pending > 0 ? -1600 : 0).build());
    }

    @Test
    void aBacklogThatWouldNotDrainInTimeScalesUp() {
      // 1 200 000 pending / 600 s = 2000 rec/s catch-up. At 4000 − 2400 = 1600 rec/s it would take 750 s > 600 s:
      // capacity 4000 < max(2400, 2400 + 2000) = 4400 → overloaded.
      // Needs max(2400 / 0.7 = 3428.6, 4400) = 4400 → / 2000 = 2.2 → 3.
      ScalingDecision d = decide(Jobs.settings(), SOURCE_ONLY, catchingUp(1_200_000));
      assertThat(d.vertex("source").recommendation().band()).isEqualTo(UtilizationBand.OVERLOADED);
      assertThat(d.vertex("source").recommendation().requiredExact()).isCloseTo(2.2, within(1e-9));
      assertThat(d.vertex("source").to()).isEqualTo(3);
    }

    @Test
    void withoutTheBacklogTheSameRateNeedsNoChange() {
      // No backlog: arrival = read = 4000 (growth 0); needs max(4000 / 0.7 = 5714.3, 4000) / 2000 = 2.86 → 3, but
      // 4000 ≥ 4000 / 1.0 is within the band → no restart for it.
      ScalingDecision d = decide(Jobs.settings(), SOURCE_ONLY, catchingUp(0));
      assertThat(d.vertex("source").recommendation().band()).isEqualTo(UtilizationBand.WITHIN);
      assertThat(d.vertex("source").to()).isEqualTo(2);
      assertThat(d.vertex("source").reason()).isEqualTo(DecisionReason.WITHIN_BAND);
    }

    @Test
    void theRestartItselfAddsBacklogToCatchUp() {
      // Restart estimate 10 min: 2400 rec/s × 600 s arrive meanwhile, to drain within 600 s → +2400 rec/s.
      // Needs max(3428.6, 2400 + 2000 + 2400 = 6800) / 2000 = 3.4 → 4.
      ScalingDecision d = decide(Jobs.settings().withRestartTime(Duration.ofMinutes(10)), SOURCE_ONLY,
          catchingUp(1_200_000));
      assertThat(d.vertex("source").recommendation().requiredExact()).isCloseTo(3.4, within(1e-9));
      assertThat(d.vertex("source").to()).isEqualTo(4);
      assertThat(d.vertex("source").explanation()).contains("max(2400/0.70, 2400 + 2000 + restart 2400)");
    }
  }

  @Nested
  class WithinBand {
    @Test
    void aBusyButCopingVertexIsLeftAlone() {
      // map: 3600 rec/s over 4 at busy 0.9 → 1000 per subtask, capacity 4000. Overloaded only below 3600 / 1.0,
      // under-used only above 3600 / 0.4 = 9000 → within. It alone would want 3600 / 0.7 = 5142.9 → 6, but a
      // restart for a vertex that keeps up is not worth it: nothing changes.
      ScalingDecision d = decide(Jobs.settings(), SOURCE_TO_MAP, window(T0,
          "source", VertexMetrics.builder(1).busy(0.45).records(3600, 3600).backlog(0, 0).build(),
          "map", VertexMetrics.builder(4).busy(0.9).records(3600, 3600).build()));
      assertThat(d.vertex("map").recommendation().band()).isEqualTo(UtilizationBand.WITHIN);
      assertThat(d.vertex("map").recommendation().parallelism()).isEqualTo(6);
      assertThat(d.vertex("map").to()).isEqualTo(4);
      assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.WITHIN_BAND);
      assertThat(d.rescale()).isFalse();
      assertThat(d.nextState().lastRescaleAt()).isNull();
    }

    @Test
    void aDueScaleDownInsideTheBandWaitsForARestartThatHappensAnyway() {
      // map: 2000 rec/s over 4 at busy 0.5 → capacity 4000, under-used only above 2000 / 0.4 = 5000 → within.
      // Wants 2000 / 0.7 = 2857 → 3. After 30 min and 4 evaluations the scale-down is due, but no vertex is
      // outside the band → still 4.
      Autoscaler autoscaler = new Autoscaler(Jobs.settings());
      AutoscalerState state = AutoscalerState.initial();
      ScalingDecision d = null;
      for (int m = 0; m <= 30; m += 10) {
        d = autoscaler.evaluate(SOURCE_TO_MAP, window(minutes(m),
            "source", VertexMetrics.builder(1).busy(0.25).records(2000, 2000).backlog(0, 0).build(),
            "map", VertexMetrics.builder(4).busy(0.5).records(2000, 2000).build()), state, minutes(m));
        state = d.nextState();
      }
      assertThat(d.vertex("map").to()).isEqualTo(4);
      assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.WITHIN_BAND);
      assertThat(state.pendingScaleDowns().get("map").evaluations()).isEqualTo(4);
    }
  }

  @Nested
  class DelayedScaleDown {
    /**
     * map: {@code rate} rec/s over 8 subtasks at busy rate / 8000 → 1000 per subtask, capacity 8000. The source
     * reads the same at busy rate / 8000 → 8000 per subtask (needs 1, has 1).
     */
    private MetricsWindow load(Instant end, double rate) {
      return window(end,
          "source", VertexMetrics.builder(1).busy(rate / 8000).records(rate, rate).backlog(0, 0).build(),
          "map", VertexMetrics.builder(8).busy(rate / 8000).records(rate, rate).build());
    }

    @Test
    void waitsForTheGracePeriodAndEnoughEvaluations() {
      // 1600 rec/s: capacity 8000 > max(1600 / 0.4, 1600) = 4000 → under-used. Needs max(1600 / 0.7 = 2285.7,
      // 1600) / 1000 = 2.29 → 3; ÷2 at most: ceil(8 / 2) = 4 → 4.
      Autoscaler autoscaler = new Autoscaler(Jobs.settings());
      AutoscalerState state = AutoscalerState.initial();
      for (int m : new int[] {0, 10, 20}) {
        ScalingDecision d = autoscaler.evaluate(SOURCE_TO_MAP, load(minutes(m), 1600), state, minutes(m));
        assertThat(d.vertex("map").reason()).as("minute %d", m).isEqualTo(DecisionReason.SCALE_DOWN_DELAYED);
        assertThat(d.vertex("map").to()).isEqualTo(8);
        assertThat(d.rescale()).isFalse();
        state = d.nextState();
      }
      assertThat(state.pendingScaleDowns().get("map")).isEqualTo(new PendingScaleDown(T0, 3, 4));
      // 30 min after the first recommendation, 4 evaluations in a row → done.
      ScalingDecision d = autoscaler.evaluate(SOURCE_TO_MAP, load(minutes(30), 1600), state, minutes(30));
      assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.SCALE_DOWN);
      assertThat(d.vertex("map").to()).isEqualTo(4);
      assertThat(d.nextState()).isEqualTo(AutoscalerState.initial().rescaledAt(minutes(30)));
    }

    @Test
    void evaluationsCountToo() {
      // Grace period over at minute 30, but only 2 evaluations (3 needed) → still waiting.
      Autoscaler autoscaler = new Autoscaler(Jobs.settings());
      ScalingDecision first = autoscaler.evaluate(SOURCE_TO_MAP, load(T0, 1600), AutoscalerState.initial(), T0);
      ScalingDecision second = autoscaler.evaluate(SOURCE_TO_MAP, load(minutes(30), 1600), first.nextState(),
          minutes(30));
      assertThat(second.vertex("map").reason()).isEqualTo(DecisionReason.SCALE_DOWN_DELAYED);
    }

    /** Evaluations of the source → map job at minutes 0, 10, 20, …, one per rate; the last one's decision. */
    private ScalingDecision everyTenMinutes(Autoscaler autoscaler, double... rates) {
      AutoscalerState state = AutoscalerState.initial();
      ScalingDecision d = null;
      for (int i = 0; i < rates.length; i++) {
        d = autoscaler.evaluate(SOURCE_TO_MAP, load(minutes(10L * i), rates[i]), state, minutes(10L * i));
        state = d.nextState();
      }
      return d;
    }

    @Test
    void takesTheHighestParallelismRecommendedDuringTheWait() {
      // ÷4 allowed, so the recommendations are not clamped: 1600 rec/s → 2.29 → 3;
      // 2400 rec/s → max(2400 / 0.7 = 3428.6, 2400) / 1000 = 3.43 → 4 (capacity 8000 > 2400 / 0.4 = 6000: still
      // under-used). Minutes 0, 10, 20, 30 recommend 3, 4, 3, 3 → done at minute 30 with 4.
      Autoscaler autoscaler = new Autoscaler(Jobs.settings().withMaxFactors(4, 4));
      ScalingDecision d = everyTenMinutes(autoscaler, 1600, 2400, 1600, 1600);
      assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.SCALE_DOWN);
      assertThat(d.vertex("map").to()).isEqualTo(4);
    }

    @Test
    void restartsTheWaitWhenTheLoadComesBack() {
      // Minute 10: 5600 rec/s → needs 5600 / 0.7 = 8000 → 8.00 → 8 = current: the wait is over, it starts
      // again at minute 20 and is not due at minute 30.
      Autoscaler autoscaler = new Autoscaler(Jobs.settings());
      ScalingDecision d = everyTenMinutes(autoscaler, 1600, 5600, 1600, 1600);
      assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.SCALE_DOWN_DELAYED);
      assertThat(d.nextState().pendingScaleDowns().get("map").since()).isEqualTo(minutes(20));
    }

    @Test
    void aMinimumBoundStopsIt() {
      // map at least 6: the due 8 → 4 becomes 8 → 6.
      Autoscaler autoscaler = new Autoscaler(Jobs.settings().withVertexBounds("map", 6, 64));
      ScalingDecision d = everyTenMinutes(autoscaler, 1600, 1600, 1600, 1600);
      assertThat(d.vertex("map").to()).isEqualTo(6);
      assertThat(d.vertex("map").explanation()).contains("max factor → 4, bounds 6..64 → 6");
    }
  }

  @Test
  void aParallelismOutsideItsBoundsIsCorrectedWithoutWaiting() {
    // map runs at 10 but may have at most 8. 5000 rec/s at busy 0.5 → capacity 10 000, within the band
    // (under-used only above 5000 / 0.4 = 12 500); wants 5000 / 0.7 = 7142.9 → 8 → 8, at once: bounds are orders.
    ScalingDecision d = decide(Jobs.settings().withVertexBounds("map", 1, 8), SOURCE_TO_MAP, window(T0,
        "source", VertexMetrics.builder(1).busy(0.625).records(5000, 5000).backlog(0, 0).build(),
        "map", VertexMetrics.builder(10).busy(0.5).records(5000, 5000).build()));
    assertThat(d.vertex("map").to()).isEqualTo(8);
    assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.SCALE_DOWN);
  }

  @Nested
  class Stabilization {
    private final AutoscalerState justRescaled = AutoscalerState.initial().rescaledAt(T0);
    private final Autoscaler autoscaler = new Autoscaler(Jobs.settings());

    @Test
    void nothingIsDecidedDuringTheStabilizationInterval() {
      // Rescaled at T0, stabilization 5 min: at minute 3 nothing is decided, even for an overloaded map.
      ScalingDecision d = autoscaler.evaluate(SOURCE_TO_MAP, overloadedMap(minutes(3)), justRescaled, minutes(3));
      assertThat(d.vertices()).extracting(VertexDecision::reason).containsOnly(DecisionReason.STABILIZING);
      assertThat(d.rescale()).isFalse();
      assertThat(d.nextState()).isEqualTo(justRescaled);
    }

    @Test
    void aWindowReachingBackIntoTheIntervalIsNotTrusted() {
      // At minute 9 the 5-min window starts at minute 4, before the job settled at minute 5.
      assertThat(autoscaler.evaluate(SOURCE_TO_MAP, overloadedMap(minutes(9)), justRescaled, minutes(9))
          .vertex("map").reason()).isEqualTo(DecisionReason.STABILIZING);
      // At minute 10 it starts at minute 5: decided (2 → 5 as in ScaleUp).
      ScalingDecision d = autoscaler.evaluate(SOURCE_TO_MAP, overloadedMap(minutes(10)), justRescaled, minutes(10));
      assertThat(d.vertex("map").to()).isEqualTo(5);
      assertThat(d.nextState().lastRescaleAt()).isEqualTo(minutes(10));
    }
  }

  @Test
  void multiVertexPropagationFixesTheNextBottleneckInTheSameStep() {
    // source → map (emits 2 per record) → sink, all at parallelism 1.
    // source: reads 1000, backlog +500 → 1500 arrive; 30 000 / 600 = 50 catch-up; true rate 1000 / 0.25 = 4000.
    // map: 1000 in at busy 1.0 → 1000 per subtask, target 1500 × (1000 / 1000) = 1500, catch-up 50.
    //   capacity 1000 < max(1500, 1550) → overloaded; needs max(1500 / 0.7 = 2142.9, 1550) / 1000 = 2.14 → 3.
    // sink: 2000 in at busy 0.5 → 4000 per subtask, but must take 1500 × 2 = 3000 (+100 catch-up) once the map
    //   keeps up: within the band today (4000 ≥ 3100), needs max(3000 / 0.7 = 4285.7, 3100) / 4000 = 1.07 → 2.
    //   The job restarts for the map anyway, so the sink moves too instead of becoming the next bottleneck.
    // source: needs 2142.9 / 4000 = 0.54 → 1.
    JobTopology topology = JobTopology.builder()
        .edge("source", "map", Partitioning.REBALANCE)
        .edge("map", "sink", Partitioning.REBALANCE)
        .build();
    ScalingDecision d = decide(Jobs.settings(), topology, window(T0,
        "source", VertexMetrics.builder(1).busy(0.25).backPressured(0.75).records(1000, 1000)
            .backlog(30_000, 500).build(),
        "map", VertexMetrics.builder(1).busy(1.0).records(1000, 2000).build(),
        "sink", VertexMetrics.builder(1).busy(0.5).records(2000, 0).build()));

    assertThat(d.parallelism()).containsExactly(
        org.assertj.core.api.Assertions.entry("source", 1),
        org.assertj.core.api.Assertions.entry("map", 3),
        org.assertj.core.api.Assertions.entry("sink", 2));
    assertThat(d.vertex("map").reason()).isEqualTo(DecisionReason.SCALE_UP);
    assertThat(d.vertex("sink").recommendation().band()).isEqualTo(UtilizationBand.WITHIN);
    assertThat(d.vertex("sink").reason()).isEqualTo(DecisionReason.SCALE_UP);
    assertThat(d.vertex("sink").inputs().targetInputRate()).isCloseTo(3000, within(1e-9));
    // Widest vertex 3 → 3 slots → 2 TaskManagers of 2 slots.
    assertThat(d.slotsNeeded()).isEqualTo(3);
    assertThat(d.taskManagersNeeded(2)).isEqualTo(2);
  }

  @Test
  void aVertexWithoutBusyTimeIsKeptAndDoesNotTrigger() {
    // Legacy sources report no busy time: no true rate, no decision for it.
    ScalingDecision d = decide(Jobs.settings(), SOURCE_ONLY, window(T0,
        "source", VertexMetrics.builder(3).records(1000, 1000).build()));
    assertThat(d.vertex("source").reason()).isEqualTo(DecisionReason.NO_METRICS);
    assertThat(d.rescale()).isFalse();
  }
}
