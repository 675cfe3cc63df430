package io.flinkstack.harness.simulation;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Records per second arriving at the source (e.g. produced into Kafka): a base rate, one step by
 * {@code stepFactor} at {@code stepAt}, a slow wave and per-second noise. Deterministic: the noise of a
 * second depends only on the seed and the second.
 */
public record LoadProfile(
    double baseRate, double stepFactor, Duration stepAt, double waveAmplitude, Duration wavePeriod, double noise,
    long seed) {

  public LoadProfile {
    if (!(baseRate > 0) || !(stepFactor > 0) || !(waveAmplitude >= 0) || !(noise >= 0)
        || waveAmplitude + noise >= 1 || wavePeriod.isZero() || wavePeriod.isNegative()) {
      throw new IllegalArgumentException("invalid load profile");
    }
  }

  public double rateAt(long second) {
    double level = second >= stepAt.toSeconds() ? baseRate * stepFactor : baseRate;
    double wave = waveAmplitude * Math.sin(2 * Math.PI * second / wavePeriod.toSeconds());
    double jitter = noise * (2 * new SplittableRandom(seed * 1_000_003L + second).nextDouble() - 1);
    return level * (1 + wave) * (1 + jitter);
  }
}
