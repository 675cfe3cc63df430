package io.flinkstack.controller.autoscaler;

import java.util.Locale;

/**
 * One vertex in a {@link ScalingDecision}: {@code from → to}, why, and the numbers it rests on.
 *
 * @param recommendation what the vertex's load alone asks for; null while stabilizing
 */
public record VertexDecision(
    String vertexId, int from, int to, DecisionReason reason, String explanation, VertexEvaluation inputs,
    VertexRecommendation recommendation) {

  public boolean changes() {
    return from != to;
  }

  /** One line: {@code enrich 4 → 8 SCALE_UP: …}. */
  public String describe() {
    return String.format(Locale.ROOT, "%s %d → %d %s: %s", vertexId, from, to, reason, explanation);
  }
}
