package io.flinkstack.cli;

import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.examples.Examples;
import java.util.concurrent.Callable;
import org.cdk8s.App;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The cdk8s app entry: what {@code cdk8s synth} runs (see cdk8s.yaml). Builds every example in one App and
 * calls cdk8s' own {@code app.synth()}, which writes to {@code $CDK8S_OUTDIR} (default {@code dist}).
 */
@Command(name = "app", mixinStandardHelpOptions = true,
    description = "Run the examples as a cdk8s app (what `cdk8s synth` calls); writes with cdk8s' own app.synth().")
public final class AppCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    App app = new App();
    try {
      Examples.all().values().forEach(d -> d.accept(app));
    } catch (ValidationException e) {
      for (Problem p : e.problems()) {
        spec.commandLine().getErr().println(p);
      }
      return Main.EXIT_BAD_INPUT;
    }
    app.synth();
    return 0;
  }
}
