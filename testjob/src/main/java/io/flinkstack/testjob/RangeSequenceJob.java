package io.flinkstack.testjob;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The exactly-once job of every Flink version flinkstack accepts (1.16 … 2.x): {@link SequenceJob}'s shape — a
 * sequence source, a keyed counter, a FileSink whose part files become visible when their checkpoint completes — on
 * API all of them have (compiled against 1.20, it runs on 2.x, which dropped the {@code SourceFunction} SequenceJob
 * reads from, and on 1.16–1.18, which lack the {@code open(OpenContext)} its counter overrides).
 *
 * <p>The source is Flink's own {@link NumberSequenceSource} (FLIP-27, its reader's position checkpointed), cut into
 * {@link #RANGES} fixed ranges of {@link #SPAN} numbers ({@code [r·SPAN, (r+1)·SPAN)}) rather than one per subtask as
 * {@code fromSequence} cuts it, so that the checker knows where each range starts whatever the parallelism was: each
 * reader reads one range at a time in order, so a range's committed numbers must be a gap-free prefix of it
 * ({@link ExactlyOnceChecker#checkRanges}). A map paces it ({@code --pause-ms}, 5 by default: about 200 numbers a second
 * per reading subtask). Keyed by range, the counter writes {@code number,count}, the count being the number's place in
 * its range: keyed state restored from the wrong point shows there.
 *
 * <p>Arguments: {@code --output DIR} (required), {@code --pause-ms MS} (5), {@code --checkpoint-interval MS} (1000),
 * {@code --ranges N} ({@value #RANGES}; fewer than the parallelism leaves readers without a range, which finish),
 * {@code --fail-after N} (none: a crash loop, see {@link RangeCounter}).
 * The FileSink is in {@code flink-connector-files}, which a Flink image carries in {@code lib/} (Flink's documentation
 * of the filesystem connector), so the job jar does not.
 */
public final class RangeSequenceJob {
  public static final String NAME = "flinkstack-range-sequence";
  /** The ranges the sequence is cut into by default: as many as any run's parallelism, so every reader has one. */
  public static final int RANGES = 4;
  /** Numbers per range: more than a run reads (at 200 a second, about 150 years). */
  public static final long SPAN = 1_000_000_000_000L;

  private RangeSequenceJob() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = new JobArguments(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(arguments.longValue("checkpoint-interval", 1000));

    env.fromSource(new Ranges((int) arguments.longValue("ranges", RANGES)), WatermarkStrategy.noWatermarks(), "ranges")
        .uid("ranges")
        .map(new Pause(arguments.longValue("pause-ms", 5)))
        .uid("pause")
        .keyBy(new RangeOf())
        .process(new RangeCounter(arguments.longValue("fail-after", 0)))
        .uid("range-counter")
        .name("range-counter")
        .sinkTo(CommittedFiles.in(arguments.required("output")))
        .uid("committed-files")
        .name("committed-files");

    env.execute(NAME);
  }

  /** The range a number belongs to: {@code number / SPAN}. */
  public static long rangeOf(long number) {
    return number / SPAN;
  }

  /** Flink's sequence source, cut into the fixed ranges (its own splits, reader and checkpointing otherwise). */
  static final class Ranges extends NumberSequenceSource {
    private static final long serialVersionUID = 1L;
    private final int ranges;

    Ranges(int ranges) {
      super(0, ranges * SPAN - 1);
      this.ranges = ranges;
    }

    @Override
    protected List<NumberSequenceSplit> splitNumberRange(long from, long to, int parallelism) {
      List<NumberSequenceSplit> splits = new ArrayList<>(ranges);
      for (int range = 0; range < ranges; range++) {
        splits.add(new NumberSequenceSplit(Integer.toString(range), range * SPAN, (range + 1) * SPAN - 1));
      }
      return splits;
    }
  }

  static final class Pause implements MapFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long millis;

    Pause(long millis) {
      this.millis = millis;
    }

    @Override
    public Long map(Long value) throws Exception {
      Thread.sleep(millis);
      return value;
    }
  }

  /** A class rather than a lambda, so Flink sees the key type without hints. */
  static final class RangeOf implements KeySelector<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long getKey(Long number) {
      return rangeOf(number);
    }
  }

  /**
   * Counts the numbers seen per range in keyed state and writes {@code number,count}. The state is made on first use,
   * not in {@code open}: 1.16–1.18 call {@code open(Configuration)}, 2.x only {@code open(OpenContext)}.
   *
   * <p>With {@code --fail-after N} a crash loop: the first number of a range this job meets with no failing point in
   * its state sets one N numbers on, kept in keyed state; the number there throws every time it is met, so a restart
   * from a checkpoint (taken after the point was set) fails at the same number again and the job never gets past it,
   * as a job with a bad record or a bug does. A job upgraded from such a checkpoint without the argument ignores the
   * point it restores.
   */
  static final class RangeCounter extends KeyedProcessFunction<Long, Long, String> {
    private static final long serialVersionUID = 1L;
    private final long failAfter;
    private transient ValueState<Long> seen;
    private transient ValueState<Long> failAt;

    RangeCounter(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public void processElement(Long number, Context context, Collector<String> out) throws Exception {
      if (seen == null) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-in-range", Long.class));
      }
      Long before = seen.value();
      long count = before == null ? 1 : before + 1;
      if (failAfter > 0) {
        failIfAt(number, count);
      }
      seen.update(count);
      out.collect(number + "," + count);
    }

    private void failIfAt(long number, long count) throws Exception {
      if (failAt == null) {
        failAt = getRuntimeContext().getState(new ValueStateDescriptor<>("fail-at", Long.class));
      }
      Long at = failAt.value();
      if (at == null) {
        failAt.update(count + failAfter);
      } else if (count >= at) {
        throw new IllegalStateException("failing at number " + number + " (place " + count + " in its range), as --fail-after asks");
      }
    }
  }
}
