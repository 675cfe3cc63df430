package io.flinkstack.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.units.MemorySize;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected heaps are the ones Flink logs at start-up for the same sizes (computed by hand here). */
class FlinkMemoryModelTest {
  private final FlinkMemoryModel defaults = new FlinkMemoryModel(Map.of());

  @Test
  void flinkDefaultTaskManagerLeaves384mTaskHeap() {
    // 1728m: overhead 192m (10% < min), metaspace 256m -> total Flink 1280m; network 128m, managed 512m,
    // framework heap 128m + off-heap 128m -> task heap 384m.
    assertThat(defaults.taskManagerHeap(mib(1728))).isEqualTo(mib(384));
  }

  @Test
  void flinkDefaultJobManagerLeaves1024mHeap() {
    // 1600m - overhead 192m - metaspace 256m - off-heap 128m.
    assertThat(defaults.jobManagerHeap(mib(1600))).isEqualTo(mib(1024));
  }

  @Test
  void smallProcessesLeaveNothing() {
    assertThat(defaults.taskManagerHeap(mib(900)).bytes()).isNegative();
    assertThat(defaults.jobManagerHeap(mib(512)).bytes()).isNegative();
  }

  @Test
  void userComponentsChangeTheModel() {
    FlinkMemoryModel lean =
        new FlinkMemoryModel(Map.of("taskmanager.memory.managed.fraction", "0.1", "taskmanager.memory.jvm-metaspace.size", "128m"));
    // 900m: overhead 192m, metaspace 128m -> total 580m; network 64m (min), managed 58m; heap 580-256-64-58 = 202m.
    assertThat(lean.taskManagerHeap(mib(900)).mebibytes()).isEqualTo(202);
  }

  @Test
  void findsTheSmallestSizeThatFits() {
    MemorySize smallest = defaults.smallestTaskManager(MemorySize.ofMebibytes(1));
    assertThat(defaults.taskManagerHeap(smallest).bytes()).isPositive();
    assertThat(defaults.taskManagerHeap(mib(smallest.mebibytes() - 64)).bytes()).isLessThan(MemorySize.ofMebibytes(1).bytes());
  }

  private static MemorySize mib(long m) {
    return MemorySize.ofMebibytes(m);
  }
}
