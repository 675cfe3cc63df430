package io.flinkstack.harness.pods;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the pod harness' {@link PodHarness#diagnostics()} into a failing test's message: a CI log keeps the test
 * summary, not the pods' log files, and a job that waits for slots looks the same from its REST API whatever it
 * waits for.
 */
final class PodHarnessDiagnostics implements TestExecutionExceptionHandler {
  private final Supplier<PodHarness> harness;

  PodHarnessDiagnostics(Supplier<PodHarness> harness) {
    this.harness = harness;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    PodHarness running = harness.get();
    if (running == null) {
      throw failure;
    }
    String diagnostics;
    try {
      diagnostics = running.diagnostics();
    } catch (RuntimeException unreadable) {
      diagnostics = "(no diagnostics: " + unreadable + ")";
    }
    throw new AssertionError(failure.getMessage() + "\n" + diagnostics, failure);
  }
}
