package io.flinkstack.testjob;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the numbers seen per lane in keyed state and writes {@code number,count}. Numbers of a lane
 * arrive in order, so the count of number n in lane l must be (n - l) / L + 1: a count that restarts
 * or skips shows that keyed state was lost or applied twice.
 *
 * <p>With a {@code failAt} number it throws on that number, every time: after each restart from a checkpoint
 * before it the job meets it again, so it loops through RESTARTING (and ends FAILED once its restart strategy
 * gives up), the crash loop a fix must be rolled out of.
 */
final class LaneCounter extends KeyedProcessFunction<Long, Long, String> {
  private static final long serialVersionUID = 1L;

  private final long failAt;
  private transient ValueState<Long> seen;

  /** @param failAt the number to fail on; {@link Long#MAX_VALUE} for none */
  LaneCounter(long failAt) {
    this.failAt = failAt;
  }

  @Override
  public void open(OpenContext context) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-in-lane", Long.class));
  }

  @Override
  public void processElement(Long number, Context context, Collector<String> out) throws Exception {
    if (number == failAt) {
      throw new IllegalStateException("failing at " + number + ", as --fail-at asks");
    }
    Long before = seen.value();
    long count = before == null ? 1 : before + 1;
    seen.update(count);
    out.collect(number + "," + count);
  }
}
