package io.flinkstack.controller.declaration;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Flink writes them ({@code 1 h}, {@code 30min}, {@code 7 d}, {@code 500}): a whole number
 * and a unit, with or without a space; without a unit, milliseconds. The units are Flink's
 * ({@code TimeUtils}): so a declaration means the same to the controller as the same text means to Flink.
 */
public final class FlinkDurations {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zµ]*)");
  private static final Map<String, ChronoUnit> UNITS = units();

  private FlinkDurations() {}

  /** @throws IllegalArgumentException with the accepted form when the text is not a duration */
  public static Duration parse(String text) {
    Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a whole number and a unit, e.g. '30 s', '10 min', '1 h', '7 d'");
    }
    ChronoUnit unit = matcher.group(2).isEmpty() ? ChronoUnit.MILLIS : UNITS.get(matcher.group(2));
    if (unit == null) {
      throw new IllegalArgumentException("'" + text + "' has unit '" + matcher.group(2)
          + "', which Flink does not know: use ms, s, min, h or d (or their long names)");
    }
    try {
      return Duration.of(Long.parseLong(matcher.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    }
  }

  // As Flink's TimeUtils: short names as they are, long names also with a plural "s" ("secs", not "mins").
  private static Map<String, ChronoUnit> units() {
    Map<String, ChronoUnit> units = new HashMap<>();
    add(units, ChronoUnit.DAYS, List.of("d"), List.of("day"));
    add(units, ChronoUnit.HOURS, List.of("h"), List.of("hour"));
    add(units, ChronoUnit.MINUTES, List.of("min", "m"), List.of("minute"));
    add(units, ChronoUnit.SECONDS, List.of("s"), List.of("sec", "second"));
    add(units, ChronoUnit.MILLIS, List.of("ms"), List.of("milli", "millisecond"));
    add(units, ChronoUnit.MICROS, List.of("µs"), List.of("micro", "microsecond"));
    add(units, ChronoUnit.NANOS, List.of("ns"), List.of("nano", "nanosecond"));
    return Map.copyOf(units);
  }

  private static void add(Map<String, ChronoUnit> units, ChronoUnit unit, List<String> singular, List<String> plural) {
    singular.forEach(name -> units.put(name, unit));
    plural.forEach(name -> {
      units.put(name, unit);
      units.put(name + "s", unit);
    });
  }
}
