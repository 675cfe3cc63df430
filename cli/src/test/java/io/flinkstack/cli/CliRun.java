package io.flinkstack.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the CLI in this JVM as {@code flinkstack ARGS} runs it, keeping what it printed. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** {@code flinkstack ARGS}. */
  int run(String... args) {
    return run(null, args);
  }

  /** One command (e.g. a {@code SynthCommand} over other definitions), or the whole CLI when null. */
  int run(Object command, String... args) {
    CommandLine cli = command == null ? Main.newCommandLine() : new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Regular files under {@code dir}, 0 when it does not exist. */
  static long files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
