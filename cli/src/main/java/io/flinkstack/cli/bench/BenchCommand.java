package io.flinkstack.cli.bench;

import picocli.CommandLine.Command;

/** Speed benchmarks. Each prints its figures; the last line is the one to compare across runs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks that print their figures.",
        "Also, through the ./flinkstack script (they need the e2e module's Flink classpath):",
        "  upgrade  a savepoint-mode upgrade of a synthesized application on real local Flink JVMs;",
        "           last line: upgrade savepoint_s=X gap_s=Y lost=N duplicated=M",
        "  rescale  rescaling on TaskManager changes, in place and by restart;",
        "           last line: rescale inplace_gap_s=A restart_gap_s=B hpa_to_running_s=C lost=N duplicated=M",
        "  versions every accepted Flink version's synthesized application run on that version's own jars",
        "           with the runtime controller's transitions on a session cluster and on the application (with HA)",
        "           (optional arguments: the versions, e.g. 2.1 2.3);",
        "           last line: versions ok=N of M sessions_ok=K of L applications_ok=A of M",
        "  controller the runtime controller in its own JVM against the mock API server holding N applications and a",
        "           simulated Flink REST server (--apps N, --requests K, --interval, --timeout); last line:",
        "           controller apps=N p50_ms=... p99_ms=... burst_p99_ms=... heap_mb=... api_rps=..."},
    subcommands = {SynthBench.class, AutoscalerBench.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
