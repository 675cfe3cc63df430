package io.flinkstack.constructs.validation;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What is accepted but should be seen: printed to standard error when a construct is created, one line per
 * warning, so that {@code cdk8s synth}, {@code ./flinkstack synth} and a team's own build all show it. The
 * manifests are written anyway.
 */
public final class Warnings {
  private static volatile PrintStream out = System.err;

  private Warnings() {}

  public static void warn(Supplier<String> path, String field, String message) {
    out.println("flinkstack warning: " + Problems.oneLine(path.get()) + ": " + Problems.oneLine(field) + ": "
        + Problems.oneLine(message));
  }

  /** For tests: where warnings go; returns the previous stream. */
  public static PrintStream redirect(PrintStream stream) {
    PrintStream previous = out;
    out = stream;
    return previous;
  }
}
