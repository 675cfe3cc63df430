package io.flinkstack.controller.reconcile;

import io.flinkstack.controller.submission.JarFetchSettings;
import java.time.Duration;

/**
 * The controller's knobs.
 *
 * @param flinkRequestTimeout per REST call to a JobManager; beyond it the JobManager counts as unreachable
 * @param lookAgainInFlight how soon a declaration is looked at again while something the controller started
 *     runs elsewhere (a savepoint, a stop-with-savepoint, a rescale, pods coming back): a pass never waits for
 *     it, it asks the loop to come back after this (sooner than the loop's period)
 * @param operationTimeout a savepoint or disposal still running after this counts as failed
 * @param backoffInitial wait after a first failure; doubles with each failure in a row
 * @param backoffMax the longest wait between attempts
 * @param defaultHistoryMaxCount savepoints kept when a declaration sets no {@code savepointHistoryMaxCount}
 * @param maxActionsPerPass savepoint actions (take, finish, dispose) at most in one pass of one declaration
 * @param jarFetch how session job jars are downloaded: allowed hosts, deadline, size limit
 * @param savepointSnapshots also list the savepoints the controller takes itself (periodic, nonce, upgrade, suspend,
 *     rescale) as FlinkSnapshots: a create and a status write per savepoint, so off by default (see the controller's
 *     README, "FlinkSnapshots of the controller's own savepoints")
 */
public record ControllerSettings(
    Duration flinkRequestTimeout,
    Duration lookAgainInFlight,
    Duration operationTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    int defaultHistoryMaxCount,
    int maxActionsPerPass,
    JarFetchSettings jarFetch,
    boolean savepointSnapshots) {
  /**
   * FlinkJobs reconciled at once by a started {@link ControllerLoop}: passes mostly wait on Flink's REST API, so a few
   * threads keep one slow JobManager from delaying the others' savepoints.
   */
  public static final int DEFAULT_WORKERS = 4;

  /**
   * 10 s REST timeout, a look again after 500 ms at what is in flight, 15 min operation timeout (more than Flink's default checkpoint
   * timeout of 10 min, so Flink normally reports a stuck savepoint as failed first), backoff 10 s … 10 min,
   * 10 savepoints kept (as the Apache operator), 5 actions per pass, {@link JarFetchSettings#defaults()}, the
   * controller's own savepoints not listed as FlinkSnapshots.
   */
  public static ControllerSettings defaults() {
    return new ControllerSettings(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofMinutes(15),
        Duration.ofSeconds(10), Duration.ofMinutes(10), 10, 5, JarFetchSettings.defaults(), false);
  }

  public ControllerSettings withFlinkRequestTimeout(Duration value) {
    return new ControllerSettings(value, lookAgainInFlight, operationTimeout, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass, jarFetch, savepointSnapshots);
  }

  public ControllerSettings withLookAgainInFlight(Duration value) {
    return new ControllerSettings(flinkRequestTimeout, value, operationTimeout, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass, jarFetch, savepointSnapshots);
  }

  public ControllerSettings withOperationTimeout(Duration value) {
    return new ControllerSettings(flinkRequestTimeout, lookAgainInFlight, value, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass, jarFetch, savepointSnapshots);
  }

  public ControllerSettings withBackoff(Duration initial, Duration max) {
    return new ControllerSettings(flinkRequestTimeout, lookAgainInFlight, operationTimeout, initial, max, defaultHistoryMaxCount, maxActionsPerPass, jarFetch, savepointSnapshots);
  }

  public ControllerSettings withDefaultHistoryMaxCount(int value) {
    return new ControllerSettings(flinkRequestTimeout, lookAgainInFlight, operationTimeout, backoffInitial, backoffMax, value, maxActionsPerPass, jarFetch, savepointSnapshots);
  }

  public ControllerSettings withJarFetch(JarFetchSettings value) {
    return new ControllerSettings(flinkRequestTimeout, lookAgainInFlight, operationTimeout, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass, value, savepointSnapshots);
  }

  public ControllerSettings withSavepointSnapshots(boolean value) {
    return new ControllerSettings(flinkRequestTimeout, lookAgainInFlight, operationTimeout, backoffInitial, backoffMax, defaultHistoryMaxCount, maxActionsPerPass, jarFetch, value);
  }
}
