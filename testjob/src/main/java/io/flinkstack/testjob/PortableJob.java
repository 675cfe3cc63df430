package io.flinkstack.testjob;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job that runs unchanged on every Flink version flinkstack accepts (1.16 … 2.x): compiled against 1.20, it
 * calls only API that 2.0 kept ({@code fromSequence}, {@code map}, {@code filter}, {@code print}) — 2.0 removed
 * {@code SourceFunction}/{@code SinkFunction}, which {@link SequenceJob} uses. It counts up slowly and never ends
 * so that a version check can wait for it to be RUNNING at the declared parallelism. Program arguments: none, or
 * {@code --end N} for a bounded job.
 */
public final class PortableJob {
  private PortableJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    // "--end N": a bounded job that finishes after N records (about N / 400 s at parallelism 2).
    long end = args.length == 2 && args[0].equals("--end") ? Long.parseLong(args[1]) : Long.MAX_VALUE;
    env.fromSequence(0, end)
        .map(new Slowly())
        .filter(new Nothing())
        .print();
    env.execute("portable-job");
  }

  /** About 200 records a second per subtask: enough to show progress, little CPU on a 2-core machine. */
  static final class Slowly implements MapFunction<Long, Long> {
    @Override
    public Long map(Long value) throws Exception {
      Thread.sleep(5);
      return value;
    }
  }

  static final class Nothing implements FilterFunction<Long> {
    @Override
    public boolean filter(Long value) {
      return value < 0;
    }
  }
}
