package io.flinkstack.controller.autoscaler;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the autoscaler remembers between evaluations; persisted by the caller (e.g. in the job's status) and
 * passed back in. Every evaluation returns the next state in {@link ScalingDecision#nextState()}.
 *
 * @param lastRescaleAt when the job was last rescaled (by the autoscaler or anyone else); null if never
 * @param pendingScaleDowns per vertex, a scale-down waiting for its grace period
 */
public record AutoscalerState(Instant lastRescaleAt, Map<String, PendingScaleDown> pendingScaleDowns) {

  public AutoscalerState {
    pendingScaleDowns = Map.copyOf(pendingScaleDowns);
  }

  public static AutoscalerState initial() {
    return new AutoscalerState(null, Map.of());
  }

  public Optional<Instant> lastRescale() {
    return Optional.ofNullable(lastRescaleAt);
  }

  /** After a rescale at {@code at}: pending scale-downs are forgotten, since the metrics they rest on are stale. */
  public AutoscalerState rescaledAt(Instant at) {
    return new AutoscalerState(at, Map.of());
  }
}
