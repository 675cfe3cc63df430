package io.flinkstack.controller.reconcile;

import java.time.Duration;

/**
 * The controller's knobs.
 *
 * @param flinkRequestTimeout per REST call to a JobManager; beyond it the JobManager counts as unreachable
 * @param operationWaitPerPass how long one pass waits for a savepoint or disposal to finish before leaving
 *     it pending for the next pass (keeps one slow savepoint from holding up every other declaration)
 * @param operationTimeout a savepoint or disposal still running after this counts as failed
 * @param backoffInitial wait after a first failure; doubles with each failure in a row
 * @param backoffMax the longest wait between attempts
 * @param defaultHistoryMaxCount savepoints kept when a declaration sets no {@code savepointHistoryMaxCount}
 * @param maxActionsPerPass savepoint actions (take, finish, dispose) at most in one pass of one declaration
 */
public record ControllerSettings(
    Duration flinkRequestTimeout,
    Duration operationWaitPerPass,
    Duration operationTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    int defaultHistoryMaxCount,
    int maxActionsPerPass) {

  /**
   * 10 s REST timeout, 5 s wait per pass, 15 min operation timeout (more than Flink's default checkpoint
   * timeout of 10 min, so Flink normally reports a stuck savepoint as failed first), backoff 10 s … 10 min,
   * 10 savepoints kept (as the Apache operator), 5 actions per pass.
   */
  public static ControllerSettings defaults() {
    return new ControllerSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(15),
        Duration.ofSeconds(10), Duration.ofMinutes(10), 10, 5);
  }

  public ControllerSettings withFlinkRequestTimeout(Duration value) {
    return new ControllerSettings(value, operationWaitPerPass, operationTimeout, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass);
  }

  public ControllerSettings withOperationWaitPerPass(Duration value) {
    return new ControllerSettings(flinkRequestTimeout, value, operationTimeout, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass);
  }

  public ControllerSettings withOperationTimeout(Duration value) {
    return new ControllerSettings(flinkRequestTimeout, operationWaitPerPass, value, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass);
  }

  public ControllerSettings withBackoff(Duration initial, Duration max) {
    return new ControllerSettings(flinkRequestTimeout, operationWaitPerPass, operationTimeout, initial, max, defaultHistoryMaxCount, maxActionsPerPass);
  }

  public ControllerSettings withDefaultHistoryMaxCount(int value) {
    return new ControllerSettings(flinkRequestTimeout, operationWaitPerPass, operationTimeout, backoffInitial, backoffMax, value, maxActionsPerPass);
  }
}
