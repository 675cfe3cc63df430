package io.flinkstack.testjob;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;

/**
 * Emits 0, 1, 2, … split into a fixed number of lanes: lane {@code l} emits l, l+L, l+2L, … in order.
 * The state is each lane's next value (which also names the lane: next mod L), kept as operator list
 * state. Flink redistributes list state over any new parallelism, so the job rescales to any
 * parallelism without losing or repeating a number; a subtask without lanes idles.
 *
 * <p>Emission holds the checkpoint lock, so a snapshot sees exactly the numbers emitted before it.
 */
final class LaneSequenceSource extends RichParallelSourceFunction<Long> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  private final int lanes;
  private final double recordsPerSecond;
  private final long endExclusive;

  private transient ListState<Long> checkpointedNextValues;
  private transient List<Long> nextValues;
  private volatile boolean running = true;

  /** @param endExclusive numbers from here on are never emitted; the source finishes when all its lanes reach it */
  LaneSequenceSource(int lanes, double recordsPerSecond, long endExclusive) {
    this.lanes = lanes;
    this.recordsPerSecond = recordsPerSecond;
    this.endExclusive = endExclusive;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedNextValues =
        context.getOperatorStateStore().getListState(new ListStateDescriptor<>("lane-next-values", Long.class));
    nextValues = new ArrayList<>();
    if (context.isRestored()) {
      // Possibly none: after scaling up, some subtasks get no lane.
      checkpointedNextValues.get().forEach(nextValues::add);
    } else {
      int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
      int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
      for (long lane = 0; lane < lanes; lane++) {
        if (lane % parallelism == subtask) {
          nextValues.add(lane);
        }
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedNextValues.update(new ArrayList<>(nextValues));
  }

  @Override
  public void run(SourceContext<Long> context) throws Exception {
    // One round emits the next number of every lane this subtask owns; rounds are paced so that all
    // subtasks together emit recordsPerSecond, whatever the parallelism.
    long roundNanos = (long) (1e9 * lanes / recordsPerSecond);
    long nextRound = System.nanoTime();
    while (running) {
      boolean emitted = false;
      synchronized (context.getCheckpointLock()) {
        for (int i = 0; i < nextValues.size(); i++) {
          long value = nextValues.get(i);
          if (value < endExclusive) {
            context.collect(value);
            nextValues.set(i, value + lanes);
            emitted = true;
          }
        }
      }
      if (!emitted && endExclusive != Long.MAX_VALUE) {
        return;
      }
      nextRound += roundNanos;
      long sleepNanos = nextRound - System.nanoTime();
      if (sleepNanos > 0) {
        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
      }
    }
  }

  @Override
  public void cancel() {
    running = false;
  }
}
