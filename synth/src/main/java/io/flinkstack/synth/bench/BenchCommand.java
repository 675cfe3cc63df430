package io.flinkstack.synth.bench;

import picocli.CommandLine.Command;

/** Speed benchmarks. Each prints its figures; the last line is the one to compare across runs. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print their figures.",
    subcommands = {SynthBench.class, AutoscalerBench.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
