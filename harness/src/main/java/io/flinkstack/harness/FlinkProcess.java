package io.flinkstack.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One Flink JVM a harness started, with where it writes. */
public final class FlinkProcess {
  private final String name;
  private final Process process;
  // Held so the pipe stays open: ExitWithParent in the child halts when it closes.
  @SuppressWarnings("unused")
  private final OutputStream lifeline;
  private final Path logFile;
  private final Path outFile;

  FlinkProcess(String name, Process process, Path logFile, Path outFile) {
    this.name = name;
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.logFile = logFile;
    this.outFile = outFile;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** {@code kill -9}: no shutdown hooks run, as when a pod or machine dies. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** The exit code, once the process has ended. */
  public java.util.OptionalInt exitCode() {
    return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
  }

  /**
   * SIGTERM, as the kubelet sends it: the JVM runs its shutdown hooks (Flink closes its services); a
   * process still alive after {@code grace} gets SIGKILL.
   */
  public void terminate(java.time.Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /**
   * For error messages: the log's ERROR and "Caused by" lines (the tail alone is often stack frames),
   * then the last lines of stdout/stderr and of the log.
   */
  public String diagnostics() {
    List<String> log = lines(logFile);
    List<String> errors =
        log.stream().filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by: ")).limit(20).toList();
    return name + " (pid " + pid() + (isAlive() ? ", running" : ", exited " + process.exitValue()) + ")\n"
        + "--- errors in " + logFile + "\n" + join(errors)
        + "--- end of " + outFile + "\n" + join(tail(lines(outFile), 20))
        + "--- end of " + logFile + "\n" + join(tail(log, 30));
  }

  /**
   * The last {@code count} lines of the log that tell why a job waits or fails: warnings, errors and their causes,
   * and the ResourceManager's, slot pool's and JobMaster's lines about TaskManagers and slots (logged at INFO), each
   * cut at {@value #TELLING_LINE_LENGTH} characters.
   */
  public List<String> tellingLines(int count) {
    return telling(lines(logFile), count);
  }

  static List<String> telling(List<String> log, int count) {
    List<String> telling =
        log.stream()
            .filter(line -> line.startsWith("Caused by: ")
                || (TIMESTAMPED.matcher(line).lookingAt() && TELLING_MARKERS.stream().anyMatch(line::contains)))
            .map(line -> line.length() > TELLING_LINE_LENGTH ? line.substring(0, TELLING_LINE_LENGTH) + "…" : line)
            .toList();
    return tail(telling, count);
  }

  private static final int TELLING_LINE_LENGTH = 400;
  // Flink's log4j console pattern starts each event with HH:mm:ss,SSS; stack frames and wrapped text do not.
  private static final java.util.regex.Pattern TIMESTAMPED = java.util.regex.Pattern.compile("\\d{2}:\\d{2}:\\d{2},\\d{3} ");
  private static final List<String> TELLING_MARKERS =
      List.of(" WARN ", " ERROR ", ".resourcemanager.", ".slotpool.", ".jobmaster.JobMaster ", "TaskExecutor ");

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of("(cannot read: " + e.getMessage() + ")");
    }
  }

  private static List<String> tail(List<String> lines, int count) {
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  private static String join(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }
}
