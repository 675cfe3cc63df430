package io.flinkstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flinkstack controller}: every argument reaches the controller's own command line, in order. */
class ControllerCommandTest {
  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void helpIsTheControllers() {
    assertThat(run("controller", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: controller", "--lease-namespace", "--metrics-port", "--kubeconfig", "--once");
  }

  @Test
  void anUnknownFlagIsTheControllersOneLine() {
    assertThat(run("controller", "--bogus")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).isEqualTo("controller: Unknown option: '--bogus' (see --help)\n");
  }

  @Test
  void flagValuesStayWithTheirFlags(@TempDir Path dir) {
    String missing = dir.resolve("missing").toString();
    assertThat(run("controller", "--interval", "10 s", "--once", "--kubeconfig", missing)).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString().lines()).containsExactly(
        "controller: --kubeconfig " + missing + ": no such readable file; give the path of a kubeconfig, e.g. ~/.kube/config");

    assertThat(run("controller", "--interval=soon", "--once")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("Invalid value for option '--interval': 'soon' is not a duration");
  }

  @Test
  void theMainHelpListsIt() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).containsPattern("(?m)^  controller +Run the runtime controller");
  }
}
