package io.flinkstack.cli;

import io.flinkstack.cli.bench.BenchCommand;
import io.flinkstack.cli.starter.Starter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code flinkstack}: create a project, synthesize, validate and benchmark Flink clusters defined with flinkstack. */
@Command(
    name = "flinkstack",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Apache Flink on Kubernetes, as code.",
    subcommands = {InitCommand.class, SynthCommand.class, ValidateCommand.class, AppCommand.class, BenchCommand.class, ControllerCommand.class})
public final class Main implements Runnable {
  /** Exit code for bad input: invalid construct properties, invalid manifests, unknown names. */
  public static final int EXIT_BAD_INPUT = 2;
  /**
   * Exit code of {@code synth} when the new manifests change fields that {@code kubectl apply} cannot change in the
   * objects created from the files already written; nothing is written. Not 3: {@code flinkstack controller} exits 3
   * when it loses its leadership.
   */
  public static final int EXIT_IMMUTABLE_CHANGES = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code --version}: the version the build wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"flinkstack " + Starter.flinkstackVersion()};
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int code = newCommandLine().execute(args);
    // JSII keeps a node child process and non-daemon threads alive: leave explicitly.
    System.exit(code);
  }

  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("flinkstack: internal error: " + e);
          commandLine.getErr().println("Please report it with the command you ran; run with FLINKSTACK_DEBUG=1 for details.");
          if (System.getenv("FLINKSTACK_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    return cli;
  }
}
