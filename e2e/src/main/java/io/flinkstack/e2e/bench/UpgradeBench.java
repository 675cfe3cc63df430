package io.flinkstack.e2e.bench;

import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.e2e.LocalDeployment;
import io.flinkstack.e2e.OutputWatcher;
import io.flinkstack.e2e.SequenceApplication;
import io.flinkstack.e2e.Waits;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code flinkstack bench upgrade}: a savepoint-mode upgrade of a synthesized application on the real local
 * cluster (mock API server, pods as Flink JVMs, the runtime controller). A new image is applied while the
 * exactly-once sequence job runs; the bench reports how long the stop-with-savepoint took and the longest
 * time around the upgrade in which the job committed no output record (JobManager and TaskManager restarts
 * included). To count lost and duplicated records it then suspends the job, resumes it with an end and
 * checks its whole output. Last line: {@code upgrade savepoint_s=X gap_s=Y lost=N duplicated=M}.
 */
public final class UpgradeBench {
  private static final Duration WAIT = Duration.ofMinutes(3);
  // The mock API server logs every request through java.util.logging; kept here so the level sticks.
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private UpgradeBench() {}

  public static void main(String[] args) throws IOException {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinkstack-bench-upgrade");
    SequenceApplication app = SequenceApplication.of("bench", "flink", Files.createDirectories(work.resolve("output")));
    ControllerSettings settings = ControllerSettings.defaults()
        .withLookAgainInFlight(Duration.ofMillis(200))
        .withFlinkRequestTimeout(Duration.ofSeconds(10));
    log("work directory " + work);
    try (LocalDeployment deployment = LocalDeployment.start(app, work, settings, Duration.ofMillis(200));
        OutputWatcher output = new OutputWatcher(app.output(), app.lanes(), Duration.ofMillis(20))) {
      FlinkRestClient flink = new FlinkRestClient(deployment.pods().restUrl(), Duration.ofSeconds(10));
      deployment.pods().awaitPodsReady(WAIT);
      await(deployment, "the job to run", status -> status.lifecycle() == LifecycleState.STABLE);
      Waits.until("committed output", WAIT, output::records, records -> records >= 200);
      log("running; committed " + output.records() + " records");

      Instant applied = Instant.now();
      SequenceApplication upgraded = app.withImageTag("2");
      deployment.apply(upgraded);
      RuntimeStatus done = await(deployment, "the upgrade", status -> status.transition() == null
          && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.UPGRADE);
      if (!"succeeded".equals(done.lastTransition().outcome())) {
        throw new IllegalStateException("the upgrade failed: " + done.lastTransition().message());
      }
      Instant finished = done.lastTransition().finishedAt();
      Instant resumedOutput = Waits.until("output after the upgrade", WAIT, () -> Optional.ofNullable(output.firstGrowthAfter(finished)),
          Optional::isPresent).orElseThrow();
      double gap = output.longestGap(applied, resumedOutput).toMillis() / 1000.0;
      double savepoint = done.lastTransition().savepointSeconds() == null ? 0 : done.lastTransition().savepointSeconds();
      log(String.format(Locale.ROOT, "upgrade took %.2f s from apply to the new job running; output resumed %.2f s after apply",
          Duration.between(applied, finished).toMillis() / 1000.0, Duration.between(applied, resumedOutput).toMillis() / 1000.0));

      // Count: suspend, resume with an end, let it finish, check every record.
      ExactlyOnceChecker.Report report = deployment.finishAndCheck(upgraded, WAIT);
      log("final run: " + report);
      System.out.println(String.format(Locale.ROOT, "upgrade savepoint_s=%.2f gap_s=%.2f lost=%d duplicated=%d",
          savepoint, gap, report.lost().size(), report.duplicated().size() + report.unexpected().size()));
    }
  }

  private static RuntimeStatus await(LocalDeployment deployment, String what, Predicate<RuntimeStatus> done) {
    return deployment.awaitStatus(what, WAIT, done);
  }

  private static void log(String line) {
    System.out.println("bench upgrade: " + line);
  }
}
