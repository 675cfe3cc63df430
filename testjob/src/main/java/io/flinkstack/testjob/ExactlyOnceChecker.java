package io.flinkstack.testjob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the test job's committed output and names every number lost or duplicated.
 *
 * <p>Committed means visible: the FileSink keeps in-progress and pending part files hidden (leading
 * dot) until the checkpoint that covers them completes, so only names without a leading dot count.
 * Each line is {@code number,countInLane}.
 */
public final class ExactlyOnceChecker {
  private static final int SHOWN = 20;

  private ExactlyOnceChecker() {}

  /**
   * Checks output of a job that may still run: every lane (numbers ≡ l mod L) must be a gap-free prefix
   * l, l+L, … up to its highest committed number. A lost tail cannot be told from "not yet committed".
   */
  public static Report checkPrefixes(Path outputDirectory, int lanes) {
    return check(outputDirectory, Sequences.lanes(lanes), OptionalLong.empty());
  }

  /** Checks output of a job that finished after emitting exactly the numbers below {@code endExclusive}. */
  public static Report checkComplete(Path outputDirectory, int lanes, long endExclusive) {
    return check(outputDirectory, Sequences.lanes(lanes), OptionalLong.of(endExclusive));
  }

  /**
   * Checks output of {@link RangeSequenceJob}, which may still run: every range {@code [r·span, (r+1)·span)} must be a
   * gap-free prefix of itself up to its highest committed number, each {@code number,count} line counting its place in
   * the range. A lost tail cannot be told from "not yet committed".
   */
  public static Report checkRanges(Path outputDirectory, long span) {
    return check(outputDirectory, Sequences.ranges(span), OptionalLong.empty());
  }

  /**
   * How a job cuts 0, 1, 2, … into sequences that each arrive in order at one counter: a number's sequence, where that
   * sequence starts, and the step within it (a number's count is its place: {@code (n - first) / step + 1}).
   */
  private record Sequences(java.util.function.LongUnaryOperator of, java.util.function.LongUnaryOperator first, long step,
      long count) {
    /** {@link SequenceJob}'s lanes: number ≡ l mod L; with an end, every lane is checked up to it. */
    static Sequences lanes(int lanes) {
      return new Sequences(number -> number % lanes, lane -> lane, lanes, lanes);
    }

    /** {@link RangeSequenceJob}'s ranges {@code [r·span, (r+1)·span)}: only those with committed numbers are known. */
    static Sequences ranges(long span) {
      return new Sequences(number -> number / span, range -> range * span, 1, 0);
    }
  }

  /** Where `./flinkstack bench faults` collects every check's counts (a system property it sets); none: nowhere. */
  public static final String LOG_PROPERTY = "flinkstack.exactlyOnceLog";

  /** One line per check: the output directory, numbers lost and duplicated (the bench keeps each directory's last). */
  private static void logForBench(Path outputDirectory, Report report) {
    String log = System.getProperty(LOG_PROPERTY);
    if (log == null || log.isBlank()) {
      return;
    }
    String line = "lost=" + report.lost().size() + " duplicated=" + (report.duplicated().size() + report.wrongCounts().size())
        + " output=" + outputDirectory.toAbsolutePath() + System.lineSeparator();
    try {
      Files.writeString(Path.of(log), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + log, e);
    }
  }

  private static Report check(Path outputDirectory, Sequences sequences, OptionalLong endExclusive) {
    Map<Long, Integer> occurrences = new HashMap<>();
    List<String> wrongCounts = new ArrayList<>();
    // Every sequence checked whatever was committed (lanes with an end), and each one's highest committed number.
    Map<Long, Long> highestPerSequence = new java.util.TreeMap<>();
    for (long sequence = 0; sequence < sequences.count(); sequence++) {
      highestPerSequence.put(sequence, -1L);
    }
    int files = 0;
    for (Path file : committedFiles(outputDirectory)) {
      files++;
      for (String line : readLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",");
        long number = Long.parseLong(fields[0]);
        long count = Long.parseLong(fields[1]);
        long sequence = sequences.of().applyAsLong(number);
        occurrences.merge(number, 1, Integer::sum);
        highestPerSequence.merge(sequence, number, Math::max);
        long expectedCount = (number - sequences.first().applyAsLong(sequence)) / sequences.step() + 1;
        if (count != expectedCount) {
          wrongCounts.add(number + " counted " + count + ", expected " + expectedCount);
        }
      }
    }

    TreeSet<Long> lost = new TreeSet<>();
    highestPerSequence.forEach((sequence, highest) -> {
      long last = endExclusive.isPresent() ? endExclusive.getAsLong() - 1 : highest;
      for (long number = sequences.first().applyAsLong(sequence); number <= last; number += sequences.step()) {
        if (!occurrences.containsKey(number)) {
          lost.add(number);
        }
      }
    });
    TreeSet<Long> unexpected = new TreeSet<>();
    TreeSet<Long> duplicated = new TreeSet<>();
    long records = 0;
    for (Map.Entry<Long, Integer> entry : occurrences.entrySet()) {
      records += entry.getValue();
      if (entry.getValue() > 1) {
        duplicated.add(entry.getKey());
      }
      if (endExclusive.isPresent() && entry.getKey() >= endExclusive.getAsLong()) {
        unexpected.add(entry.getKey());
      }
    }
    long highest = occurrences.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    Report report = new Report(files, records, highest, List.copyOf(lost), List.copyOf(duplicated), List.copyOf(unexpected), wrongCounts);
    logForBench(outputDirectory, report);
    return report;
  }

  /**
   * Part files whose checkpoint completed, in every bucket folder. The sink renames in-progress files (hidden,
   * leading dot) while the folder is walked; a file gone between listing and reading its attributes makes the
   * walk fail, so it is walked again. Committed files are never removed, so a second walk sees them all.
   */
  static List<Path> committedFiles(Path outputDirectory) {
    for (int attempt = 1; ; attempt++) {
      if (!Files.isDirectory(outputDirectory)) {
        return List.of();
      }
      try (Stream<Path> files = Files.walk(outputDirectory)) {
        return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 5) {
          throw e instanceof UncheckedIOException unchecked ? unchecked : new UncheckedIOException((IOException) e);
        }
      }
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param lost numbers that should be there and are not
   * @param duplicated numbers committed more than once
   * @param unexpected numbers at or above the end (complete checks only)
   * @param wrongCounts lines whose keyed-state count is off (state lost or replayed)
   */
  public record Report(
      int files,
      long records,
      long highest,
      List<Long> lost,
      List<Long> duplicated,
      List<Long> unexpected,
      List<String> wrongCounts) {

    public boolean exactlyOnce() {
      return lost.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty() && wrongCounts.isEmpty();
    }

    @Override
    public String toString() {
      return String.format(
          "%d records in %d committed files, highest %d: %d lost %s, %d duplicated %s, %d unexpected %s, %d wrong counts %s",
          records, files, highest, lost.size(), first(lost), duplicated.size(), first(duplicated),
          unexpected.size(), first(unexpected), wrongCounts.size(), first(wrongCounts));
    }

    private static <T> List<T> first(List<T> items) {
      return items.subList(0, Math.min(SHOWN, items.size()));
    }
  }
}
