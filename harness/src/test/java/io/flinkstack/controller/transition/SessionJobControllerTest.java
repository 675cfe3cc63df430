package io.flinkstack.controller.transition;

import static io.flinkstack.controller.testing.KubernetesReads.eventReasons;
import static io.flinkstack.controller.testing.KubernetesReads.events;
import static io.flinkstack.controller.testing.KubernetesReads.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.step.Unrecorded;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.testing.MutableClock;
import io.flinkstack.controller.testing.Passes;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session jobs end to end: a REAL local session cluster, the declaration on the mock API server, the job jar
 * served over HTTPS. One sequence job is submitted, upgraded (with the controller killed at every step of an
 * upgrade in turn), kept through a failed savepoint and through an upgrade whose new jar is not there, suspended
 * and resumed, deleted (stopped with a savepoint) and declared again from that savepoint, made to fail and replaced
 * from its latest checkpoint, restarted by a nonce, upgraded to arguments it cannot run and rolled back to the job
 * before; the last test checks that its
 * whole output, across all of that, is exactly once.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SessionJobControllerTest {
  private static final String NAMESPACE = "flink";
  private static final String SESSION_CLUSTER = "sessions";
  private static final Duration STORE_DURATION = Duration.ofSeconds(10);
  private static final ControllerSettings SETTINGS = Passes.settings(Duration.ofSeconds(30))
      .withBackoff(Duration.ofHours(1), Duration.ofHours(2));

  static KubernetesClient client;

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("session jobs: start JobManager + 1 TaskManager",
      // Checkpoints retained, as StateStorage configures synthesized clusters: an upgrade of a job that cannot take a
      // savepoint restores its latest checkpoint. No restarts: a failing job ends FAILED at once (the e2e test has the
      // RESTARTING loop, which the controller cancels), never running between restarts where a savepoint could start.
      builder -> builder.taskManagers(1).slotsPerTaskManager(4)
          .config("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
          .config("restart-strategy.type", "none")
          // Flink forgets an operation's result this long after it completed (5 min by default): a stop whose result
          // expired before the controller looked is found again in the finished job's checkpoint history.
          .config("rest.async.store-duration", STORE_DURATION.toSeconds() + " s")).servingTestJobOverHttps();

  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static final MutableClock CLOCK = new MutableClock();
  private static FlinkRestClient flink;
  private static SequenceJobDriver job;
  private static DeclarationFixture declaration;

  @BeforeAll
  static void start() {
    flink = CLUSTER.flink();
    // The driver is only used to finish the job at the end and to read its output; the controller submits.
    job = CLUSTER.newJob("session-job");
    declaration = CLUSTER.sessionJobDeclaration(NAMESPACE, SESSION_CLUSTER, job).set("parallelism", 2);
  }

  /** The controller's view of the mock API server. */
  private static KubernetesGateway gateway() {
    return new Fabric8KubernetesGateway(client);
  }

  private static Reconciler reconciler(StepListener listener) {
    return Reconciler.builder(gateway(), CLUSTER.endpoints()).settings(SETTINGS).clock(CLOCK).meterRegistry(METERS).submitter(CLUSTER.submitter()).steps(listener).build();
  }

  /** Passes of one controller until the status satisfies {@code done}. */
  private static RuntimeStatus reconcileUntil(Reconciler reconciler, Predicate<RuntimeStatus> done) {
    return Await.until(() -> {
      reconciler.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
      return status(client, declaration);
    }, done);
  }

  /**
   * An upgrade (the parallelism toggled) whose controller dies once it triggered the stop-with-savepoint; returns the
   * status before it, once Flink's stop finished the old job.
   */
  private static RuntimeStatus upgradeStoppedWhileTheControllerIsDown() {
    RuntimeStatus before = status(client, declaration);
    declaration.set("parallelism", flink.job(before.jobId()).hasParallelism(1) ? 2 : 1).apply(client);
    Reconciler dying = reconciler((step, identity) -> {
      if (step == TransitionStep.STOP_TRIGGERED) {
        throw new ControllerKilled(step);
      }
    });
    assertThatThrownBy(() -> reconcileUntil(dying, status -> false)).isInstanceOf(ControllerKilled.class);
    Await.until(() -> flink.job(before.jobId()).state(), state -> state == io.flinkstack.controller.flink.JobState.FINISHED);
    return before;
  }

  private static boolean stableOn(RuntimeStatus status, String jobId) {
    return status.lifecycle() == LifecycleState.STABLE && status.transition() == null && jobId.equals(status.jobId());
  }

  private static List<String> runningJobs() {
    return flink.jobs().stream().filter(summary -> !summary.state().isGloballyTerminal()).map(JobSummary::id).toList();
  }

  @Test
  @Order(1)
  void aDeclaredJobIsSubmittedUnderTheIdRecordedBeforehand() {
    declaration.apply(client);
    List<String> recordedIds = new ArrayList<>();
    Reconciler reconciler = reconciler((step, identity) -> {
      if (step == TransitionStep.RESTORE_WRITTEN) {
        recordedIds.add(status(client, declaration).transition().newJobId());
      }
    });
    RuntimeStatus stable = reconcileUntil(reconciler, status -> status.lifecycle() == LifecycleState.STABLE);

    assertThat(recordedIds).hasSize(1);
    assertThat(stable.jobId()).isEqualTo(recordedIds.get(0));
    assertThat(runningJobs()).containsExactly(stable.jobId());
    assertThat(flink.job(stable.jobId()).hasParallelism(2)).isTrue();
    assertThat(stable.deployedSpec()).isNotBlank();
    assertThat(stable.lastTransition().kind()).isEqualTo(TransitionKind.SUBMIT);
    assertThat(stable.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(eventReasons(client, declaration)).containsExactly("Normal/SubmitStarted", "Normal/JobSubmitted", "Normal/TransitionSucceeded");
    FlinkAwait.committedRecords(job, 100);
  }

  @Test
  @Order(2)
  void aChangedDeclarationIsUpgradedThroughStopWithSavepointAndRestoredFromIt() {
    String before = status(client, declaration).jobId();
    declaration.set("parallelism", 1).apply(client);
    RuntimeStatus upgraded = Timings.measure("session job: upgrade (stop-with-savepoint, resubmit, running)",
        () -> reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
            && !before.equals(status.jobId())));

    assertThat(upgraded.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(upgraded.lastSavepoint().jobId()).isEqualTo(before);
    assertThat(upgraded.lastTransition().restorePath()).isEqualTo(upgraded.lastSavepoint().path());
    assertThat(upgraded.lastTransition().savepointSeconds()).isPositive();
    assertThat(runningJobs()).containsExactly(upgraded.jobId());
    assertThat(flink.job(before).state().isGloballyTerminal()).isTrue();
    assertThat(flink.job(upgraded.jobId()).hasParallelism(1)).isTrue();
    assertThat(flink.checkpoints(upgraded.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(upgraded.lastSavepoint().path()));
  }

  /** A controller dying right there (the pass throws; a new controller takes over). */
  private static final class ControllerKilled extends RuntimeException {
    ControllerKilled(Enum<?> step) {
      super("killed at " + step);
    }
  }

  @Test
  @Order(3)
  void aControllerKilledAtAnyStepOfAnUpgradeIsFollowedByOneThatFinishesItWithOneSavepointAndOneJob() {
    List<Enum<?>> steps = new ArrayList<>();
    steps.add(Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED);
    steps.addAll(List.of(TransitionStep.RECORDED, TransitionStep.STOP_TRIGGERED, TransitionStep.RESTORE_PATH_RECORDED,
        TransitionStep.RESTORE_WRITTEN, TransitionStep.APPLIED));
    int parallelism = 1;
    for (Enum<?> killAt : steps) {
      RuntimeStatus before = status(client, declaration);
      parallelism = parallelism == 1 ? 2 : 1;
      declaration.set("parallelism", parallelism).apply(client);
      Reconciler dying = reconciler((step, identity) -> {
        if (step == killAt) {
          throw new ControllerKilled(step);
        }
      });
      assertThatThrownBy(() -> reconcileUntil(dying, status -> false)).as("killed at " + killAt).isInstanceOf(ControllerKilled.class);
      assertThat(status(client, declaration).transition()).as("the upgrade is recorded, killed at " + killAt).isNotNull();

      RuntimeStatus after = reconcileUntil(reconciler(StepListener.NONE),
          status -> status.lifecycle() == LifecycleState.STABLE && status.transition() == null);
      assertThat(after.savepointHistory()).as("exactly one savepoint for the upgrade killed at " + killAt)
          .hasSize(Math.min(before.savepointHistory().size() + 1, 10));
      assertThat(after.lastSavepoint().jobId()).isEqualTo(before.jobId());
      assertThat(runningJobs()).as("one job, killed at " + killAt).containsExactly(after.jobId());
      int expected = parallelism;
      JobDetails details = flink.job(after.jobId());
      assertThat(details.hasParallelism(expected)).as("parallelism after the upgrade killed at " + killAt).isTrue();
      assertThat(flink.checkpoints(after.jobId()).latestRestored())
          .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(after.lastSavepoint().path()));
      assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).contains("TransitionResumed"));
    }
  }

  @Test
  @Order(4)
  void aFailingSavepointBlocksTheUpgradeAndLeavesTheJobRunning() throws IOException {
    RuntimeStatus before = status(client, declaration);
    Path savepoints = CLUSTER.cluster().savepointDirectory();
    Path moved = savepoints.resolveSibling("savepoints.moved");
    Files.move(savepoints, moved);
    try {
      // The cluster's savepoint directory becomes a file: every savepoint into it fails inside Flink.
      Files.writeString(savepoints, "not a directory");
      declaration.set("parallelism", 4).apply(client);
      RuntimeStatus failed = reconcileUntil(reconciler(StepListener.NONE), status -> status.lastTransition() != null
          && status.lastTransition().outcome().equals("failed"));

      assertThat(failed.transition()).isNull();
      assertThat(failed.jobId()).isEqualTo(before.jobId());
      assertThat(failed.lastSavepoint()).isEqualTo(before.lastSavepoint());
      assertThat(failed.lastError().message()).contains("stop-with-savepoint failed").contains("keeps running");
      assertThat(failed.savepointBackoff().failures()).isEqualTo(1);
      assertThat(runningJobs()).containsExactly(before.jobId());
      assertThat(flink.job(before.jobId()).isFullyRunning() || flink.job(before.jobId()).state().name().equals("RUNNING")).isTrue();
      assertThat(events(client, declaration)).last().asString().contains("TransitionFailed");

      // Within the backoff nothing is tried again.
      Reconciler next = reconciler(StepListener.NONE);
      next.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
      assertThat(status(client, declaration).transition()).isNull();
      assertThat(status(client, declaration).savepointBackoff().failures()).isEqualTo(1);
    } finally {
      Files.delete(savepoints);
      Files.move(moved, savepoints);
    }
    // Put the declaration back and let the backoff expire: the job is as before.
    declaration.set("parallelism", 1).apply(client);
    CLOCK.advance(Duration.ofHours(3));
  }

  @Test
  @Order(5)
  void anUpgradeWhoseNewJarCannotBeFetchedLeavesTheJobRunningUntilTheDeclarationIsFixed() {
    RuntimeStatus before = status(client, declaration);
    String missing = "/jars/sequence-job-1.1.jar";
    String missingUri = CLUSTER.server().uri(missing).toString();
    List<Enum<?>> steps = new ArrayList<>();
    Reconciler reconciler = reconciler((step, identity) -> steps.add(step));
    // A new parallelism and a jar that is not there (with a digest no cached jar has, so the server is asked).
    declaration.set("parallelism", 2).set("jarUri", missingUri).set("jarSha256", "ab".repeat(32)).apply(client);
    for (int pass = 0; pass < 3; pass++) {
      reconciler.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    }

    RuntimeStatus held = status(client, declaration);
    assertThat(held.transition()).as("no upgrade in flight").isNull();
    assertThat(held.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(held.jobId()).isEqualTo(before.jobId());
    assertThat(held.deployedSpec()).isEqualTo(before.deployedSpec());
    assertThat(held.lastSavepoint()).as("no savepoint taken").isEqualTo(before.lastSavepoint());
    assertThat(held.lastError().message()).contains("cannot fetch job jar " + missingUri).contains("HTTP 404")
        .contains("keeps running untouched");
    assertThat(steps).as("no transition step, no stop-with-savepoint").noneMatch(step -> step instanceof TransitionStep
        || step instanceof Unrecorded);
    assertThat(runningJobs()).containsExactly(before.jobId());
    assertThat(flink.job(before.jobId()).state().name()).isEqualTo("RUNNING");
    assertThat(CLUSTER.server().requests(missing)).as("asked once, then the backoff holds").isEqualTo(1);
    assertThat(events(client, declaration).stream().filter(event -> event.startsWith("Warning/UpgradeJarUnavailable")))
        .singleElement().asString().contains(missingUri).contains("HTTP 404");

    // Fixed: the served jar again, with its digest. The new parallelism is still an upgrade, and now it goes through.
    declaration.set("jarUri", CLUSTER.jarUri()).set("jarSha256", CLUSTER.jarSha256()).apply(client);
    RuntimeStatus upgraded = Timings.measure("session job: upgrade after a jar fixed in the declaration",
        () -> reconcileUntil(reconciler, status -> status.lifecycle() == LifecycleState.STABLE && !before.jobId().equals(status.jobId())));

    assertThat(upgraded.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(upgraded.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(runningJobs()).containsExactly(upgraded.jobId());
    assertThat(flink.job(before.jobId()).state().isGloballyTerminal()).isTrue();
    assertThat(flink.job(upgraded.jobId()).hasParallelism(2)).isTrue();
    assertThat(flink.checkpoints(upgraded.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(upgraded.lastSavepoint().path()));
    assertThat(steps).contains(TransitionStep.RECORDED, Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED, TransitionStep.APPLIED);
  }

  @Test
  @Order(6)
  void suspendStopsWithASavepointAndResumeRestoresIt() {
    declaration.set("state", "suspended").apply(client);
    String running = status(client, declaration).jobId();
    RuntimeStatus suspended = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.SUSPENDED);
    assertThat(suspended.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.SUSPEND);
    assertThat(suspended.lastSavepoint().jobId()).isEqualTo(running);
    assertThat(runningJobs()).isEmpty();

    declaration.set("state", "running").apply(client);
    RuntimeStatus resumed = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE);
    assertThat(resumed.lastTransition().kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(runningJobs()).containsExactly(resumed.jobId());
    assertThat(flink.checkpoints(resumed.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(suspended.lastSavepoint().path()));
  }

  @Test
  @Order(7)
  void deletingTheFlinkJobStopsTheJobWithASavepointThatAFlinkSnapshotRecordsAndFromWhichANewFlinkJobResumes() {
    String running = status(client, declaration).jobId();
    FlinkJob stored = declaration.read(client);
    assertThat(stored.getMetadata().getFinalizers()).as("put on by the controller's passes").contains(FlinkJob.FINAL_SAVEPOINT_FINALIZER);
    client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName(declaration.name()).delete();
    assertThat(declaration.read(client).getMetadata().getDeletionTimestamp()).as("held by the finalizer").isNotNull();

    // On the wall clock: how long a deletion may wait is counted from its deletionTimestamp, which the API server sets
    // from its own clock (CLOCK is hours ahead by now, past the earlier tests' backoffs).
    Reconciler reconciler = Reconciler.builder(gateway(), CLUSTER.endpoints()).settings(SETTINGS).meterRegistry(METERS)
        .submitter(CLUSTER.submitter()).build();
    Await.until(() -> {
      gateway().flinkJob(NAMESPACE, declaration.name()).ifPresent(reconciler::reconcile);
      return gateway().flinkJob(NAMESPACE, declaration.name()).isEmpty();
    }, gone -> gone);

    assertThat(runningJobs()).as("stopped, its slots free").isEmpty();
    assertThat(flink.job(running).state()).isEqualTo(io.flinkstack.controller.flink.JobState.FINISHED);
    List<FlinkSnapshot> recorded = client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(snapshot -> declaration.name().equals(snapshot.getSpec().job)).toList();
    assertThat(recorded).singleElement().satisfies(snapshot -> {
      assertThat(snapshot.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
      assertThat(snapshot.getSpec().path).isEqualTo(snapshot.getStatus().path);
      assertThat(Path.of(java.net.URI.create(snapshot.getSpec().path)).resolve("_metadata")).isRegularFile();
    });
    String finalSavepoint = recorded.get(0).getSpec().path;
    assertThat(flink.checkpoints(running).latestSavepoint())
        .hasValueSatisfying(latest -> assertThat(latest.externalPath()).isEqualTo(finalSavepoint));

    // Declared again, starting from the recorded savepoint: nothing lost, nothing twice (the next test checks).
    declaration.set("initialSavepointPath", finalSavepoint).apply(client);
    RuntimeStatus resumed = reconcileUntil(reconciler, status -> status.lifecycle() == LifecycleState.STABLE && status.transition() == null);
    assertThat(flink.checkpoints(resumed.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(finalSavepoint));
  }

  /**
   * A declaration that makes the job fail on one number (FAILED: this cluster does not restart jobs), then the fixed
   * declaration: the failed job cannot take a savepoint, so the fixed one is submitted from its latest completed
   * checkpoint (before, it was resubmitted from the last savepoint, replaying what was committed since).
   */
  @Test
  @Order(8)
  void aFailedJobIsReplacedFromItsLatestCheckpointOnceItsDeclarationIsFixed() {
    RuntimeStatus before = status(client, declaration);
    long failAt = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records() + 1_500;
    List<String> failing = new ArrayList<>(job.args());
    failing.addAll(List.of("--fail-at", Long.toString(failAt)));
    declaration.set("args", failing).apply(client);
    RuntimeStatus looping = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !before.jobId().equals(status.jobId()));
    Await.until(() -> flink.job(looping.jobId()).state(), state -> state == io.flinkstack.controller.flink.JobState.FAILED);

    declaration.set("args", job.args()).apply(client);
    RuntimeStatus fixed = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !looping.jobId().equals(status.jobId()));

    assertThat(fixed.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(fixed.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(fixed.lastTransition().restorePath()).as("the failed job's latest checkpoint").contains(looping.jobId()).contains("/chk-");
    assertThat(fixed.lastSavepoint()).as("no savepoint of a failed job").isEqualTo(looping.lastSavepoint());
    assertThat(runningJobs()).containsExactly(fixed.jobId());
    assertThat(flink.checkpoints(fixed.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(fixed.lastTransition().restorePath()));
    FlinkAwait.committedRecords(job, failAt + 100);
  }

  @Test
  @Order(9)
  void aChangedRestartNonceResubmitsTheJobFromANewSavepointOnce() {
    RuntimeStatus before = status(client, declaration);
    declaration.set("restartNonce", 1L).apply(client);
    RuntimeStatus restarted = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !before.jobId().equals(status.jobId()));

    assertThat(restarted.lastTransition().kind()).isEqualTo(TransitionKind.RESTART);
    assertThat(restarted.observedRestartNonce()).isEqualTo(1L);
    assertThat(restarted.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(restarted.deployedSpec()).as("the declaration did not change").isEqualTo(before.deployedSpec());
    assertThat(runningJobs()).containsExactly(restarted.jobId());
    assertThat(flink.checkpoints(restarted.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(restarted.lastSavepoint().path()));
    Reconciler again = reconciler(StepListener.NONE);
    for (int pass = 0; pass < 3; pass++) {
      again.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    }
    assertThat(status(client, declaration).jobId()).as("answered once").isEqualTo(restarted.jobId());
  }

  /**
   * The controller stops the job for an upgrade and dies; the next one looks only after Flink has forgotten the
   * stop's result (HTTP 404 for the trigger). The job is FINISHED and its latest savepoint is a synchronous one: that
   * is the stop's savepoint, and the upgrade goes on from it (before, it ended "failed" with the job FINISHED and no
   * job running, and nothing started it again).
   */
  @Test
  @Order(10)
  void aStopWhoseResultFlinkForgotIsFoundAgainInTheFinishedJobsCheckpointHistory() throws InterruptedException {
    RuntimeStatus before = upgradeStoppedWhileTheControllerIsDown();
    String trigger = status(client, declaration).transition().triggerId();
    Await.until(() -> {
      try {
        flink.poll(new io.flinkstack.controller.flink.OperationTrigger(io.flinkstack.controller.flink.OperationTrigger.Kind.STOP_WITH_SAVEPOINT,
            before.jobId(), trigger));
        return false;
      } catch (io.flinkstack.controller.flink.FlinkRestException e) {
        return e.isNotFound();
      }
    }, forgotten -> forgotten);
    String stopSavepoint = flink.checkpoints(before.jobId()).latestSavepoint().orElseThrow().externalPath();

    RuntimeStatus upgraded = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !before.jobId().equals(status.jobId()));
    assertThat(upgraded.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(upgraded.lastTransition().restorePath()).isEqualTo(stopSavepoint);
    assertThat(upgraded.lastSavepoint().path()).isEqualTo(stopSavepoint);
    assertThat(runningJobs()).containsExactly(upgraded.jobId());
    assertThat(flink.checkpoints(upgraded.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(stopSavepoint));
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).contains("StopSavepointFound"));
  }

  /**
   * An upgrade to arguments the job's main method refuses ({@code --lanes} not a number): Flink refuses every submission
   * of the new job, after the old one was stopped with a savepoint. Once the readiness timeout has passed since that stop
   * (the test clock moved past it), the controller rolls back: the job the controller submitted before
   * ({@code submittedJob}) is submitted again, restored from the upgrade's savepoint, and the failing spec is not
   * submitted again while it is declared. Putting the running arguments back clears the record without an upgrade.
   */
  @Test
  @Order(11)
  void anUpgradeWhoseNewJobCannotRunIsRolledBackToTheJobBeforeItFromTheUpgradesSavepoint() {
    RuntimeStatus before = status(client, declaration);
    assertThat(before.submittedJob()).as("recorded when the running job was submitted").isNotNull();
    assertThat(before.submittedJob().spec()).isEqualTo(before.deployedSpec());
    List<String> refused = new ArrayList<>(job.args());
    refused.addAll(List.of("--lanes", "not-a-number"));
    declaration.set("args", refused).set("readinessTimeout", "2 min").apply(client);

    Reconciler reconciler = reconciler(StepListener.NONE);
    RuntimeStatus stopped = reconcileUntil(reconciler, status -> status.transition() != null
        && status.transition().step() == TransitionStep.RESTORE_WRITTEN && status.lastError() != null
        && status.lastError().message().startsWith("submission failed"));
    assertThat(stopped.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(stopped.transition().stoppedAt()).as("the timeout counts from the old job's stop").isNotNull();
    assertThat(stopped.lastError().message()).contains("NumberFormatException");
    assertThat(stopped.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(stopped.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(runningJobs()).as("the old job stopped, the new one refused").isEmpty();
    String failingSpec = stopped.transition().target();
    String upgradeSavepoint = stopped.transition().restorePath();
    assertThat(upgradeSavepoint).isEqualTo(stopped.lastSavepoint().path());

    // Within the timeout the upgrade keeps trying its submission.
    CLOCK.advance(Duration.ofSeconds(60));
    reconciler.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    assertThat(status(client, declaration).transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(status(client, declaration).rolledBack()).isNull();

    CLOCK.advance(Duration.ofSeconds(61));
    RuntimeStatus rolledBack = Timings.measure("session job: rollback (earlier job resubmitted from the upgrade's savepoint, running)",
        () -> reconcileUntil(reconciler, status -> status.transition() == null && status.lastTransition() != null
            && status.lastTransition().kind() == TransitionKind.ROLLBACK));

    assertThat(rolledBack.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(rolledBack.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(rolledBack.deployedSpec()).as("the job before the upgrade runs").isEqualTo(before.deployedSpec());
    assertThat(rolledBack.submittedJob()).isEqualTo(before.submittedJob());
    assertThat(rolledBack.lastTransition().restorePath()).isEqualTo(upgradeSavepoint);
    assertThat(rolledBack.rolledBack().failedTarget()).isEqualTo(failingSpec);
    assertThat(rolledBack.rolledBack().restoredTarget()).isEqualTo(before.deployedSpec());
    assertThat(rolledBack.rolledBack().reason()).contains("within 120.00 s of the old job's stop", "not submitted (submission failed:",
        "NumberFormatException");
    assertThat(rolledBack.lastError().message()).contains("rolled back to spec " + before.deployedSpec(), "still holds spec " + failingSpec);
    assertThat(runningJobs()).containsExactly(rolledBack.jobId());
    assertThat(rolledBack.jobId()).isNotEqualTo(before.jobId()).isNotEqualTo(stopped.transition().newJobId());
    assertThat(flink.job(rolledBack.jobId()).hasParallelism(before.submittedJob().parallelism())).isTrue();
    assertThat(flink.checkpoints(rolledBack.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(upgradeSavepoint));
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).startsWith("Warning/UpgradeRolledBack")
        .contains("rolling back to spec " + before.deployedSpec(), "from " + upgradeSavepoint, "still holds the failing spec " + failingSpec));
    assertThat(declaration.read(client).getStatus().conditions).anySatisfy(condition -> {
      assertThat(condition.getType()).isEqualTo("Stalled");
      assertThat(condition.getStatus()).isEqualTo("True");
      assertThat(condition.getReason()).isEqualTo("RolledBack");
    });
    FlinkAwait.committedRecords(job, ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records() + 50);

    // The failing spec is not submitted again while it is declared.
    CLOCK.advance(Duration.ofMinutes(10));
    for (int pass = 0; pass < 3; pass++) {
      reconciler.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    }
    assertThat(status(client, declaration).jobId()).isEqualTo(rolledBack.jobId());
    assertThat(status(client, declaration).transition()).isNull();
    assertThat(runningJobs()).containsExactly(rolledBack.jobId());

    // The running arguments declared again: nothing to upgrade, the rollback's record goes.
    declaration.set("args", job.args()).set("readinessTimeout", null).apply(client);
    reconciler.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    RuntimeStatus reverted = status(client, declaration);
    assertThat(reverted.rolledBack()).isNull();
    assertThat(reverted.transition()).isNull();
    assertThat(reverted.jobId()).isEqualTo(rolledBack.jobId());
  }

  @Test
  @Order(12)
  void anUpgradeStalledWithoutRollbackGivesWayToANewerSpecStartedFromTheUpgradesSavepoint() {
    // Parallelism 8 on the session's 4 slots: Flink keeps the new job RUNNING with its tasks SCHEDULED, waiting for
    // slots (slot.request.timeout, 5 minutes); with rollback off the upgrade is stalled past its readiness timeout.
    declaration.set("parallelism", 8).set("rollback", false).set("readinessTimeout", "1 min").apply(client);
    Reconciler reconciler = reconciler(StepListener.NONE);
    RuntimeStatus submitted = reconcileUntil(reconciler, status -> status.transition() != null
        && status.transition().step() == TransitionStep.APPLIED);
    String stalledJob = submitted.transition().newJobId();
    String savepoint = submitted.transition().restorePath();
    assertThat(submitted.lastSavepoint().path()).isEqualTo(savepoint);
    JobDetails waiting = flink.job(stalledJob);
    assertThat(waiting.state()).isEqualTo(io.flinkstack.controller.flink.JobState.RUNNING);
    assertThat(waiting.isFullyRunning()).as("waiting for slots").isFalse();

    CLOCK.advance(Duration.ofSeconds(61));
    RuntimeStatus stalled = reconcileUntil(reconciler, status -> status.lastError() != null
        && io.flinkstack.contract.StatusError.READINESS_TIMEOUT.equals(status.lastError().operation()));
    assertThat(stalled.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(stalled.lastError().message()).contains("not rolled back: rollback is off", "until a newer spec replaces it");
    assertThat(runningJobs()).containsExactly(stalledJob);

    // A spec that fits the session: the stalled job is cancelled, the newer one starts from the upgrade's savepoint.
    declaration.set("parallelism", 3).apply(client);
    RuntimeStatus escaped = Timings.measure("session job: stalled upgrade -> newer spec running from its savepoint",
        () -> reconcileUntil(reconciler, status -> status.transition() == null && status.lifecycle() == LifecycleState.STABLE
            && status.jobId() != null && !status.jobId().equals(stalledJob)));

    assertThat(flink.job(stalledJob).state()).isEqualTo(io.flinkstack.controller.flink.JobState.CANCELED);
    assertThat(runningJobs()).containsExactly(escaped.jobId());
    assertThat(flink.job(escaped.jobId()).hasParallelism(3)).isTrue();
    assertThat(flink.checkpoints(escaped.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(savepoint));
    assertThat(escaped.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(escaped.lastTransition().restorePath()).isEqualTo(savepoint);
    assertThat(escaped.deployedSpec()).isEqualTo(declaration.declaration(client).specDigest());
    assertThat(escaped.submittedJob().parallelism()).isEqualTo(3);
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event)
        .contains("cancelled job " + stalledJob + " (RUNNING) of the stalled transition for its latest state, before the upgrade to spec "
            + escaped.deployedSpec()));
    FlinkAwait.committedRecords(job, ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records() + 50);
  }

  @Test
  @Order(13)
  void aSuspendDeclaredDuringAStalledUpgradeCancelsItsJobAndTheResumeStartsFromTheUpgradesSavepoint() {
    // Stalled as above (parallelism 8 on 4 slots, rollback off), this time from parallelism 3.
    declaration.set("parallelism", 8).apply(client);
    Reconciler reconciler = reconciler(StepListener.NONE);
    RuntimeStatus submitted = reconcileUntil(reconciler, status -> status.transition() != null
        && status.transition().step() == TransitionStep.APPLIED);
    String stalledJob = submitted.transition().newJobId();
    String savepoint = submitted.transition().restorePath();
    CLOCK.advance(Duration.ofSeconds(61));
    reconcileUntil(reconciler, status -> status.lastError() != null
        && io.flinkstack.contract.StatusError.READINESS_TIMEOUT.equals(status.lastError().operation()));

    // Suspended while stalled: the stalled job is cancelled, and what it holds (no checkpoint: its tasks never all ran)
    // is the upgrade's savepoint, recorded for the resume. Before 2026-12-06 the suspend waited behind the stall.
    declaration.set("state", "suspended").apply(client);
    RuntimeStatus suspended = Timings.measure("session job: stalled upgrade -> suspended",
        () -> reconcileUntil(reconciler, status -> status.transition() == null && status.lifecycle() == LifecycleState.SUSPENDED));
    assertThat(flink.job(stalledJob).state()).isEqualTo(io.flinkstack.controller.flink.JobState.CANCELED);
    assertThat(runningJobs()).isEmpty();
    assertThat(suspended.lastTransition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(suspended.lastTransition().restorePath()).as("Flink's latest state of the cancelled job: what it restored")
        .isEqualTo(savepoint);
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event)
        .contains("cancelled job " + stalledJob + " (RUNNING) of the stalled transition for its latest state, before the suspend"));

    // Resumed with a spec that fits: it starts from that savepoint.
    declaration.set("parallelism", 2).set("state", "running").apply(client);
    RuntimeStatus resumed = reconcileUntil(reconciler, status -> status.transition() == null && status.lifecycle() == LifecycleState.STABLE);
    assertThat(resumed.lastTransition().kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(runningJobs()).containsExactly(resumed.jobId());
    assertThat(flink.job(resumed.jobId()).hasParallelism(2)).isTrue();
    assertThat(flink.checkpoints(resumed.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(savepoint));
    FlinkAwait.committedRecords(job, ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records() + 50);
  }

  /**
   * The session cluster's JobManager restarts (no HA: it forgets every job and trigger) after an upgrade's
   * stop-with-savepoint completed and before the controller read the result. The stop wrote into a directory of its own:
   * the controller has the new JobManager list it (the bundled SQL runner jar's {@code SavepointLocator}, run through
   * Flink's jar plan endpoint, with the cluster's file systems) and submits the new job from the savepoint found there.
   * Before 2026-12-07 the upgrade failed, naming the directory, and a new one started from an older savepoint.
   */
  @Test
  @Order(14)
  void aStopWhoseJobManagerRestartedIsFoundInTheStopsOwnDirectory() throws IOException {
    RuntimeStatus before = upgradeStoppedWhileTheControllerIsDown();
    Path directory = Path.of(java.net.URI.create(status(client, declaration).transition().savepointDirectory()));
    String stopSavepoint;
    try (var children = Files.list(directory)) {
      stopSavepoint = children.filter(child -> Files.exists(child.resolve("_metadata"))).findFirst().orElseThrow().toString();
    }
    CLUSTER.cluster().restartJobManager();

    Reconciler reconciler = reconciler(StepListener.NONE);
    RuntimeStatus upgraded = reconcileUntil(reconciler, status -> {
      CLOCK.advance(Duration.ofSeconds(10)); // past the 30 s a JobManager that lists no job is given (HA may bring it back)
      return status.lifecycle() == LifecycleState.STABLE && status.transition() == null && !before.jobId().equals(status.jobId());
    });
    assertThat(upgraded.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(upgraded.lastTransition().restorePath()).endsWith(stopSavepoint);
    assertThat(upgraded.lastSavepoint().path()).endsWith(stopSavepoint);
    assertThat(runningJobs()).containsExactly(upgraded.jobId());
    assertThat(flink.checkpoints(upgraded.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValueSatisfying(path -> assertThat(path).endsWith(stopSavepoint)));
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).contains("StopSavepointInDirectory"));
  }

  /**
   * A stop-with-savepoint the controller did not record (one that completed after the controller stopped waiting for it,
   * or a person's {@code flink stop}; here through Flink's REST API) leaves the session job FINISHED. The controller
   * records the stop's savepoint as the last savepoint; a declared suspend then suspends the job at it, and the resume
   * starts from it; a changed declaration after a second such stop upgrades from that one. Before 2026-12-07 nothing was
   * recorded, the suspend found "no job runs" (so no resume), and a changed declaration left the finished job alone.
   */
  @Test
  @Order(15)
  void aJobFinishedByAStopTheControllerDidNotRecordIsSuspendedResumedAndUpgradedFromThatStopsSavepoint() {
    RuntimeStatus before = status(client, declaration);
    String stop = stopOutsideTheController(before.jobId());
    RuntimeStatus recorded = reconcileUntil(reconciler(StepListener.NONE), status -> status.lastSavepoint() != null
        && stop.equals(status.lastSavepoint().path()));
    assertThat(recorded.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.STOP);
    assertThat(recorded.jobState()).as("never reported as running").isEqualTo("FINISHED");
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).contains("StopSavepointFound").contains(stop));

    declaration.set("state", "suspended").apply(client);
    RuntimeStatus suspended = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.SUSPENDED);
    assertThat(suspended.lastTransition().restorePath()).isEqualTo(stop);
    declaration.set("state", "running").apply(client);
    RuntimeStatus resumed = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !before.jobId().equals(status.jobId()));
    assertThat(resumed.lastTransition().kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(flink.checkpoints(resumed.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(stop));

    String second = stopOutsideTheController(resumed.jobId());
    reconcileUntil(reconciler(StepListener.NONE), status -> status.lastSavepoint() != null && second.equals(status.lastSavepoint().path()));
    declaration.set("parallelism", flink.job(resumed.jobId()).hasParallelism(1) ? 2 : 1).apply(client);
    RuntimeStatus upgraded = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !resumed.jobId().equals(status.jobId()));
    assertThat(upgraded.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgraded.lastTransition().restorePath()).isEqualTo(second);
    assertThat(runningJobs()).containsExactly(upgraded.jobId());
    assertThat(flink.checkpoints(upgraded.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(second));
  }

  /** Stops a job with a savepoint through Flink's REST API, as {@code flink stop} does; returns the savepoint's path. */
  private static String stopOutsideTheController(String jobId) {
    flink.stopWithSavepoint(jobId, io.flinkstack.controller.flink.SavepointRequest.toDefaultDirectory(), false);
    Await.until(() -> flink.job(jobId).state(), state -> state == io.flinkstack.controller.flink.JobState.FINISHED);
    return flink.checkpoints(jobId).latestSavepoint().orElseThrow().externalPath();
  }

  /**
   * The session cluster's JobManager (no HA) killed and started again: the running job is lost with it. The controller
   * records it LOST; with its checkpoints gone from its directory (moved aside here, as a cluster that does not retain
   * them would leave it) nothing is submitted and a Warning {@code JobLost} says why, once; with them back, a controller
   * started anew (which asks again) submits it from the highest-numbered {@code chk-<n>} there, as the real JobManager
   * lists it. Until 2026-12-08 a lost job was only reported. (The same on every version's own jars, the cluster's pods
   * rolled by a template change: e2e's {@code SessionRun}.)
   */
  @Test
  @Order(16)
  void aJobItsJobManagerLostIsSubmittedAgainFromItsLatestRetainedCheckpointAndReportedWithoutOne() throws IOException {
    RuntimeStatus before = status(client, declaration);
    Await.until(() -> flink.checkpoints(before.jobId()).latestCompleted(), java.util.Optional::isPresent);
    Path checkpoints = CLUSTER.cluster().checkpointDirectory().resolve(before.jobId());
    Path aside = checkpoints.resolveSibling(before.jobId() + ".aside");
    CLUSTER.cluster().killJobManager();
    Files.move(checkpoints, aside);
    CLUSTER.cluster().restartJobManager();

    Reconciler first = reconciler(StepListener.NONE);
    RuntimeStatus lost = reconcileUntil(first, status -> JobObservation.LOST.equals(status.jobState())
        && eventReasons(client, declaration).contains("Warning/" + EventReasons.JOB_LOST));
    assertThat(lost.transition()).isNull();
    assertThat(lost.jobId()).isEqualTo(before.jobId());
    assertThat(lost.lastError().operation()).as("stalls the FlinkJob's conditions").isEqualTo(io.flinkstack.contract.StatusError.JOB_LOST);
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).contains("JobLost").contains("no completed checkpoint")
        .contains(before.jobId()));
    for (int pass = 0; pass < 3; pass++) {
      first.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    }
    assertThat(runningJobs()).as("nothing submitted without a checkpoint").isEmpty();
    assertThat(eventReasons(client, declaration).stream().filter(("Warning/" + EventReasons.JOB_LOST)::equals)).as("reported once")
        .hasSize(1);

    // A TaskManager still writing a checkpoint the killed JobManager had triggered may have made the directory again,
    // without a _metadata: not a completed checkpoint, and it goes.
    if (Files.exists(checkpoints)) {
      try (var paths = Files.walk(checkpoints)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.move(aside, checkpoints);
    String latest;
    try (var children = Files.list(checkpoints)) {
      latest = children.map(child -> child.getFileName().toString()).filter(name -> name.matches("chk-[0-9]+"))
          .max(java.util.Comparator.comparingLong(name -> Long.parseLong(name.substring(4)))).orElseThrow();
    }
    RuntimeStatus recovered = reconcileUntil(reconciler(StepListener.NONE), status -> status.lifecycle() == LifecycleState.STABLE
        && status.transition() == null && !before.jobId().equals(status.jobId()));
    assertThat(recovered.lastTransition().kind()).isEqualTo(TransitionKind.RESTART);
    assertThat(recovered.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(recovered.lastTransition().restorePath()).endsWith("/" + before.jobId() + "/" + latest);
    assertThat(runningJobs()).containsExactly(recovered.jobId());
    assertThat(flink.checkpoints(recovered.jobId()).latestRestored()).hasValueSatisfying(restored ->
        assertThat(restored.externalPath()).hasValueSatisfying(path -> assertThat(path).endsWith("/" + before.jobId() + "/" + latest)));
  }

  @Test
  @Order(17)
  void acrossAllOfItTheJobsOutputIsExactlyOnce() {
    String current = status(client, declaration).jobId();
    FlinkAwait.committedRecords(job, ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records() + 50);
    ExactlyOnceChecker.Report report = job.finish(current, 1);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(report.records()).isGreaterThan(500);
  }
}
