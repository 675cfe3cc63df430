package io.flinkstack.e2e.versions;

import io.flinkstack.e2e.Waits;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.testjob.RangeSequenceJob;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The committed output of the exactly-once job ({@link RangeSequenceJob}) of a version run, looked at after each
 * transition: it must have grown (the new job writes, from where the restored state says) and be exactly once so far
 * ({@link ExactlyOnceChecker#checkRanges}: every range a gap-free prefix of itself, no number twice, each counted at its
 * place). Until 2026-12-07 the exactly-once checks of transitions ran on Flink 1.20.3 only, with {@code SequenceJob}.
 */
final class CommittedOutput {
  /** More than one checkpoint's worth at the job's pace: output the job committed after the look before. */
  private static final long GROWTH = 200;
  private static final Duration WAIT = Duration.ofMinutes(2);

  private final Path directory;
  private long records;

  CommittedOutput(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  /** Waits for output committed after the last look; throws naming what is lost or duplicated as soon as anything is. */
  ExactlyOnceChecker.Report grewExactlyOnce(String after) {
    long before = records;
    ExactlyOnceChecker.Report report = Waits.until("committed output past " + (before + GROWTH) + " records after " + after
        + " in " + directory, WAIT, () -> ExactlyOnceChecker.checkRanges(directory, RangeSequenceJob.SPAN),
        seen -> !seen.exactlyOnce() || seen.records() > before + GROWTH);
    if (!report.exactlyOnce()) {
      throw new IllegalStateException("the job's committed output after " + after + " is not exactly once: " + report);
    }
    records = report.records();
    return report;
  }
}
