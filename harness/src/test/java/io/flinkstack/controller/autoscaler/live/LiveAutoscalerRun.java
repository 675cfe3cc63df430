package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JarRunRequest;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.testjob.BottleneckJob;
import io.flinkstack.testjob.SequenceJobJar;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live scenario shared by {@link LiveAutoscalerTest} and {@link LiveAutoscalerBench}: {@link BottleneckJob}
 * at parallelism 1 on a running cluster, a 3× load step by rewriting its rate file, and the live autoscaler
 * called every 2 s until it has converged (a decision with no rescale in which no vertex was back-pressured)
 * or the time is up. Small numbers so that two shared cores can run it: 100 → 300 records/s, 150 records/s
 * per bottleneck subtask, 1 KB records.
 */
public final class LiveAutoscalerRun {
  public static final double BASE_RATE = 100;
  public static final double STEP = 3;
  public static final double CAPACITY = 150;
  /** Back-pressure below this (ms per second, per subtask, over a window) counts as none: checkpoint alignment and noise. */
  public static final double BACK_PRESSURE_NOISE_MS = 50;
  public static final ObjectRef ABOUT = new ObjectRef("v1", "ConfigMap", "default", "bottleneck", "uid-1");

  /** Act or monitor, a 20 s window, a decision every 5 s, 15 s stabilization, scale-down only after 10 min. */
  public static AutoscalerDeclaration declaration(String mode) {
    return new AutoscalerDeclaration(true, mode, 0.7, 0.3, "1 min", "10 s", "20 s", "5 s", "15 s", "10 min", 3,
        4.0, 2.0, null, null);
  }

  /** What a run did. */
  public record Result(String jobId, List<ScalingDecisionRecord> decisions, int stepsToConverge, boolean converged,
      Map<String, Integer> parallelismAtEnd, List<String> log) {}

  private LiveAutoscalerRun() {}

  /**
   * {@link BottleneckJob} started at {@code parallelism} under {@link #BASE_RATE} (its rate file {@link #rateFile} in
   * {@code work}, which a test rewrites to change the load), all its tasks running; returns its job id.
   */
  public static String startBottleneck(FlinkRestClient flink, Path work, int parallelism) throws Exception {
    Files.createDirectories(work);
    String jar = flink.uploadJar(SequenceJobJar.build(work.resolve("jar")));
    writeRate(rateFile(work), BASE_RATE);
    String jobId = flink.runJar(jar, JarRunRequest.defaults().withEntryClass(BottleneckJob.class.getName())
        .withParallelism(parallelism).withProgramArgs(List.of("--rate-file", rateFile(work).toString(), "--capacity",
            String.valueOf(CAPACITY))));
    flink.awaitJob(jobId, details -> details.isFullyRunning(), Duration.ofSeconds(90));
    return jobId;
  }

  /** The bottleneck job's rate file in {@code work}. */
  public static Path rateFile(Path work) {
    return work.resolve("rate");
  }

  public static Result run(FlinkRestClient flink, Path work, String mode, int slotsPerTaskManager, Duration limit,
      EventRecorder events, MeterRegistry registry, Consumer<String> progress) throws Exception {
    String jobId = startBottleneck(flink, work, 1);
    Path rateFile = rateFile(work);
    List<String> log = new ArrayList<>();
    Consumer<String> say = line -> {
      log.add(line);
      progress.accept(line);
    };
    LiveAutoscaler autoscaler = new LiveAutoscaler(flink, declaration(mode), slotsPerTaskManager, events, registry,
        Clock.systemUTC());
    long started = System.nanoTime();
    writeRate(rateFile, BASE_RATE * STEP);
    say.accept(String.format(Locale.ROOT, "job %s running at parallelism 1; load step %.0f → %.0f records/s (bottleneck"
        + " %.0f records/s per subtask), autoscaler in %s mode", jobId, BASE_RATE, BASE_RATE * STEP, CAPACITY, mode));
    List<ScalingDecisionRecord> decisions = new ArrayList<>();
    int rescales = 0;
    boolean converged = false;
    long deadline = started + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(2000);
      var decision = autoscaler.pass(ABOUT, jobId);
      if (decision.isEmpty()) {
        continue;
      }
      ScalingDecisionRecord record = decision.get();
      decisions.add(record);
      say.accept(String.format(Locale.ROOT, "+%3ds %s: %s", (System.nanoTime() - started) / 1_000_000_000L,
          record.action(), describe(record)));
      if (record.action().equals(ScalingDecisionRecord.RESCALED)) {
        rescales++;
        continue;
      }
      boolean backPressured = record.vertices().stream().anyMatch(v -> v.backPressuredTimeMsPerSecond() != null
          && v.backPressuredTimeMsPerSecond() > BACK_PRESSURE_NOISE_MS);
      if (!record.rescale() && !backPressured && record.action().equals(ScalingDecisionRecord.NONE)) {
        converged = true;
        break;
      }
      if (mode.equals(AutoscalerDeclaration.MODE_MONITOR) && record.rescale()) {
        break; // monitor mode: the recommendation is what there is to see
      }
    }
    Map<String, Integer> parallelism = new java.util.LinkedHashMap<>();
    flink.job(jobId).vertices().forEach(v -> parallelism.put(v.name(), v.parallelism()));
    say.accept("parallelism at the end: " + parallelism + (converged ? ", converged" : ", NOT converged"));
    return new Result(jobId, decisions, rescales, converged, parallelism, log);
  }

  static String describe(ScalingDecisionRecord record) {
    StringBuilder line = new StringBuilder(record.summary());
    for (ScalingDecisionRecord.Vertex v : record.vertices()) {
      line.append(String.format(Locale.ROOT, " | %s p%d→%d %s in %s/s true %s/s busy %s bp %s backlog %s", v.name(),
          v.from(), v.to(), v.reason(), fmt(v.observedRate()), fmt(v.trueProcessingRate()),
          fmt(v.busyTimeMsPerSecond()), fmt(v.backPressuredTimeMsPerSecond()), fmt(v.backlog())));
    }
    return line.toString();
  }

  private static String fmt(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }

  /** Atomically, so the job never reads a half-written number. */
  public static void writeRate(Path rateFile, double rate) {
    try {
      Path next = rateFile.resolveSibling(rateFile.getFileName() + ".next");
      Files.writeString(next, String.valueOf(rate));
      Files.move(next, rateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
