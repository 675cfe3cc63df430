package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.units.MemorySize;
import java.util.Map;
import java.util.Optional;

/**
 * The part of Flink's memory model that decides whether a process size can work at all: what remains for
 * the JVM heap after the fixed and fractional components are taken out. Flink itself refuses to start
 * when nothing remains; checking it here turns a crash-looping pod into a synth error. Components the
 * user sets in {@code flinkConfiguration} are honoured; unparseable ones fall back to Flink's defaults.
 */
final class FlinkMemoryModel {
  private final Map<String, String> config;

  FlinkMemoryModel(Map<String, String> config) {
    this.config = config;
  }

  /** JobManager heap left by {@code process}; negative when the components do not fit. */
  MemorySize jobManagerHeap(MemorySize process) {
    MemorySize metaspace = size("jobmanager.memory.jvm-metaspace.size", 256);
    MemorySize offHeap = size("jobmanager.memory.off-heap.size", 128);
    MemorySize overhead = overhead("jobmanager", process);
    return process.minus(metaspace).minus(offHeap).minus(overhead);
  }

  /** TaskManager task heap left by {@code process}; negative when the components do not fit. */
  MemorySize taskManagerHeap(MemorySize process) {
    MemorySize metaspace = size("taskmanager.memory.jvm-metaspace.size", 256);
    MemorySize overhead = overhead("taskmanager", process);
    MemorySize totalFlink = process.minus(metaspace).minus(overhead);
    MemorySize network =
        MemorySize.clamp(
            totalFlink.times(fraction("taskmanager.memory.network.fraction", 0.1)),
            size("taskmanager.memory.network.min", 64),
            size("taskmanager.memory.network.max", 1024));
    MemorySize managed =
        optionalSize("taskmanager.memory.managed.size")
            .orElse(totalFlink.times(fraction("taskmanager.memory.managed.fraction", 0.4)));
    return totalFlink
        .minus(size("taskmanager.memory.framework.heap.size", 128))
        .minus(size("taskmanager.memory.framework.off-heap.size", 128))
        .minus(size("taskmanager.memory.task.off-heap.size", 0))
        .minus(network)
        .minus(managed);
  }

  /** The smallest process size, in steps of 64 MiB, that leaves at least {@code minHeap}. */
  MemorySize smallestJobManager(MemorySize minHeap) {
    return smallest(p -> jobManagerHeap(p).compareTo(minHeap) >= 0);
  }

  MemorySize smallestTaskManager(MemorySize minHeap) {
    return smallest(p -> taskManagerHeap(p).compareTo(minHeap) >= 0);
  }

  private static MemorySize smallest(java.util.function.Predicate<MemorySize> fits) {
    for (long mib = 64; mib <= 1024 * 1024; mib += 64) {
      MemorySize candidate = MemorySize.ofMebibytes(mib);
      if (fits.test(candidate)) {
        return candidate;
      }
    }
    return MemorySize.ofMebibytes(1024 * 1024);
  }

  private MemorySize overhead(String process, MemorySize size) {
    return MemorySize.clamp(
        size.times(fraction(process + ".memory.jvm-overhead.fraction", 0.1)),
        size(process + ".memory.jvm-overhead.min", 192),
        size(process + ".memory.jvm-overhead.max", 1024));
  }

  private MemorySize size(String key, long defaultMebibytes) {
    return optionalSize(key).orElse(MemorySize.ofMebibytes(defaultMebibytes));
  }

  private Optional<MemorySize> optionalSize(String key) {
    return Optional.ofNullable(config.get(key)).flatMap(MemorySize::parse);
  }

  private double fraction(String key, double defaultValue) {
    String v = config.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(v.trim());
      return d >= 0 && d < 1 ? d : defaultValue;
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }
}
