package io.flinkstack.controller.testing;

import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.ReconcileResult;
import io.flinkstack.controller.reconcile.Reconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Passes as a controller loop makes them between its periods: a pass never waits for what it started (a
 * savepoint, a rescale); it asks to look again, and these run the next pass when it asked to, until no pass
 * asks any more. What a single {@code reconcile} did before passes stopped waiting inside.
 */
public final class Passes {
  /** A declaration still asking to look again after this is a test failure. */
  public static final Duration BUDGET = Duration.ofSeconds(90);

  private Passes() {}

  /**
   * Controller settings for these passes: what is in flight (a savepoint, a rescale) is looked at again every
   * 100 ms, Flink's requests time out after {@code flinkRequestTimeout}.
   */
  public static ControllerSettings settings(Duration flinkRequestTimeout) {
    return ControllerSettings.defaults().withLookAgainInFlight(Duration.ofMillis(100)).withFlinkRequestTimeout(flinkRequestTimeout);
  }

  /** Passes of {@code reconciler} over {@code declaration} until one asks for no re-look; the last one's result. */
  public static ReconcileResult settle(Reconciler reconciler, FlinkJob declaration) {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    ReconcileResult result = reconciler.reconcile(declaration);
    while (result.lookAgainAfter() != null) {
      sleepUntil(result.lookAgainAfter(), deadline, result.toString());
      result = reconciler.reconcile(declaration);
    }
    return result;
  }

  /** A full pass of the loop, then its re-looks as they fall due, until none is asked for; every pass's result. */
  public static List<ReconcileResult> settle(ControllerLoop loop) {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    List<ReconcileResult> results = new ArrayList<>(loop.runOnce());
    for (Optional<Duration> next = loop.untilNextLookAgain(); next.isPresent(); next = loop.untilNextLookAgain()) {
      sleepUntil(next.get(), deadline, results.get(results.size() - 1).toString());
      results.addAll(loop.runDue());
    }
    return results;
  }

  private static void sleepUntil(Duration wait, long deadline, String last) {
    if (System.nanoTime() - deadline > 0) {
      throw new AssertionError("still asking to look again after " + BUDGET + ": " + last);
    }
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
