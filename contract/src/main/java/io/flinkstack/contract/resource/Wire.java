package io.flinkstack.contract.resource;

/** Patterns the schemas of the custom resources share. */
final class Wire {
  private Wire() {}

  /** A DNS-1123 label, as Kubernetes object names of Services and StatefulSets must be. */
  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /**
   * A Flink duration as Flink's {@code TimeUtils} reads it: a whole number and a unit, with or without a space ({@code
   * 30 s}, {@code 10 min}, {@code 1 h}, {@code 7 d}); without a unit, milliseconds.
   */
  static final String FLINK_DURATION = "^[0-9]+ *(d|days?|h|hours?|min|m|minutes?|s|secs?|seconds?|ms|millis?"
      + "|milliseconds?|µs|micros?|microseconds?|ns|nanos?|nanoseconds?)?$";
}
