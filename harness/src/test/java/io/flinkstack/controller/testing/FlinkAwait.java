package io.flinkstack.controller.testing;

import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.testjob.ExactlyOnceChecker;

/**
 * Polling on a running Flink job, for what the REST client has no await for (checkpoint counts, committed output).
 * Here rather than in the controller's {@link Await} because only the tests that run Flink need it, and
 * {@link SequenceJobDriver} lives with them.
 */
public final class FlinkAwait {
  private FlinkAwait() {}

  public static void completedCheckpointsAbove(FlinkRestClient flink, String jobId, long count) {
    Await.until(() -> flink.checkpoints(jobId).counts().completed(), completed -> completed > count);
  }

  public static void committedRecords(SequenceJobDriver job, long records) {
    Await.until(() -> ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records(),
        committed -> committed >= records);
  }
}
