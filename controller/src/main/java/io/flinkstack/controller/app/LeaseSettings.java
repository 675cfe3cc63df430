package io.flinkstack.controller.app;

import java.time.Duration;

/**
 * Timings of the leader election on the Lease, as Kubernetes' own controllers use them.
 *
 * @param leaseDuration how long a Lease that is not renewed still belongs to its holder: the longest a
 *     standby waits for a leader that died without releasing it
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading (less than
 *     {@code leaseDuration}, so it stops before anyone else may start)
 * @param retryPeriod time between attempts to acquire or renew
 * @param releaseOnStop whether a controller that stops (SIGTERM) releases the Lease, so that a standby takes
 *     over at its next attempt instead of after {@code leaseDuration}
 */
public record LeaseSettings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, boolean releaseOnStop) {

  public LeaseSettings {
    if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod.multipliedBy(2)) >= 0
        && !retryPeriod.isNegative() && !retryPeriod.isZero())) {
      throw new IllegalArgumentException("need leaseDuration > renewDeadline >= 2 × retryPeriod > 0, got "
          + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
    }
  }

  /** 15 s lease, 10 s renew deadline, 2 s between attempts, released on stop (client-go's defaults). */
  public static LeaseSettings defaults() {
    return new LeaseSettings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), true);
  }
}
