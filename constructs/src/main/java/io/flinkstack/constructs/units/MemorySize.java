package io.flinkstack.constructs.units;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory amount in bytes, written the way Flink writes it ({@code 2048m}, {@code 2g}: binary units) or
 * the way Kubernetes writes binary quantities ({@code 1Gi}, {@code 512Mi}). Kubernetes' decimal units
 * ({@code 2G}, {@code 500M}) are not accepted: Flink reads {@code 2G} as 2 GiB, Kubernetes as 2·10⁹ bytes,
 * and a value that means two different things in the same manifest is a bug waiting to happen.
 */
public final class MemorySize implements Comparable<MemorySize> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})\\s*([a-zA-Z]*)");
  /** What an error message tells the user to write. */
  public static final String ACCEPTED = "a whole number with a binary unit, e.g. 2048m, 2g, 1Gi, 512Mi";

  private static final long KI = 1024L;
  private static final long MI = KI * 1024;
  private static final long GI = MI * 1024;
  private static final long TI = GI * 1024;

  private final long bytes;

  private MemorySize(long bytes) {
    this.bytes = bytes;
  }

  public static MemorySize ofMebibytes(long mebibytes) {
    return new MemorySize(mebibytes * MI);
  }

  public static MemorySize ofBytes(long bytes) {
    return new MemorySize(bytes);
  }

  /** Parses {@code text}, or returns empty when it is not {@link #ACCEPTED}. */
  public static Optional<MemorySize> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long number = Long.parseLong(m.group(1));
    String unit = m.group(2);
    long factor;
    switch (unit) {
      case "Ki":
        factor = KI;
        break;
      case "Mi":
        factor = MI;
        break;
      case "Gi":
        factor = GI;
        break;
      case "Ti":
        factor = TI;
        break;
      default:
        switch (unit.toLowerCase(Locale.ROOT)) {
          case "":
          case "b":
          case "bytes":
            factor = 1;
            break;
          case "k":
          case "kb":
            factor = KI;
            break;
          case "m":
          case "mb":
            factor = MI;
            break;
          case "g":
          case "gb":
            factor = GI;
            break;
          case "t":
          case "tb":
            factor = TI;
            break;
          default:
            return Optional.empty();
        }
        // Kubernetes decimal units (M, G, T, k is Flink's kibibyte) are ambiguous, see the class comment.
        if (unit.length() == 1 && Character.isUpperCase(unit.charAt(0)) && !unit.equals("K")) {
          return Optional.empty();
        }
    }
    if (number > Long.MAX_VALUE / factor) {
      return Optional.empty();
    }
    return Optional.of(new MemorySize(number * factor));
  }

  public long bytes() {
    return bytes;
  }

  public long mebibytes() {
    return bytes / MI;
  }

  public MemorySize minus(MemorySize other) {
    return new MemorySize(bytes - other.bytes);
  }

  public MemorySize times(double fraction) {
    return new MemorySize((long) (bytes * fraction));
  }

  public static MemorySize clamp(MemorySize value, MemorySize min, MemorySize max) {
    if (value.compareTo(min) < 0) {
      return min;
    }
    return value.compareTo(max) > 0 ? max : value;
  }

  /** Flink's spelling: {@code 1024m} when a whole number of mebibytes, else bytes. */
  public String toFlink() {
    return bytes % MI == 0 ? (bytes / MI) + "m" : bytes + "b";
  }

  /** Kubernetes' spelling: {@code 1024Mi} when a whole number of mebibytes, else bytes. */
  public String toQuantity() {
    return bytes % MI == 0 ? (bytes / MI) + "Mi" : Long.toString(bytes);
  }

  @Override
  public int compareTo(MemorySize o) {
    return Long.compare(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemorySize && ((MemorySize) o).bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toFlink();
  }
}
