package io.flinkstack.testjob;

import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The test job: lane sequence source → keyBy lane → per-lane counter (keyed state) → FileSink. Part files
 * roll on every checkpoint and become visible (lose their leading dot) only when that checkpoint
 * completes, so the visible files hold exactly-once output: what ExactlyOnceChecker reads.
 *
 * <p>Arguments: {@code --output DIR} (required), {@code --lanes L} (12), {@code --rate R} records per
 * second over all subtasks (200), {@code --checkpoint-interval MS} (500), {@code --end N} (none: run until
 * stopped; otherwise emit the numbers below N and finish), {@code --fail-at N} (none: fail on number N every time
 * it comes, a crash loop).
 */
public final class SequenceJob {
  public static final String NAME = "flinkstack-lane-sequence";
  public static final int DEFAULT_LANES = 12;

  private SequenceJob() {}

  public static void main(String[] args) throws Exception {
    JobArguments arguments = new JobArguments(args);
    int lanes = (int) arguments.longValue("lanes", DEFAULT_LANES);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(arguments.longValue("checkpoint-interval", 500));

    FileSink<String> committedFiles = CommittedFiles.in(arguments.required("output"));

    env.addSource(
            new LaneSequenceSource(lanes, arguments.doubleValue("rate", 200), arguments.longValue("end", Long.MAX_VALUE)),
            "lane-sequence")
        .uid("lane-sequence")
        .keyBy(new LaneOf(lanes))
        .process(new LaneCounter(arguments.longValue("fail-at", Long.MAX_VALUE)))
        .uid("lane-counter")
        .name("lane-counter")
        .sinkTo(committedFiles)
        .uid("committed-files")
        .name("committed-files");

    env.execute(NAME);
  }
}
