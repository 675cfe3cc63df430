package io.flinkstack.controller.autoscaler;

import java.time.Instant;
import java.util.Objects;

/**
 * A scale-down that has been recommended without interruption since {@code since}, by {@code evaluations}
 * evaluations in a row. When it is finally done, the vertex gets {@code highestRecommended}: the largest
 * parallelism asked for during the wait, so a quiet last minute cannot take capacity the job needed ten
 * minutes ago.
 */
public record PendingScaleDown(Instant since, int evaluations, int highestRecommended) {

  public PendingScaleDown {
    Objects.requireNonNull(since, "since");
    if (evaluations < 1 || highestRecommended < 1) {
      throw new IllegalArgumentException("evaluations and highestRecommended must be >= 1");
    }
  }

  static PendingScaleDown first(Instant now, int recommended) {
    return new PendingScaleDown(now, 1, recommended);
  }

  PendingScaleDown recommendedAgain(int recommended) {
    return new PendingScaleDown(since, evaluations + 1, Math.max(highestRecommended, recommended));
  }
}
