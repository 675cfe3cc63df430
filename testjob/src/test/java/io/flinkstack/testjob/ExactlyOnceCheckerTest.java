package io.flinkstack.testjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker must catch what it exists to catch, or a green integration test means nothing. */
class ExactlyOnceCheckerTest {
  private static final int LANES = 3;

  @TempDir Path output;

  /** Lines {@code n,count} for numbers from..to (inclusive) with the counts a correct job writes. */
  private static String lines(long from, long to) {
    StringBuilder text = new StringBuilder();
    for (long n = from; n <= to; n++) {
      text.append(n).append(',').append(n / LANES + 1).append('\n');
    }
    return text.toString();
  }

  @Test
  void completeOutputPasses() throws IOException {
    Files.writeString(output.resolve("part-a-0"), lines(0, 5));
    Files.writeString(output.resolve("part-b-0"), lines(6, 11));

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkComplete(output, LANES, 12);

    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(report.records()).isEqualTo(12);
    assertThat(report.files()).isEqualTo(2);
  }

  @Test
  void namesLostAndDuplicatedNumbers() throws IOException {
    Files.writeString(output.resolve("part-a-0"), lines(0, 4) + lines(6, 9));
    Files.writeString(output.resolve("part-b-0"), lines(8, 11));

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkComplete(output, LANES, 13);

    assertThat(report.lost()).containsExactly(5L, 12L);
    assertThat(report.duplicated()).containsExactly(8L, 9L);
    assertThat(report.exactlyOnce()).isFalse();
  }

  @Test
  void ignoresUncommittedFilesAndReportsNumbersPastTheEnd() throws IOException {
    Files.writeString(output.resolve("part-a-0"), lines(0, 8));
    Files.writeString(output.resolve(".part-a-1.inprogress.0f2c"), lines(9, 11));

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkComplete(output, LANES, 8);

    assertThat(report.records()).isEqualTo(9);
    assertThat(report.unexpected()).containsExactly(8L);
  }

  @Test
  void aWrongCountShowsLostOrReplayedState() throws IOException {
    Files.writeString(output.resolve("part-a-0"), lines(0, 5) + "6,1\n");

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkPrefixes(output, LANES);

    assertThat(report.wrongCounts()).containsExactly("6 counted 1, expected 3");
  }

  @Test
  void aRunningJobsOutputMayEndAtDifferentPointsPerLaneButNotHaveGaps() throws IOException {
    // Lane 0 is at 9, lane 1 at 4, lane 2 lost 5 but went on to 8.
    Files.writeString(output.resolve("part-a-0"), "0,1\n3,2\n6,3\n9,4\n1,1\n4,2\n2,1\n8,3\n");

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkPrefixes(output, LANES);

    assertThat(report.lost()).containsExactly(5L);
    assertThat(report.duplicated()).isEmpty();
  }
  private static final long SPAN = 1000;

  /** {@link RangeSequenceJob}'s lines {@code n,count} for numbers from..to (inclusive) of one range, counted correctly. */
  private static String rangeLines(long from, long to) {
    StringBuilder text = new StringBuilder();
    for (long n = from; n <= to; n++) {
      text.append(n).append(',').append(n - n / SPAN * SPAN + 1).append('\n');
    }
    return text.toString();
  }

  @Test
  void rangesThatArePrefixesOfThemselvesPass() throws IOException {
    Files.writeString(output.resolve("part-a-0"), rangeLines(0, 40) + rangeLines(2000, 2010));
    Files.writeString(output.resolve("part-b-0"), rangeLines(41, 99) + rangeLines(1000, 1500));
    Files.writeString(output.resolve(".part-b-1.inprogress.0f2c"), rangeLines(100, 120));

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkRanges(output, SPAN);

    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(report.records()).isEqualTo(100 + 501 + 11);
    assertThat(report.highest()).isEqualTo(2010);
  }

  @Test
  void rangesNameTheirGapsRepeatsAndWrongCounts() throws IOException {
    // Range 1 lost 1000 (its start) and 1003; 1005 and 1006 were committed twice; range 2 restarted its count at 2003.
    Files.writeString(output.resolve("part-a-0"), rangeLines(1001, 1002) + rangeLines(1004, 1006) + rangeLines(2000, 2002));
    Files.writeString(output.resolve("part-b-0"), rangeLines(1005, 1006) + "2003,1\n");

    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkRanges(output, SPAN);

    assertThat(report.lost()).containsExactly(1000L, 1003L);
    assertThat(report.duplicated()).containsExactly(1005L, 1006L);
    assertThat(report.wrongCounts()).containsExactly("2003 counted 1, expected 4");
    assertThat(report.exactlyOnce()).isFalse();
  }
}
