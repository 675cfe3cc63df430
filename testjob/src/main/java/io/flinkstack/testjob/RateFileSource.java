package io.flinkstack.testjob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;

/**
 * Plays an external system that produces records at the rate in a file (records per second over all
 * subtasks; re-read every 200 ms) and this job's reader of it. What was produced but not yet emitted is the
 * backlog, reported as the gauge {@code pendingRecords} (the name Flink's connectors use, e.g. Kafka's lag).
 * A back-pressured source emits less than is produced, so the backlog grows.
 *
 * <p>The backlog and the time it was taken are checkpointed (union list state, so any parallelism can
 * restore), so records produced while the job restarts for a rescale are owed afterwards, as with Kafka.
 */
final class RateFileSource extends RichParallelSourceFunction<LoadRecord> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final long REREAD_NANOS = 200_000_000L;
  private static final int MAX_BATCH = 50;

  private final String rateFile;
  private final int payloadBytes;

  private transient ListState<long[]> checkpointed;
  private transient volatile double backlog;
  private transient double restoredOwed;
  private volatile boolean running = true;

  RateFileSource(String rateFile, int payloadBytes) {
    this.rateFile = rateFile;
    this.payloadBytes = payloadBytes;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointed = context.getOperatorStateStore()
        .getUnionListState(new ListStateDescriptor<>("backlog-at", long[].class));
    if (context.isRestored()) {
      // Every subtask sees every entry: {backlog, taken at epoch ms, rate then}. It owes its share of the
      // backlog plus what was produced since the snapshot while the job was not running.
      double owed = 0;
      long now = System.currentTimeMillis();
      for (long[] entry : checkpointed.get()) {
        owed += entry[0] + entry[2] * Math.max(0, now - entry[1]) / 1000.0;
      }
      restoredOwed = owed / getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    checkpointed.update(List.of(new long[] {Math.round(backlog), System.currentTimeMillis(),
        Math.round(readRate() / subtasks)}));
  }

  @Override
  public void run(SourceContext<LoadRecord> context) throws Exception {
    int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    int index = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    getRuntimeContext().getMetricGroup().gauge("pendingRecords", (Gauge<Long>) () -> Math.round(backlog));
    byte[] payload = new byte[payloadBytes];
    double ratePerSubtask = readRate() / subtasks;
    double owed = restoredOwed;
    long lastRead = System.nanoTime();
    long last = lastRead;
    long sequence = index;
    while (running) {
      long now = System.nanoTime();
      if (now - lastRead >= REREAD_NANOS) {
        ratePerSubtask = readRate() / subtasks;
        lastRead = now;
      }
      owed += ratePerSubtask * (now - last) / 1e9;
      last = now;
      int batch = (int) Math.min(MAX_BATCH, Math.floor(owed));
      if (batch == 0) {
        backlog = owed;
        Thread.sleep(5);
        continue;
      }
      for (int i = 0; i < batch && running; i++) {
        synchronized (context.getCheckpointLock()) {
          context.collect(new LoadRecord(sequence, payload));
          sequence += subtasks;
          owed -= 1;
          backlog = owed;
        }
      }
    }
  }

  private double readRate() {
    try {
      return Math.max(0, Double.parseDouble(Files.readString(Path.of(rateFile)).trim()));
    } catch (IOException | NumberFormatException e) {
      return 0; // being rewritten: produce nothing for a moment
    }
  }

  @Override
  public void cancel() {
    running = false;
  }
}
