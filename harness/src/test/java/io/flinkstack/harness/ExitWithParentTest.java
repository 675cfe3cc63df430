package io.flinkstack.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExitWithParentTest {
  @Test
  void theChildHaltsWhenItsParentsPipeCloses() throws Exception {
    String classpath =
        System.getProperty("java.class.path")
            + File.pathSeparator
            + Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                ExitWithParent.class.getName(),
                SleepForever.class.getName())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(child.waitFor(1, TimeUnit.SECONDS)).as("the child ran its main class and kept running").isFalse();

      // What the operating system does when the parent dies, however it dies.
      child.getOutputStream().close();

      assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the child exited after the pipe closed").isTrue();
      assertThat(child.exitValue()).isEqualTo(143);
    } finally {
      child.destroyForcibly();
    }
  }
}
