package io.flinkstack.constructs.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks more than one construct makes, with the same wording everywhere. */
public final class CommonChecks {
  // Flink's duration syntax (TimeUtils): a number and an optional unit, case-insensitive.
  private static final Pattern DURATION = Pattern.compile(
      "(?i)\\d+\\s*(ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds"
          + "|m|min|mins|minute|minutes|h|hour|hours|d|day|days)?");

  private CommonChecks() {}

  /** Each a namespace name, none twice. */
  public static void namespaces(Problems problems, String field, List<String> namespaces) {
    Set<String> seen = new HashSet<>();
    for (String ns : namespaces) {
      if (namespace(problems, field, ns)) {
        problems.check(seen.add(ns), field, "'" + ns + "' is listed twice");
      }
    }
  }

  /** A namespace name (DNS-1123 label); returns whether it is one. */
  public static boolean namespace(Problems problems, String field, String ns) {
    String fix = ns == null ? "" : "; e.g. '" + Names.suggestLabel(ns) + "'";
    return problems.check(Names.isDns1123Label(ns), field, "'" + ns + "' is not a namespace name (DNS-1123 label:"
        + " lower case letters, digits and '-', at most 63 characters)" + fix);
  }

  /** Null (not set) or a Flink duration such as {@code 15 s}. */
  public static void flinkDuration(Problems problems, String field, String value) {
    problems.check(value == null || isFlinkDuration(value), field,
        "'" + value + "' is not a Flink duration; e.g. 15 s, 500 ms, 5 min, 24 h");
  }

  public static boolean isFlinkDuration(String value) {
    return value != null && DURATION.matcher(value.strip()).matches();
  }
}
