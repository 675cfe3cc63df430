package io.flinkstack.testjob;

import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The test jobs' sink. A class of its own, not a method of {@link SequenceJob}: verifying SequenceJob loads its
 * {@code SourceFunction}, which 2.x no longer has, so {@link RangeSequenceJob} must not touch that class.
 */
final class CommittedFiles {
  private CommittedFiles() {}

  /** Part files in {@code output} that roll on every checkpoint and become visible (lose their leading dot) when it completes. */
  static FileSink<String> in(String output) {
    return FileSink.forRowFormat(new Path(output), new SimpleStringEncoder<String>("UTF-8"))
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .build();
  }
}
