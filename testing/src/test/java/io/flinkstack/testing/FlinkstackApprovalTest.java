package io.flinkstack.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstack.testing.FlinkstackApproval.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.approvaltests.approvers.FileApprover;
import org.approvaltests.core.Options;
import org.approvaltests.reporters.QuietReporter;
import org.cdk8s.App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkstackApprovalTest {
  private static final Options QUIET = new Options().withReporter(new QuietReporter());

  @Test
  void approvesEveryChartBesideTheTest() {
    // FlinkstackApprovalTest.approvesEveryChartBesideTheTest.orders.approved.yaml, next to this file.
    FlinkstackApproval.verifyApp(TeamApp.app(), Settings.besideTheTest().withOptions(QUIET));
  }

  @Test
  void aNewOrChangedChartLeavesItsReceivedFileAndFails(@TempDir Path dir) throws IOException {
    FileApprover.tracker.addAllowedDuplicates(approved -> approved.startsWith(dir.toString()));
    Settings settings = Settings.inDirectory(dir).withOptions(QUIET);

    String first = catchThrowableOfType(AssertionError.class,
        () -> FlinkstackApproval.verifyApp(TeamApp.app(), settings)).getMessage();
    assertThat(first).startsWith("1 chart not as approved").contains("  orders: Failed Approval");
    Path received = dir.resolve("orders.received.yaml");
    assertThat(received).exists();

    Files.move(received, dir.resolve("orders.approved.yaml"));
    FlinkstackApproval.verifyApp(TeamApp.app(), settings);
    assertThat(received).doesNotExist();

    App renamed = new App();
    TeamApp.define(renamed);
    new org.cdk8s.Chart(renamed, "payments");
    String second = catchThrowableOfType(AssertionError.class,
        () -> FlinkstackApproval.verifyApp(renamed, settings)).getMessage();
    assertThat(second).startsWith("1 chart not as approved").contains("  payments: ").doesNotContain("  orders: ");
  }

  @Test
  void oneFailureListsTheChecksProblemsAndEveryChartThatDiffers(@TempDir Path dir) {
    String message = catchThrowableOfType(AssertionError.class,
        () -> FlinkstackApproval.verifyApp(TeamApp.broken(), Settings.inDirectory(dir).withOptions(QUIET)))
        .getMessage();
    assertThat(message).containsPattern("^\\d+ problems in the manifests")
        .contains("(Service orders_rest) /metadata/name: ")
        .contains("\n1 chart not as approved")
        .contains("  orders: Failed Approval");
  }

  @Test
  void checksCanBeLeftOut(@TempDir Path dir) {
    String message = catchThrowableOfType(AssertionError.class, () -> FlinkstackApproval.verifyApp(TeamApp.broken(),
        Settings.inDirectory(dir).withOptions(QUIET).withoutChecks())).getMessage();
    assertThat(message).startsWith("1 chart not as approved").doesNotContain("orders_rest");
  }
}
