package io.flinkstack.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkProcessTest {
  @Test
  void tellingLinesAreTheLastWarningsErrorsCausesAndSlotAndTaskManagerEvents() {
    List<String> log =
        List.of(
            "17:04:45,100 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator [] - Completed checkpoint 7",
            "17:04:45,464 INFO  org.apache.flink.runtime.resourcemanager.StandaloneResourceManager [] - Registering TaskManager with ResourceID tm-1",
            "17:04:46,000 WARN  org.apache.flink.runtime.taskmanager.Task [] - Source (1/2) switched to FAILED",
            "\tat org.apache.flink.runtime.taskmanager.Task.run(Task.java:1)",
            "Caused by: java.net.ConnectException: Connection refused",
            "17:04:47,000 INFO  org.apache.flink.runtime.jobmaster.JobMaster [] - Disconnect TaskExecutor tm-1 because: gone",
            "17:04:48,000 INFO  org.apache.flink.runtime.jobmaster.slotpool.DeclarativeSlotPoolBridge [] - Received resource requirements " + "x".repeat(500));

    List<String> telling = FlinkProcess.telling(log, 4);

    assertThat(telling).hasSize(4);
    assertThat(telling.get(0)).contains("switched to FAILED");
    assertThat(telling.get(1)).isEqualTo("Caused by: java.net.ConnectException: Connection refused");
    assertThat(telling.get(2)).contains("Disconnect TaskExecutor tm-1");
    assertThat(telling.get(3)).hasSize(401).endsWith("…").contains(".slotpool.");
    assertThat(FlinkProcess.telling(log, 10)).noneMatch(line -> line.contains("Completed checkpoint") || line.startsWith("\tat "))
        .anyMatch(line -> line.contains("Registering TaskManager"));
  }
}
