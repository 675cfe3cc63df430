package io.flinkstack.constructs.units;

import java.math.BigDecimal;

/** CPU cores as a Kubernetes quantity: whole cores as {@code 2}, fractions in millicores ({@code 500m}). */
public final class Cpu {
  private Cpu() {}

  public static String toQuantity(double cores) {
    long millis = Math.round(cores * 1000);
    if (millis % 1000 == 0) {
      return Long.toString(millis / 1000);
    }
    return millis + "m";
  }

  /** True when {@code cores} is positive and a whole number of millicores (what Kubernetes can express). */
  public static boolean isValid(double cores) {
    if (!(cores > 0) || Double.isInfinite(cores)) {
      return false;
    }
    return new BigDecimal(Double.toString(cores)).scale() <= 3;
  }
}
