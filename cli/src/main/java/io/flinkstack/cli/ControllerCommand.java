package io.flinkstack.cli;

import io.flinkstack.controller.app.ControllerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flinkstack controller [flags]}: the runtime controller, exactly as its own jar runs it
 * ({@link ControllerMain}: same flags, same messages, same exit codes). Every argument goes to it unparsed,
 * {@code --help} included.
 */
@Command(name = "controller",
    description = "Run the runtime controller (e.g. --kubeconfig ~/.kube/config --once); `flinkstack controller --help` lists its flags.")
public final class ControllerCommand implements Callable<Integer> {
  @CommandLine.Unmatched List<String> args = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return ControllerMain.execute(args.toArray(String[]::new), spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
