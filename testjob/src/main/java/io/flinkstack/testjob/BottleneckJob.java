package io.flinkstack.testjob;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A load job for the autoscaler: {@code rate-source} (records at the rate written in a file, reports its
 * backlog as {@code pendingRecords}) → keyBy → {@code bottleneck} (a fixed capacity per subtask) → rebalance
 * → {@code sink} (discards). Not exactly-once anything: it exists to be too slow in one known place.
 *
 * <p>Arguments: {@code --rate-file FILE} (required: a number, records per second over all source subtasks;
 * re-read every 200 ms, so writing a new number changes the load while the job runs), {@code --capacity C}
 * records per second one bottleneck subtask handles (200), {@code --payload B} bytes per record (1000: big
 * records fill network buffers quickly, so back-pressure shows within seconds rather than minutes),
 * {@code --keys K} distinct keys (1024), {@code --checkpoint-interval MS} (1000; the source's backlog survives
 * a rescale through its checkpointed state).
 */
public final class BottleneckJob {
  public static final String NAME = "flinkstack-bottleneck";
  public static final String SOURCE = "rate-source";
  public static final String BOTTLENECK = "bottleneck";
  public static final String SINK = "sink";

  private BottleneckJob() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = new JobArguments(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(arguments.longValue("checkpoint-interval", 1000));
    long keys = arguments.longValue("keys", 1024);

    env.addSource(new RateFileSource(arguments.required("rate-file"), (int) arguments.longValue("payload", 1000)), SOURCE)
        .uid(SOURCE)
        .keyBy(record -> record.sequence % keys)
        .map(new FixedCapacity(arguments.doubleValue("capacity", 200)))
        .uid(BOTTLENECK)
        .name(BOTTLENECK)
        .rebalance()
        .sinkTo(new DiscardingSink<>())
        .uid(SINK)
        .name(SINK);

    env.execute(NAME);
  }

  /** Passes records on at no more than {@code capacity} per second per subtask, sleeping the rest of the time. */
  static final class FixedCapacity extends RichMapFunction<LoadRecord, LoadRecord> {
    private static final long serialVersionUID = 1L;
    private final double capacity;
    private transient long nextFreeNanos;

    FixedCapacity(double capacity) {
      if (!(capacity > 0)) {
        throw new IllegalArgumentException("--capacity must be > 0, got " + capacity);
      }
      this.capacity = capacity;
    }

    @Override
    public LoadRecord map(LoadRecord record) throws Exception {
      // Each record costs 1/capacity seconds of this subtask's time; idle time is not saved up as credit.
      long now = System.nanoTime();
      nextFreeNanos = Math.max(nextFreeNanos, now) + (long) (1e9 / capacity);
      long wait = nextFreeNanos - now;
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      return record;
    }
  }
}
