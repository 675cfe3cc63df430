package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.flink.CheckpointOverview;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a last-state stop restores: {@link JobTransitions#latestState}. */
class LatestStateTest {
  private static final CheckpointOverview.Counts COUNTS = new CheckpointOverview.Counts(0, 0, 0, 0, 0);

  @Test
  void theNewestOfTheLatestCheckpointAndTheLatestSavepointByTheirLastAcknowledgement() {
    CheckpointOverview checkpointNewer = overview(completed(7, false, 2_000, "file:/c/job/chk-7"), completed(5, true, 1_000, "file:/s/sp-5"),
        restored("file:/s/initial"));
    assertThat(JobTransitions.latestState(checkpointNewer)).hasValue("file:/c/job/chk-7");
    CheckpointOverview savepointNewer = overview(completed(7, false, 2_000, "file:/c/job/chk-7"), completed(8, true, 2_500, "file:/s/sp-8"),
        null);
    assertThat(JobTransitions.latestState(savepointNewer)).hasValue("file:/s/sp-8");
  }

  @Test
  void withoutAnyCompletedOneWhatTheJobRestoredAndOtherwiseNothing() {
    assertThat(JobTransitions.latestState(overview(null, null, restored("file:/s/sp-3")))).hasValue("file:/s/sp-3");
    assertThat(JobTransitions.latestState(overview(completed(1, false, 10, ""), null, null))).as("no external path").isEmpty();
    assertThat(JobTransitions.latestState(overview(null, null, null))).isEmpty();
  }

  private static CheckpointOverview overview(CheckpointOverview.Completed checkpoint, CheckpointOverview.Completed savepoint, CheckpointOverview.Restored restored) {
    return new CheckpointOverview(COUNTS, Optional.ofNullable(checkpoint), Optional.ofNullable(savepoint), Optional.empty(),
        Optional.ofNullable(restored));
  }

  private static CheckpointOverview.Completed completed(long id, boolean savepoint, long acked, String path) {
    return new CheckpointOverview.Completed(id, savepoint, acked - 100, acked, 100, 1024, path);
  }

  private static CheckpointOverview.Restored restored(String path) {
    return new CheckpointOverview.Restored(3, 50, true, Optional.of(path));
  }
}
