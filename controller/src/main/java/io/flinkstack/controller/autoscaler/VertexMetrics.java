package io.flinkstack.controller.autoscaler;

/**
 * What one job vertex did over a metrics window, as Flink reports it (averaged over the window).
 *
 * <p>Rates are for the whole vertex (all subtasks together). Busy and back-pressured time are per subtask,
 * in milliseconds per second (0–1000) as Flink's {@code busyTimeMsPerSecond} and
 * {@code backPressuredTimeMsPerSecond}; which subtask aggregate to pass (average, or the busiest one to be
 * conservative under skew) is the caller's choice. For a source, "records in" means records read from the
 * external system.
 *
 * @param parallelism current parallelism
 * @param maxParallelism the vertex's max parallelism: its number of key groups
 * @param sourcePartitions partitions (splits) a source reads, 0 when not a source or unknown
 * @param busyTimeMsPerSecond useful time per second of a subtask; NaN when Flink has no number (legacy
 *     sources)
 * @param backPressuredTimeMsPerSecond time per second a subtask waited for its downstream
 * @param recordsInPerSecond records the vertex received (a source: read) per second
 * @param recordsOutPerSecond records the vertex emitted per second
 * @param pendingRecords a source's backlog at the end of the window (e.g. Kafka lag); NaN when the source
 *     does not report one
 * @param pendingRecordsGrowthPerSecond how fast that backlog grew over the window (negative while it
 *     shrinks); 0 when unknown
 */
public record VertexMetrics(
    int parallelism,
    int maxParallelism,
    int sourcePartitions,
    double busyTimeMsPerSecond,
    double backPressuredTimeMsPerSecond,
    double recordsInPerSecond,
    double recordsOutPerSecond,
    double pendingRecords,
    double pendingRecordsGrowthPerSecond) {

  /** Flink's smallest default max parallelism (key groups) when a job sets none. */
  public static final int DEFAULT_MAX_PARALLELISM = 128;

  public VertexMetrics {
    if (parallelism < 1 || maxParallelism < parallelism) {
      throw new IllegalArgumentException(
          "need 1 <= parallelism <= maxParallelism, got " + parallelism + " and " + maxParallelism);
    }
    if (sourcePartitions < 0) {
      throw new IllegalArgumentException("sourcePartitions must be >= 0, got " + sourcePartitions);
    }
    if (!Double.isNaN(busyTimeMsPerSecond) && (busyTimeMsPerSecond < 0 || busyTimeMsPerSecond > 1000)) {
      throw new IllegalArgumentException("busyTimeMsPerSecond must be 0..1000 or NaN, got " + busyTimeMsPerSecond);
    }
    if (backPressuredTimeMsPerSecond < 0 || backPressuredTimeMsPerSecond > 1000) {
      throw new IllegalArgumentException(
          "backPressuredTimeMsPerSecond must be 0..1000, got " + backPressuredTimeMsPerSecond);
    }
    if (!(recordsInPerSecond >= 0) || !(recordsOutPerSecond >= 0)) {
      throw new IllegalArgumentException(
          "record rates must be >= 0, got in " + recordsInPerSecond + " out " + recordsOutPerSecond);
    }
    if (pendingRecords < 0) {
      throw new IllegalArgumentException("pendingRecords must be >= 0 or NaN, got " + pendingRecords);
    }
    if (!Double.isFinite(pendingRecordsGrowthPerSecond)) {
      throw new IllegalArgumentException("pendingRecordsGrowthPerSecond must be finite");
    }
  }

  /** Busy time as a fraction of wall time, 0–1 (NaN when unknown). */
  public double busyFraction() {
    return busyTimeMsPerSecond / 1000;
  }

  public double backPressuredFraction() {
    return backPressuredTimeMsPerSecond / 1000;
  }

  public boolean reportsBacklog() {
    return !Double.isNaN(pendingRecords);
  }

  public static Builder builder(int parallelism) {
    return new Builder(parallelism);
  }

  /** Defaults: 128 key groups, not a source, busy unknown, nothing in or out, no backlog reported. */
  public static final class Builder {
    private final int parallelism;
    private int maxParallelism = DEFAULT_MAX_PARALLELISM;
    private int sourcePartitions;
    private double busyTimeMsPerSecond = Double.NaN;
    private double backPressuredTimeMsPerSecond;
    private double recordsInPerSecond;
    private double recordsOutPerSecond;
    private double pendingRecords = Double.NaN;
    private double pendingRecordsGrowthPerSecond;

    private Builder(int parallelism) {
      this.parallelism = parallelism;
    }

    public Builder maxParallelism(int keyGroups) {
      this.maxParallelism = keyGroups;
      return this;
    }

    public Builder sourcePartitions(int partitions) {
      this.sourcePartitions = partitions;
      return this;
    }

    public Builder busyTimeMsPerSecond(double busyMs) {
      this.busyTimeMsPerSecond = busyMs;
      return this;
    }

    /** Busy time given as a fraction 0–1 (Flink's "utilization" of a subtask). */
    public Builder busy(double fraction) {
      return busyTimeMsPerSecond(fraction * 1000);
    }

    public Builder backPressured(double fraction) {
      this.backPressuredTimeMsPerSecond = fraction * 1000;
      return this;
    }

    public Builder records(double inPerSecond, double outPerSecond) {
      this.recordsInPerSecond = inPerSecond;
      this.recordsOutPerSecond = outPerSecond;
      return this;
    }

    public Builder backlog(double pending, double growthPerSecond) {
      this.pendingRecords = pending;
      this.pendingRecordsGrowthPerSecond = growthPerSecond;
      return this;
    }

    public VertexMetrics build() {
      return new VertexMetrics(parallelism, maxParallelism, sourcePartitions, busyTimeMsPerSecond,
          backPressuredTimeMsPerSecond, recordsInPerSecond, recordsOutPerSecond, pendingRecords,
          pendingRecordsGrowthPerSecond);
    }
  }
}
