package io.flinkstack.constructs;

/**
 * Memory and CPU of one Flink process. The memory is both the container's request and limit and Flink's
 * {@code *.memory.process.size}, so the two can never disagree. Parsed when the construct is validated,
 * so a typo is reported with all other problems.
 */
public final class Resources {
  private final String memory;
  private final double cpu;

  private Resources(String memory, double cpu) {
    this.memory = memory;
    this.cpu = cpu;
  }

  /**
   * @param memory process memory: {@code 2048m}, {@code 2g}, {@code 2Gi}
   * @param cpu cores, whole or fractional ({@code 0.5})
   */
  public static Resources of(String memory, double cpu) {
    return new Resources(memory, cpu);
  }

  public String memory() {
    return memory;
  }

  public double cpu() {
    return cpu;
  }
}
