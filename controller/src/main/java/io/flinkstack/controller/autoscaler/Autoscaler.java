package io.flinkstack.controller.autoscaler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides the parallelism of every vertex of a running job from one metrics window, DS2 style: a pure
 * function of (topology, metrics, settings, remembered state, now) — no I/O and no clock of its own.
 *
 * <ol>
 *   <li>Right after a rescale nothing is decided: the metrics window must start after the stabilization
 *       interval.
 *   <li>{@link RateEvaluator}: per vertex the rate it must sustain (sources' arrival + backlog catch-up,
 *       carried downstream through output ratios) and the rate it could sustain (true rate from useful
 *       time).
 *   <li>{@link ParallelismRecommender}: per vertex the parallelism that runs the target rate at the target
 *       utilization, clamped by max factors and bounds, aligned to key groups / partitions.
 *   <li>Scale-downs wait: they are done only when recommended without interruption for the grace period and
 *       a minimum number of evaluations, at the highest parallelism recommended meanwhile.
 *   <li>The band gate: the job is rescaled only if some changing vertex is outside the utilization band (or
 *       its bounds). Then every vertex moves to its recommendation at once, since the restart is paid
 *       anyway; otherwise nothing moves.
 * </ol>
 */
public final class Autoscaler {

  private final AutoscalerSettings settings;

  public Autoscaler(AutoscalerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public AutoscalerSettings settings() {
    return settings;
  }

  public ScalingDecision evaluate(JobTopology topology, MetricsWindow window, AutoscalerState state, Instant now) {
    Map<String, VertexEvaluation> evaluations = RateEvaluator.evaluate(topology, window, settings);
    if (state.lastRescaleAt() != null) {
      Instant settled = state.lastRescaleAt().plus(settings.stabilizationInterval());
      if (now.isBefore(settled) || window.start().isBefore(settled)) {
        return stabilizing(evaluations, state, now, settled);
      }
    }

    Map<String, PendingScaleDown> pending = new HashMap<>(state.pendingScaleDowns());
    Map<String, VertexRecommendation> recommendations = new LinkedHashMap<>();
    Map<String, Integer> proposals = new LinkedHashMap<>();
    Map<String, String> delayNotes = new HashMap<>();
    for (VertexEvaluation evaluation : evaluations.values()) {
      String vertex = evaluation.vertexId();
      VertexRecommendation recommendation = ParallelismRecommender.recommend(evaluation, window.of(vertex),
          topology.isSource(vertex), topology.hasKeyedInput(vertex), settings);
      recommendations.put(vertex, recommendation);
      if (recommendation.isScaleDown() && !recommendation.outOfBounds()) {
        PendingScaleDown waiting = pending.containsKey(vertex)
            ? pending.get(vertex).recommendedAgain(recommendation.parallelism())
            : PendingScaleDown.first(now, recommendation.parallelism());
        pending.put(vertex, waiting);
        if (graceOver(waiting, now)) {
          proposals.put(vertex, waiting.highestRecommended());
          delayNotes.put(vertex, "recommended " + waiting.evaluations() + " times in a row since " + waiting.since()
              + ", highest " + waiting.highestRecommended());
        } else {
          proposals.put(vertex, recommendation.current());
          delayNotes.put(vertex, "scale-down to " + recommendation.parallelism() + " waits: recommended "
              + waiting.evaluations() + "× since " + waiting.since() + ", needs " + settings.scaleDownGracePeriod()
              + " and " + settings.scaleDownMinEvaluations() + " evaluations");
        }
      } else {
        // Anything but a scale-down interrupts the wait: the load came back.
        pending.remove(vertex);
        proposals.put(vertex, recommendation.parallelism());
      }
    }

    boolean triggered = recommendations.entrySet().stream().anyMatch(e -> {
      VertexRecommendation r = e.getValue();
      return proposals.get(e.getKey()) != r.current() && (r.band().isOutside() || r.outOfBounds());
    });
    List<VertexDecision> decisions = new ArrayList<>();
    for (VertexEvaluation evaluation : evaluations.values()) {
      String vertex = evaluation.vertexId();
      VertexRecommendation r = recommendations.get(vertex);
      int proposed = proposals.get(vertex);
      int to = triggered ? proposed : r.current();
      DecisionReason reason = reasonFor(r, proposed, to, delayNotes.containsKey(vertex));
      String explanation = delayNotes.containsKey(vertex) ? r.reasoning() + "; " + delayNotes.get(vertex)
          : r.reasoning();
      if (reason == DecisionReason.WITHIN_BAND) {
        explanation += "; no vertex is outside the band, so the job is not restarted for " + proposed;
      }
      decisions.add(new VertexDecision(vertex, r.current(), to, reason, explanation, evaluation, r));
    }
    AutoscalerState next = triggered ? state.rescaledAt(now) : new AutoscalerState(state.lastRescaleAt(), pending);
    return new ScalingDecision(now, decisions, next);
  }

  private boolean graceOver(PendingScaleDown waiting, Instant now) {
    return !now.isBefore(waiting.since().plus(settings.scaleDownGracePeriod()))
        && waiting.evaluations() >= settings.scaleDownMinEvaluations();
  }

  private static DecisionReason reasonFor(VertexRecommendation r, int proposed, int to, boolean scaleDownPending) {
    if (to > r.current()) {
      return DecisionReason.SCALE_UP;
    }
    if (to < r.current()) {
      return DecisionReason.SCALE_DOWN;
    }
    if (r.band() == UtilizationBand.UNKNOWN && proposed == r.current()) {
      return DecisionReason.NO_METRICS;
    }
    if (proposed != r.current()) {
      return DecisionReason.WITHIN_BAND;
    }
    return scaleDownPending ? DecisionReason.SCALE_DOWN_DELAYED : DecisionReason.AT_TARGET;
  }

  private static ScalingDecision stabilizing(Map<String, VertexEvaluation> evaluations, AutoscalerState state,
      Instant now, Instant settled) {
    List<VertexDecision> decisions = new ArrayList<>();
    for (VertexEvaluation evaluation : evaluations.values()) {
      decisions.add(new VertexDecision(evaluation.vertexId(), evaluation.parallelism(), evaluation.parallelism(),
          DecisionReason.STABILIZING, "rescaled at " + state.lastRescaleAt() + "; only metrics from " + settled
              + " on are trusted", evaluation, null));
    }
    return new ScalingDecision(now, decisions, state);
  }
}
