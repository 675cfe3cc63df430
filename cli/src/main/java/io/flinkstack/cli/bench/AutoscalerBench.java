package io.flinkstack.cli.bench;

import io.flinkstack.harness.simulation.AutoscalerSimulation;
import io.flinkstack.harness.simulation.SimulationResult;
import io.flinkstack.harness.simulation.SimulationScenario;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Applies a load step to a simulated job and counts the autoscaler's rescales until nothing is back-pressured
 * (K), then counts its rescales over hours of steady load (F, flaps). The decisions come from the controller's
 * real autoscaler code; the job is a queueing model, not a Flink cluster.
 */
@Command(name = "autoscaler", mixinStandardHelpOptions = true,
    description = "Simulate a load step on a job and count the autoscaler's rescales to converge and its flaps"
        + " (the real decision code against a simulated job, not a live Flink cluster).")
public final class AutoscalerBench implements Callable<Integer> {
  @Option(names = "--step", defaultValue = "3", description = "Load step factor (default ${DEFAULT-VALUE}).")
  double step;

  @Option(names = "--steady-hours", defaultValue = "6",
      description = "Simulated hours of steady load after convergence (default ${DEFAULT-VALUE}).")
  int steadyHours;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the load noise (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--live-classpath-file",
      description = "A file holding a Java classpath with Flink 1.20, module testjob and the harness module's test classes"
          + " (see controller/README.md, Live autoscaler). When given, K comes from a live run on a local Flink cluster"
          + " (io.flinkstack.controller.autoscaler.live.LiveAutoscalerBench); F still from the simulation."
          + " Default: the environment variable FLINKSTACK_AUTOSCALER_LIVE_CLASSPATH_FILE, else simulation only.")
  java.nio.file.Path liveClasspathFile;

  static final String LIVE_MAIN = "io.flinkstack.controller.autoscaler.live.LiveAutoscalerBench";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!(step > 0) || steadyHours < 1) {
      spec.commandLine().getErr().println("flinkstack bench autoscaler: --step must be > 0 and --steady-hours >= 1");
      return 2;
    }
    SimulationScenario scenario = SimulationScenario.standard().withStepFactor(step).withSeed(seed)
        .withSteadyDuration(Duration.ofHours(steadyHours));
    out.println("SIMULATION: the controller's real autoscaler decision code (io.flinkstack.controller.autoscaler)"
        + " drives a simulated job, second by second (F always, K unless --live-classpath-file gives a live run);"
        + " the live autoscaler is io.flinkstack.controller.autoscaler.live.");
    out.println("scenario: a source → keyBy → enrich (the bottleneck, fixed capacity per subtask) → sink pipeline;"
        + " processed = min(input, capacity × parallelism), the backlog grows by the difference,"
        + " busy = processed / (capacity × parallelism), stages upstream of the saturated one are"
        + " back-pressured:");
    scenario.describe().forEach(out::println);
    out.println("steps (time since start; CONVERGING lines are every evaluation, STEADY shows hourly status):");
    SimulationResult result = AutoscalerSimulation.run(scenario);
    result.log().forEach(out::println);
    out.printf("rescales: warm-up %d, converging %d, steady %d; converged %s; max backlog %d records;"
            + " final parallelism %s%n",
        result.warmupRescales(), result.stepsToConverge(), result.flaps(),
        result.converged() ? "after " + result.convergenceTime().toMinutes() + " min" : "NO",
        Math.round(result.maxBacklog()), result.finalParallelism());
    out.printf("goals: steps_to_converge <= 2, flaps = 0 (K counts rescales from the step until no stage is"
        + " back-pressured; F counts rescales in the %d h of steady load after that)%n", steadyHours);
    int steps = result.stepsToConverge();
    boolean converged = result.converged();
    java.nio.file.Path classpathFile = liveClasspathFile != null ? liveClasspathFile
        : System.getenv("FLINKSTACK_AUTOSCALER_LIVE_CLASSPATH_FILE") != null
            ? java.nio.file.Path.of(System.getenv("FLINKSTACK_AUTOSCALER_LIVE_CLASSPATH_FILE")) : null;
    if (classpathFile != null) {
      out.println("LIVE run (K from here; F stays the simulation's):");
      out.flush();
      Integer live = runLive(classpathFile, out);
      if (live == null) {
        spec.commandLine().getErr().println("flinkstack bench autoscaler: the live run printed no result");
        return 1;
      }
      steps = live;
      converged = converged && liveConverged;
    } else {
      out.println("K and F are from the simulation (no --live-classpath-file: no Flink on this classpath)");
    }
    out.printf("autoscaler steps_to_converge=%d flaps=%d%n", steps, result.flaps());
    out.flush();
    return converged ? 0 : 1;
  }

  private boolean liveConverged;

  /** Runs the live bench in its own JVM with Flink on the classpath; returns its K, or null without a result line. */
  private Integer runLive(java.nio.file.Path classpathFile, PrintWriter out) {
    try {
      String classpath = java.nio.file.Files.readString(classpathFile).trim();
      String javaBinary = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(javaBinary, "-cp", classpath, LIVE_MAIN).redirectErrorStream(true).start();
      Integer steps = null;
      try (java.io.BufferedReader lines = new java.io.BufferedReader(
          new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          java.util.regex.Matcher m = java.util.regex.Pattern
              .compile("^live steps_to_converge=(\\d+) converged=(true|false)$").matcher(line);
          if (m.matches()) {
            steps = Integer.parseInt(m.group(1));
            liveConverged = Boolean.parseBoolean(m.group(2));
          }
          out.println("  " + line);
          out.flush();
        }
      }
      process.waitFor();
      return steps;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
