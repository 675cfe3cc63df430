package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsesTest {
  private static final String STACK_TRACE =
      String.join(
          "\n",
          "java.util.concurrent.CompletionException: java.io.IOException: Failed to create savepoint directory",
          "\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:315)",
          "\t... 3 more",
          "Caused by: java.io.IOException: Failed to create savepoint directory",
          "\tat org.apache.flink.Example.run(Example.java:1)",
          "Caused by: java.io.IOException: Mkdirs failed to create /tmp/x/not-a-directory/savepoints",
          "\tat org.apache.flink.Example.run(Example.java:2)");

  @Test
  void causeChainKeepsTheExceptionLinesAndDropsTheFrames() {
    assertThat(Responses.causeChain(STACK_TRACE))
        .isEqualTo(
            "java.util.concurrent.CompletionException: java.io.IOException: Failed to create savepoint directory"
                + "; caused by: java.io.IOException: Failed to create savepoint directory"
                + "; caused by: java.io.IOException: Mkdirs failed to create /tmp/x/not-a-directory/savepoints");
  }

  @Test
  void aServerSideExceptionIsSummarizedByItsExceptionLines() {
    FlinkRestException error =
        new FlinkRestException(
            "POST", "/jars/x.jar/run", 500, List.of("Internal server error.", "<Exception on server side:\n" + STACK_TRACE + "\n\nEnd of exception on server side>"));

    assertThat(error.getMessage())
        .startsWith("POST /jars/x.jar/run: HTTP 500: Internal server error. | java.util.concurrent.CompletionException")
        .endsWith("Mkdirs failed to create /tmp/x/not-a-directory/savepoints")
        .doesNotContain("\tat ");
    assertThat(error.errors()).hasSize(2);
  }

  @Test
  void checkpointRetentionAndTheTypeOfASavepointAsFlinkReportsThem() throws Exception {
    // The shapes of GET /jobs/:id/checkpoints/config and /checkpoints in Flink 1.20 (CheckpointConfigInfo,
    // CheckpointingStatistics); the harness' SessionJobControllerTest reads both from a real JobManager.
    assertThat(Responses.checkpointRetention(RestTransport.JSON.readTree(
        "{\"mode\":\"exactly_once\",\"externalization\":{\"enabled\":true,\"delete_on_cancellation\":false}}")).retainedOnCancellation())
        .isTrue();
    assertThat(Responses.checkpointRetention(RestTransport.JSON.readTree(
        "{\"externalization\":{\"enabled\":true,\"delete_on_cancellation\":true}}")).retainedOnCancellation()).isFalse();
    assertThat(Responses.checkpointRetention(RestTransport.JSON.readTree("{\"externalization\":{\"enabled\":false}}")))
        .isEqualTo(new CheckpointRetention(false, true));
    CheckpointOverview overview = Responses.checkpoints(RestTransport.JSON.readTree("{\"counts\":{},\"latest\":{"
        + "\"savepoint\":{\"id\":9,\"is_savepoint\":true,\"checkpoint_type\":\"SYNC_SAVEPOINT\",\"external_path\":\"file:/sp/savepoint-1\"},"
        + "\"completed\":{\"id\":8,\"is_savepoint\":false,\"checkpoint_type\":\"CHECKPOINT\",\"external_path\":\"file:/c/chk-8\"}}}"));
    assertThat(overview.latestSavepoint()).hasValueSatisfying(savepoint -> assertThat(savepoint.stoppedTheJob()).isTrue());
    assertThat(overview.latestCompleted()).hasValueSatisfying(checkpoint -> assertThat(checkpoint.stoppedTheJob()).isFalse());
  }

  @Test
  void metricValuesFlinkHasNoNumberForAreNaN() throws Exception {
    Map<String, AggregatedMetric> metrics =
        Responses.metrics(RestTransport.JSON.readTree("[{\"id\":\"busyTimeMsPerSecond\",\"min\":1,\"max\":\"NaN\",\"avg\":NaN,\"sum\":3.5}]"));

    assertThat(metrics.get("busyTimeMsPerSecond")).isEqualTo(new AggregatedMetric("busyTimeMsPerSecond", 1, Double.NaN, Double.NaN, 3.5));
  }
}
