package io.flinkstack.harness.simulation;

import io.flinkstack.controller.autoscaler.AutoscalerSettings;
import io.flinkstack.controller.autoscaler.JobTopology;
import io.flinkstack.controller.autoscaler.Partitioning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything a simulation run depends on.
 *
 * @param stages the pipeline, source first
 * @param load what arrives at the source
 * @param settings the autoscaler's settings
 * @param restartDuration how long a rescale really stops the job (the settings hold the autoscaler's estimate)
 * @param metricsWindow how much history each evaluation sees
 * @param evaluationInterval how often the autoscaler runs
 * @param convergenceLimit give up if the job has not converged this long after the load step
 * @param steadyDuration how long the steady phase after convergence lasts
 * @param slotsPerTaskManager for the TaskManager count in the decisions
 */
public record SimulationScenario(
    List<SimulatedStage> stages, LoadProfile load, AutoscalerSettings settings, Duration restartDuration,
    Duration metricsWindow, Duration evaluationInterval, Duration convergenceLimit, Duration steadyDuration,
    int slotsPerTaskManager) {

  public SimulationScenario {
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one stage");
    }
    if (metricsWindow.toSeconds() < 1 || evaluationInterval.toSeconds() < 1) {
      throw new IllegalArgumentException("metrics window and evaluation interval must be >= 1 s");
    }
  }

  /**
   * The bench's job: {@code source} (12 partitions, 8000 rec/s per subtask, parallelism 1) → keyBy →
   * {@code enrich} (the bottleneck: 1000 rec/s per subtask, 128 key groups, emits 2 records per record,
   * parallelism 4) → rebalance → {@code sink} (4000 rec/s per subtask, parallelism 2). 2000 rec/s arrive
   * (±5 % wave over 47 min, ±10 % per-second noise), so every stage starts at about half its capacity; after
   * 30 min the load triples. A rescale stops the job for 60 s. The autoscaler sees 5-min windows every
   * minute and uses 0.7 ± 0.3, a 10-min catch-up, a 1-min restart estimate, 2-min stabilization and a
   * 30-min / 3-evaluation scale-down delay.
   */
  public static SimulationScenario standard() {
    List<SimulatedStage> stages = List.of(
        new SimulatedStage("source", 8000, 1, 1, 128, 12, Partitioning.FORWARD),
        new SimulatedStage("enrich", 1000, 2, 4, 128, 0, Partitioning.HASH),
        new SimulatedStage("sink", 4000, 0, 2, 128, 0, Partitioning.REBALANCE));
    LoadProfile load = new LoadProfile(2000, 3, Duration.ofMinutes(30), 0.05, Duration.ofMinutes(47), 0.10, 42);
    AutoscalerSettings settings = AutoscalerSettings.defaults()
        .withUtilization(0.7, 0.3)
        .withCatchUpDuration(Duration.ofMinutes(10))
        .withRestartTime(Duration.ofMinutes(1))
        .withStabilizationInterval(Duration.ofMinutes(2))
        .withScaleDownDelay(Duration.ofMinutes(30), 3)
        .withMaxFactors(4, 2);
    return new SimulationScenario(stages, load, settings, Duration.ofSeconds(60), Duration.ofMinutes(5),
        Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofHours(6), 2);
  }

  public SimulationScenario withStepFactor(double factor) {
    LoadProfile l = new LoadProfile(load.baseRate(), factor, load.stepAt(), load.waveAmplitude(), load.wavePeriod(),
        load.noise(), load.seed());
    return new SimulationScenario(stages, l, settings, restartDuration, metricsWindow, evaluationInterval,
        convergenceLimit, steadyDuration, slotsPerTaskManager);
  }

  public SimulationScenario withSeed(long seed) {
    LoadProfile l = new LoadProfile(load.baseRate(), load.stepFactor(), load.stepAt(), load.waveAmplitude(),
        load.wavePeriod(), load.noise(), seed);
    return new SimulationScenario(stages, l, settings, restartDuration, metricsWindow, evaluationInterval,
        convergenceLimit, steadyDuration, slotsPerTaskManager);
  }

  public SimulationScenario withSteadyDuration(Duration steady) {
    return new SimulationScenario(stages, load, settings, restartDuration, metricsWindow, evaluationInterval,
        convergenceLimit, steady, slotsPerTaskManager);
  }


  /** The linear topology the autoscaler is given: each stage feeds the next. */
  public JobTopology topology() {
    JobTopology.Builder builder = JobTopology.builder().vertex(stages.get(0).id());
    for (int i = 1; i < stages.size(); i++) {
      builder.edge(stages.get(i - 1).id(), stages.get(i).id(), stages.get(i).input());
    }
    return builder.build();
  }

  /** For people: one line per stage, then the load and the autoscaler's settings. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      SimulatedStage s = stages.get(i);
      lines.add(String.format(Locale.ROOT, "  %-7s %s%.0f rec/s per subtask, parallelism %d, max parallelism %d%s%s",
          s.id(), i == 0 ? "" : "(" + s.input() + " in) ", s.capacityPerSubtask(), s.initialParallelism(),
          s.maxParallelism(), s.partitions() > 0 ? ", " + s.partitions() + " partitions" : "",
          s.outputRatio() > 0 ? String.format(Locale.ROOT, ", %.1f out per in", s.outputRatio()) : ", sink"));
    }
    lines.add(String.format(Locale.ROOT,
        "  load    %.0f rec/s, ×%.1f at %s, wave ±%.0f%% over %s, noise ±%.0f%% per second (seed %d)",
        load.baseRate(), load.stepFactor(), clock(load.stepAt().toSeconds()), 100 * load.waveAmplitude(),
        load.wavePeriod().toMinutes() + " min", 100 * load.noise(), load.seed()));
    lines.add(String.format(Locale.ROOT,
        "  restart %d s per rescale; autoscaler every %s over a %s window: utilization %.2f ± %.2f, catch-up %s,"
            + " restart estimate %s, stabilization %s, scale-down after %s and %d evaluations,"
            + " max factors ×%.1f/÷%.1f",
        restartDuration.toSeconds(), evaluationInterval.toSeconds() + " s", metricsWindow.toMinutes() + " min",
        settings.targetUtilization(), settings.utilizationBand(), settings.catchUpDuration().toMinutes() + " min",
        settings.restartTime().toSeconds() + " s", settings.stabilizationInterval().toMinutes() + " min",
        settings.scaleDownGracePeriod().toMinutes() + " min", settings.scaleDownMinEvaluations(),
        settings.scaleUpMaxFactor(), settings.scaleDownMaxFactor()));
    return lines;
  }

  static String clock(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
