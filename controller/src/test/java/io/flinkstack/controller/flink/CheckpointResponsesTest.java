package io.flinkstack.controller.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Flink's answers about a triggered checkpoint, as a real Flink 1.20.3 JobManager gave them (recorded verbatim under
 * {@code src/test/resources/flink-1.20.3-checkpoints/}, see its README).
 */
class CheckpointResponsesTest {

  @Test
  void aTriggeredCheckpointRunsThenCompletesWithItsIdNotAPath() {
    assertThat(Responses.operation(recorded("status-first.json")).state()).isEqualTo(OperationStatus.State.IN_PROGRESS);

    OperationStatus completed = Responses.operation(recorded("status-completed.json"));
    assertThat(completed.succeeded()).isTrue();
    assertThat(completed.checkpointId()).hasValue(2L);
    assertThat(completed.location()).as("a checkpoint's result names no path").isEmpty();
  }

  @Test
  void aFailedCheckpointTriggerGivesFlinksCauseFromItsCamelCasedField() {
    OperationStatus failed = Responses.operation(recorded("status-cancelled.json"));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.failureCause()).hasValueSatisfying(cause -> assertThat(cause)
        .startsWith("java.util.concurrent.CompletionException: org.apache.flink.runtime.messages.FlinkJobNotFoundException")
        .doesNotContain("\tat "));
    assertThat(failed.checkpointId()).isEmpty();
  }

  @Test
  void theCompletedCheckpointsDetailsGiveItsPathAsTheOverviewsHistoryDoes() {
    CheckpointStatistics details = Responses.checkpointStatistics(recorded("details.json"));
    assertThat(details.id()).isEqualTo(2);
    assertThat(details.completed()).isTrue();
    assertThat(details.savepoint()).isFalse();
    assertThat(details.type()).isEqualTo("CHECKPOINT");
    assertThat(details.addressablePath()).hasValueSatisfying(path -> assertThat(path).startsWith("file:/").endsWith("/chk-2"));

    CheckpointOverview overview = Responses.checkpoints(recorded("overview.json"));
    assertThat(overview.history()).as("newest first").first().isEqualTo(details);
    assertThat(overview.history()).extracting(CheckpointStatistics::id).containsExactly(2L, 1L);
    assertThat(overview.latestCompleted().orElseThrow().externalPath()).isEqualTo(details.externalPath().orElseThrow());
  }

  @Test
  void theJobManagerReportsTheVersionACheckpointTriggerNeeds() {
    assertThat(Responses.overview(recorded("flink-overview.json")).flinkVersion()).isEqualTo("1.20.3");
  }

  private static JsonNode recorded(String file) {
    try (InputStream in = CheckpointResponsesTest.class.getResourceAsStream("/flink-1.20.3-checkpoints/" + file)) {
      return RestTransport.JSON.readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
