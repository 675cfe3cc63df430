package io.flinkstack.harness;

import java.util.Arrays;
import java.util.List;

/**
 * What Flink's memory model makes of a configuration, in the form flink-dist's start scripts pass it on:
 * JVM options ({@code -Xmx}, {@code -XX:MaxDirectMemorySize}, …) and {@code -D key=value} arguments
 * that pin the derived sizes for the process.
 */
public record MemoryFlags(List<String> jvmOptions, List<String> dynamicArguments) {
  static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

  public MemoryFlags {
    jvmOptions = List.copyOf(jvmOptions);
    dynamicArguments = List.copyOf(dynamicArguments);
  }

  /** Parses BashJavaUtils' output: the first result line holds JVM options, the second the -D arguments. */
  static MemoryFlags parse(String output) {
    List<String> results =
        output.lines().filter(line -> line.startsWith(RESULT_PREFIX)).map(line -> line.substring(RESULT_PREFIX.length()).strip()).toList();
    if (results.size() < 2) {
      throw new IllegalStateException("BashJavaUtils printed " + results.size() + " result lines, expected 2:\n" + output);
    }
    return new MemoryFlags(words(results.get(0)), words(results.get(1)));
  }

  private static List<String> words(String line) {
    return line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
  }
}
