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
  void metricValuesFlinkHasNoNumberForAreNaN() throws Exception {
    Map<String, AggregatedMetric> metrics =
        Responses.metrics(RestTransport.JSON.readTree("[{\"id\":\"busyTimeMsPerSecond\",\"min\":1,\"max\":\"NaN\",\"avg\":NaN,\"sum\":3.5}]"));

    assertThat(metrics.get("busyTimeMsPerSecond")).isEqualTo(new AggregatedMetric("busyTimeMsPerSecond", 1, Double.NaN, Double.NaN, 3.5));
  }
}
