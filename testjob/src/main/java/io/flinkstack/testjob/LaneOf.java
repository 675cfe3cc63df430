package io.flinkstack.testjob;

import org.apache.flink.api.java.functions.KeySelector;

/** A number's lane (a class rather than a lambda, so Flink sees the key type without hints). */
final class LaneOf implements KeySelector<Long, Long> {
  private static final long serialVersionUID = 1L;
  private final int lanes;

  LaneOf(int lanes) {
    this.lanes = lanes;
  }

  @Override
  public Long getKey(Long number) {
    return number % lanes;
  }
}
