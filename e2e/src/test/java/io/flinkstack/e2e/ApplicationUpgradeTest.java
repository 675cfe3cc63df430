package io.flinkstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.step.Unrecorded;
import io.flinkstack.testjob.ExactlyOnceChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application as the constructs synthesize it — savepoint upgrades, StatefulSets behind the upgrade gate, the restore
 * ConfigMap start script, Kubernetes HA configured — running for real: manifests on the mock API server, pods
 * as Flink JVMs (PodHarness), the controller reconciling every 500 ms. One job goes through an upgrade, an
 * upgrade gate holding pods recreated before the savepoint, an upgrade with the controller killed at each step in turn, a failing savepoint, a suspend, and a resume that
 * lets it finish; its whole output must be exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ApplicationUpgradeTest {
  private static final String NAMESPACE = "flink";
  private static final Duration WAIT = Duration.ofMinutes(2);

  @RegisterExtension
  static final DeploymentExtension RUN = DeploymentExtension.of("sequence", NAMESPACE);
  private static SequenceApplication app;
  private static int tag = 1;

  @BeforeAll
  static void firstApplication() {
    app = RUN.application();
  }

  private static RuntimeStatus status() {
    return RUN.deployment().status().orElse(null);
  }

  private static RuntimeStatus awaitStatus(String what, java.util.function.Predicate<RuntimeStatus> done) {
    return Waits.until(what, WAIT, ApplicationUpgradeTest::status, status -> status != null && done.test(status));
  }

  private static RuntimeStatus awaitUpgraded(RuntimeStatus before) {
    return awaitStatus("the upgrade to finish", status -> status.transition() == null && status.lifecycle() == LifecycleState.STABLE
        && status.lastTransition() != null && !status.lastTransition().equals(before.lastTransition())
        && RUN.deployment().status().isPresent());
  }

  private static List<PodSnapshot> pods() {
    return RUN.deployment().gateway().pods(NAMESPACE, Map.of(Labels.INSTANCE, app.name()));
  }

  private static SequenceApplication nextImage() {
    app = app.withImageTag(Integer.toString(++tag));
    return app;
  }

  private static List<String> eventReasons() {
    return RUN.deployment().events().stream().map(Event::getReason).toList();
  }

  /** The output committed so far: every lane a gapless prefix, nothing lost, nothing twice. */
  private static void assertNothingLostOrDuplicatedSoFar() {
    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkPrefixes(app.output(), app.lanes());
    assertThat(report.lost()).as(report.toString()).isEmpty();
    assertThat(report.duplicated()).as(report.toString()).isEmpty();
  }

  private static long committed() {
    return ExactlyOnceChecker.checkPrefixes(app.output(), app.lanes()).records();
  }

  @Test
  @Order(1)
  void theSynthesizedApplicationRunsAndTheControllerSeesItStable() {
    RUN.deployment().pods().awaitPodsReady(WAIT);
    RuntimeStatus stable = awaitStatus("STABLE", status -> status.lifecycle() == LifecycleState.STABLE);
    assertThat(stable.jobState()).isEqualTo("RUNNING");
    assertThat(pods()).hasSize(3).allSatisfy(pod -> assertThat(pod.ready()).isTrue());
    Waits.until("committed output", WAIT, ApplicationUpgradeTest::committed, records -> records >= 100);
  }

  @Test
  @Order(2)
  void aNewImageIsRolledOutThroughStopWithSavepointAndTheJobManagerRestoresExactlyThatSavepoint() {
    RuntimeStatus before = status();
    // Flink's HA data of the cluster, as a JobManager with Kubernetes HA leaves it: stale once the job stops.
    RUN.deployment().client().configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("sequence-cluster-config-map").withNamespace(NAMESPACE)
        .addToLabels("app", "sequence").addToLabels("configmap-type", "high-availability").endMetadata()
        .addToData("checkpointID-0000000000000000007", "a pointer to an older checkpoint").build()).create();
    Map<String, String> oldRevisions = revisions();

    RUN.deployment().apply(nextImage());
    RuntimeStatus upgraded = awaitUpgraded(before);

    assertThat(upgraded.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgraded.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(upgraded.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(upgraded.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(upgraded.lastTransition().restorePath()).isEqualTo(upgraded.lastSavepoint().path());
    assertThat(restorePath()).isEqualTo(upgraded.lastSavepoint().path());
    assertThat(upgraded.jobId()).isNotEqualTo(before.jobId());
    assertThat(RUN.flink().checkpoints(upgraded.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(upgraded.lastSavepoint().path()));
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
    assertThat(RUN.deployment().client().configMaps().inNamespace(NAMESPACE).withName("sequence-cluster-config-map").get())
        .as("stale HA data deleted before the new JobManager started").isNull();
    // Events carry whole seconds: their order within a second is not known, only that each happened.
    assertThat(eventReasons()).contains("UpgradeStarted", "SavepointCompleted", "StaleHaDataDeleted", "PodsDeleted",
        "TransitionSucceeded");
  }

  /**
   * The upgrade gate: between {@code kubectl apply} and the controller's savepoint, a drain deletes a
   * TaskManager and the JobManager. Both come back at the current revision (the partition holds them there),
   * the job recovers on the old image, and only the controller's upgrade — after its savepoint — moves the pods
   * on, then closes the gate again. Under {@code OnDelete} both would have come back with the new template.
   */
  @Test
  @Order(3)
  void podsRecreatedBetweenApplyAndTheUpgradeKeepTheCurrentRevisionUntilTheSavepoint() {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    RUN.deployment().stopController();
    RUN.deployment().apply(nextImage());
    String jobManager = ClusterNames.jobManager(app.name()) + "-0";
    String taskManager = ClusterNames.taskManager(app.name()) + "-1";
    Map<String, String> uids = new java.util.HashMap<>();
    for (String pod : List.of(taskManager, jobManager)) {
      uids.put(pod, RUN.deployment().client().pods().inNamespace(NAMESPACE).withName(pod).get().getMetadata().getUid());
      RUN.deployment().client().pods().inNamespace(NAMESPACE).withName(pod).delete();
    }
    // ContainersReady, not Ready: with the controller away nobody sets the pods' readiness gate (UpgradeGate).
    Waits.until("both pods recreated and running", WAIT, () -> RUN.deployment().client().pods().inNamespace(NAMESPACE).list().getItems(),
        all -> all.size() == 3 && all.stream().allMatch(pod -> !pod.getMetadata().getUid().equals(uids.get(pod.getMetadata().getName()))
            && pod.getStatus() != null && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("ContainersReady") && c.getStatus().equals("True"))));
    assertThat(revisions()).as("recreated behind the closed gate: the current revision").isEqualTo(oldRevisions);
    Waits.until("the job running again on the old image", WAIT, () -> RUN.flink().jobs().stream()
        .anyMatch(job -> job.state() == io.flinkstack.controller.flink.JobState.RUNNING), Boolean::booleanValue);

    RUN.deployment().restartController(StepListener.NONE);
    RuntimeStatus upgraded = awaitUpgraded(before);
    assertThat(upgraded.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgraded.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(upgraded.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
    for (String set : List.of(ClusterNames.jobManager(app.name()), ClusterNames.taskManager(app.name()))) {
      assertThat(RUN.deployment().gateway().statefulSet(NAMESPACE, set).orElseThrow().partition()).as("gate of " + set + " closed again")
          .isEqualTo(io.flinkstack.contract.UpgradeGate.CLOSED);
    }
    assertThat(eventReasons()).contains("UpgradeGateOpened");
    assertNothingLostOrDuplicatedSoFar();
  }

  /**
   * {@code ./flinkstack bench faults} kills the controller at every step of an upgrade; {@code mvn -B verify} (CI's time
   * budget: each kill costs a whole upgrade on real JVMs) at one of them, the takeover only real Flink can answer:
   * after Flink accepted the stop but before that was recorded (the trigger id is asked for again). The bench adds
   * the takeover before Flink was asked anything and after the pods were replaced, and the same takeovers at their
   * neighbouring steps. (A session job's upgrade, the same write-ahead steps, is killed at every step on real Flink in
   * every run: the harness module's SessionJobControllerTest.)
   */
  static final String EVERY_KILL_STEP = "flinkstack.killAtEveryStep";

  @Test
  @Order(4)
  void aControllerKilledAtEachStepOfAnUpgradeIsReplacedByOneThatFinishesItWithOneSavepoint() {
    List<Enum<?>> steps = Boolean.getBoolean(EVERY_KILL_STEP)
        ? List.of(TransitionStep.RECORDED, Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED, TransitionStep.STOP_TRIGGERED,
            TransitionStep.RESTORE_PATH_RECORDED, TransitionStep.RESTORE_WRITTEN, TransitionStep.APPLIED)
        : List.of(Unrecorded.STOP_WITH_SAVEPOINT_TRIGGERED);
    for (Enum<?> step : steps) {
      RuntimeStatus before = status();
      AtomicBoolean dead = new AtomicBoolean();
      RUN.deployment().restartController((reached, declaration) -> {
        // A dead process does nothing more: every later step throws too.
        if (dead.get() || reached == step) {
          dead.set(true);
          throw new IllegalStateException("controller killed at " + step);
        }
      });
      RUN.deployment().apply(nextImage());
      Waits.until("the controller to die at " + step, WAIT, dead::get, Boolean::booleanValue);
      RUN.deployment().stopController();
      RuntimeStatus killed = status();
      assertThat(killed.transition()).as("recorded when killed at " + step).isNotNull();

      RUN.deployment().restartController(StepListener.NONE);
      RuntimeStatus after = awaitUpgraded(before);
      assertThat(after.lastTransition().outcome()).as("killed at " + step).isEqualTo("succeeded");
      assertThat(after.savepointHistory()).as("one savepoint for the upgrade killed at " + step)
          .hasSize(before.savepointHistory().size() + 1);
      assertThat(after.lastTransition().restorePath()).isEqualTo(after.lastSavepoint().path());
      assertThat(RUN.flink().checkpoints(after.jobId()).latestRestored()).as("killed at " + step)
          .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(after.lastSavepoint().path()));
      assertThat(pods()).allSatisfy(pod -> assertThat(pod.revision()).isNotNull());
    }
    assertThat(eventReasons()).contains("TransitionResumed");
  }

  /**
   * GitOps syncs again in the middle of the rollout: the same manifests re-applied reset both partitions to the
   * closed gate just after the controller opened them and deleted the outdated pods, so pods recreated then come
   * back at the old revision. The controller re-opens the gate for its own target (the template its savepoint was
   * taken for) and replaces them: one savepoint, every pod at the new revision, the gates closed, exactly once.
   */
  @Test
  @Order(5)
  @Tag("bench-only") // 20 s of CI time: in `./flinkstack bench faults`; see the pom property flinkstack.excludedTags
  void aReApplyInTheMiddleOfTheRolloutClosesTheGateAndTheControllerReopensItForItsOwnTarget() {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    Map<String, Integer> partitionsAfterReApply = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicBoolean reApplied = new AtomicBoolean();
    RUN.deployment().restartController((reached, declaration) -> {
      if (reached == TransitionStep.APPLIED && reApplied.compareAndSet(false, true)) {
        // Right after the gates opened and the outdated pods were deleted, as an Argo CD sync would.
        RUN.deployment().apply(app);
        for (String set : List.of(ClusterNames.jobManager(app.name()), ClusterNames.taskManager(app.name()))) {
          partitionsAfterReApply.put(set, RUN.deployment().gateway().statefulSet(NAMESPACE, set).orElseThrow().partition());
        }
      }
    });
    RUN.deployment().apply(nextImage());
    RuntimeStatus after = awaitUpgraded(before);

    assertThat(reApplied).isTrue();
    assertThat(partitionsAfterReApply).as("the re-apply closed both gates mid-rollout")
        .containsOnlyKeys(ClusterNames.jobManager(app.name()), ClusterNames.taskManager(app.name()))
        .allSatisfy((set, partition) -> assertThat(partition).isEqualTo(io.flinkstack.contract.UpgradeGate.CLOSED));
    assertThat(after.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(after.savepointHistory()).as("one savepoint").hasSize(before.savepointHistory().size() + 1);
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
    for (String set : List.of(ClusterNames.jobManager(app.name()), ClusterNames.taskManager(app.name()))) {
      assertThat(RUN.deployment().gateway().statefulSet(NAMESPACE, set).orElseThrow().partition()).as("gate of " + set + " closed again")
          .isEqualTo(io.flinkstack.contract.UpgradeGate.CLOSED);
    }
    assertThat(RUN.flink().checkpoints(after.jobId()).latestRestored())
        .hasValueSatisfying(restored -> assertThat(restored.externalPath()).hasValue(after.lastSavepoint().path()));
    assertNothingLostOrDuplicatedSoFar();
  }

  @Test
  @Order(6)
  void aFailingSavepointBlocksTheUpgradeAndTheJobKeepsRunningOnItsPods() throws IOException {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    Path savepoints = RUN.deployment().pods().savepointDirectory();
    Path moved = savepoints.resolveSibling(savepoints.getFileName() + ".moved");
    Files.move(savepoints, moved);
    Files.writeString(savepoints, "not a directory");
    try {
      RUN.deployment().apply(nextImage());
      RuntimeStatus failed = awaitStatus("the upgrade to fail", status -> status.lastTransition() != null
          && status.lastTransition().outcome().equals("failed"));
      assertThat(failed.lastError().message()).contains("stop-with-savepoint failed").contains("keeps running");
      assertThat(failed.lastSavepoint()).isEqualTo(before.lastSavepoint());
      assertThat(revisions()).as("no pod was deleted").isEqualTo(oldRevisions);
      JobDetails job = RUN.flink().job(before.jobId());
      assertThat(job.state()).isEqualTo(io.flinkstack.controller.flink.JobState.RUNNING);
      assertThat(eventReasons()).contains("TransitionFailed");
    } finally {
      Files.delete(savepoints);
      Files.move(moved, savepoints);
    }
    // After the backoff the upgrade is tried again and goes through.
    RuntimeStatus upgraded = awaitStatus("the retried upgrade", status -> status.lastTransition().outcome().equals("succeeded")
        && status.transition() == null && status.lifecycle() == LifecycleState.STABLE);
    assertThat(upgraded.savepointBackoff()).isNull();
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
  }

  /**
   * A last-state upgrade takes no savepoint: the controller cancels the job (its checkpoints are retained on
   * cancellation), records the latest completed checkpoint, and the new deployment starts from it. The cancelled
   * job leaves Flink's HA data with its cancellation, so the new JobManager runs one job, the new one, and not the
   * old one recovered from HA beside it.
   */
  @Test
  @Order(7)
  void aLastStateUpgradeRestoresTheLatestCheckpointAndRunsOneJob() {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    app = app.withUpgradeMode(UpgradeMode.LAST_STATE);
    RUN.deployment().apply(nextImage());
    RuntimeStatus after = awaitUpgraded(before);

    assertThat(after.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(after.lastSavepoint()).as("no savepoint taken").isEqualTo(before.lastSavepoint());
    String restored = after.lastTransition().restorePath();
    assertThat(restored).as("a checkpoint of the cancelled job").contains(before.jobId()).contains("/chk-");
    assertThat(restorePath()).isEqualTo(restored);
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
    assertThat(RUN.flink().checkpoints(after.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(restored));
    assertOneJobRuns(after.jobId());
    assertNothingLostOrDuplicatedSoFar();
  }

  /**
   * A job in a crash loop (it fails on one number every time it meets it) cannot take a savepoint, so a savepoint
   * upgrade would wait for it forever, and the fix could never roll out. The controller upgrades it from its latest
   * state instead: it cancels the restarting job, restores its latest completed checkpoint, and the fixed job runs on
   * from there, exactly once.
   */
  @Test
  @Order(8)
  @Tag("bench-only") // 1 min of CI time (two upgrades and a crash loop): in `./flinkstack bench faults`
  void aCrashLoopingJobIsUpgradedOutOfItsLoopFromItsLatestCheckpoint() {
    app = app.withUpgradeMode(UpgradeMode.SAVEPOINT);
    // Far enough ahead (about 15 s at 200 records/s) for the upgrade to this template to finish before the loop starts.
    long failAt = committed() + 3_000;
    RuntimeStatus before = status();
    app = app.withFailAt(failAt);
    RUN.deployment().apply(nextImage());
    RuntimeStatus failing = awaitUpgraded(before);
    String loopingJob = failing.jobId();
    Waits.until("the job to fail at " + failAt, WAIT, () -> RUN.flink().job(loopingJob).state(),
        state -> state == io.flinkstack.controller.flink.JobState.RESTARTING || state == io.flinkstack.controller.flink.JobState.FAILED);
    Map<String, String> oldRevisions = revisions();

    app = app.withFailAt(null);
    RUN.deployment().apply(nextImage());
    RuntimeStatus fixed = awaitUpgraded(RUN.deployment().status().orElseThrow());

    assertThat(fixed.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(fixed.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(fixed.lastSavepoint()).as("no savepoint of a failing job").isEqualTo(failing.lastSavepoint());
    String restored = fixed.lastTransition().restorePath();
    assertThat(restored).as("the looping job's latest checkpoint").contains(loopingJob).contains("/chk-");
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
    assertThat(RUN.flink().checkpoints(fixed.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(restored));
    assertOneJobRuns(fixed.jobId());
    Waits.until("output past " + failAt, WAIT, ApplicationUpgradeTest::committed, records -> records > failAt + 200);
    assertNothingLostOrDuplicatedSoFar();
  }

  /**
   * An upgrade whose job never runs (its entry class is not in the image: Flink's application entrypoint fails) is
   * rolled back once its readiness timeout passes: the readiness gate kept the new pods unready, so the StatefulSets
   * still had the old revision as current; the gates close, the new pods are replaced by ones at the old revision,
   * and the job restores the upgrade's own savepoint. The failing template, still applied, is not upgraded to again;
   * a fixed one is. Nothing lost or duplicated.
   */
  @Test
  @Order(9)
  void anUpgradeWhoseJobNeverRunsIsRolledBackToTheLastRevisionFromItsSavepoint() {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    // Savepoint mode again after the last-state upgrade (the crash-loop case before this one sets it too, but is bench-only).
    SequenceApplication good = app.withUpgradeMode(UpgradeMode.SAVEPOINT);
    app = good.withEntryClass("io.flinkstack.testjob.NoSuchJob").withReadinessTimeout("15 s");
    RUN.deployment().apply(nextImage());
    RuntimeStatus rolledBack = awaitStatus("the rollback to finish", status -> status.transition() == null
        && status.lastTransition() != null && status.lastTransition().kind() == TransitionKind.ROLLBACK);

    assertThat(rolledBack.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(rolledBack.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(rolledBack.rolledBack()).as("the failing template is recorded").isNotNull();
    assertThat(rolledBack.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.UPGRADE);
    assertThat(rolledBack.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(rolledBack.lastTransition().restorePath()).isEqualTo(rolledBack.lastSavepoint().path());
    assertThat(revisions()).as("every pod back at its set's old revision").isEqualTo(oldRevisions);
    assertThat(RUN.flink().checkpoints(rolledBack.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(rolledBack.lastSavepoint().path()));
    assertOneJobRuns(rolledBack.jobId());
    assertThat(eventReasons()).contains("UpgradeRolledBack", "UpgradeGateClosed");
    long afterRollback = committed();
    Waits.until("output past the rollback", WAIT, ApplicationUpgradeTest::committed, records -> records > afterRollback + 200);
    assertThat(status().transition()).as("the failing template, still applied, is not upgraded to again").isNull();
    assertThat(status().lastTransition().kind()).isEqualTo(TransitionKind.ROLLBACK);

    app = good;
    RUN.deployment().apply(nextImage());
    RuntimeStatus fixed = awaitUpgraded(status());
    assertThat(fixed.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(fixed.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(fixed.rolledBack()).isNull();
    assertNothingLostOrDuplicatedSoFar();
  }

  /**
   * An upgrade whose job never runs, with rollback off: past its readiness timeout it is stalled and waits for its job.
   * A fixed template applied then is upgraded to at once, in last-state mode, from the stalled upgrade's savepoint (its
   * JobManager has no job to take a checkpoint from). Stalled once more, a declared suspend scales the cluster to zero
   * and records that upgrade's savepoint; resumed with a fixed template, the job comes back from it (on the current
   * revision, behind the gate) and is then upgraded with a savepoint of its own. Nothing lost or duplicated. Before
   * 2026-12-06 both waited behind the stall for good.
   */
  @Test
  @Order(10)
  @Tag("bench-only") // about 2 min of CI time (five JobManager restarts): in `./flinkstack bench faults`
  void anUpgradeStalledWithRollbackOffGivesWayToAFixedTemplateAndToASuspend() {
    SequenceApplication good = app;
    SequenceApplication failing = good.withEntryClass("io.flinkstack.testjob.NoSuchJob").withReadinessTimeout("15 s").withRollback(false);
    app = failing;
    RUN.deployment().apply(nextImage());
    RuntimeStatus stalled = awaitStatus("the upgrade to stall", status -> status.transition() != null
        && status.transition().kind() == TransitionKind.UPGRADE && status.lastError() != null
        && StatusError.READINESS_TIMEOUT.equals(status.lastError().operation()));
    String savepoint = stalled.transition().restorePath();
    assertThat(savepoint).isEqualTo(stalled.lastSavepoint().path());
    assertThat(stalled.rolledBack()).isNull();
    Map<String, String> failingRevisions = revisions();

    app = good;
    RUN.deployment().apply(nextImage());
    RuntimeStatus fixed = awaitUpgraded(stalled);
    assertThat(fixed.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(fixed.lastSavepoint()).as("no savepoint of the stalled job").isEqualTo(stalled.lastSavepoint());
    assertThat(fixed.lastTransition().restorePath()).as("the stalled upgrade's savepoint").isEqualTo(savepoint);
    assertThat(RUN.flink().checkpoints(fixed.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(savepoint));
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(failingRevisions.get(pod)));
    assertOneJobRuns(fixed.jobId());
    long afterEscape = committed();
    Waits.until("output past the escape", WAIT, ApplicationUpgradeTest::committed, records -> records > afterEscape + 200);

    app = failing;
    RUN.deployment().apply(nextImage());
    RuntimeStatus stalledAgain = awaitStatus("the next upgrade to stall", status -> status.transition() != null
        && status.lastError() != null && StatusError.READINESS_TIMEOUT.equals(status.lastError().operation())
        && status.lastError().time().isAfter(stalled.lastError().time()));
    String secondSavepoint = stalledAgain.transition().restorePath();
    RuntimeStatus suspended = RUN.deployment().suspend(app, WAIT);
    assertThat(suspended.lastTransition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(suspended.lastTransition().restorePath()).as("the stalled upgrade's savepoint").isEqualTo(secondSavepoint);
    Waits.until("no pods", WAIT, ApplicationUpgradeTest::pods, List::isEmpty);

    // The fixed template, its readiness timeout short: the resume may come back on the failing one. At zero replicas the
    // StatefulSet controller completed the stalled rollout, which made the failing template current; the FlinkJob (its
    // state) is applied before the StatefulSets (their template), so the resume's pods come from whichever the sets had
    // when it scaled them up. Behind the gate on the fixed one, the job resumes and is upgraded with a savepoint of its
    // own; on the failing one, the resume is stalled past its timeout and the fixed template replaces it from the
    // suspend's state. Before 2026-12-06 the second way waited for good.
    app = good.withReadinessTimeout("15 s");
    RUN.deployment().apply(nextImage());
    RuntimeStatus resumedAndUpgraded = awaitStatus("the resume and the upgrade after it", status -> status.transition() == null
        && status.lifecycle() == LifecycleState.STABLE && status.lastTransition() != null
        && status.lastTransition().kind() == TransitionKind.UPGRADE && !status.lastTransition().equals(fixed.lastTransition()));
    boolean resumeStalled = eventReasons().contains("ResumeNotReady");
    System.out.println("[sequence] the resume after the stalled upgrade's suspend " + (resumeStalled ? "stalled" : "ran"));
    if (resumeStalled) {
      assertThat(resumedAndUpgraded.lastTransition().restorePath()).as("the suspend's state").isEqualTo(secondSavepoint);
    } else {
      assertThat(resumedAndUpgraded.lastSavepoint().trigger()).as("an upgrade with a savepoint of its own").isEqualTo(SavepointTrigger.UPGRADE);
      assertThat(resumedAndUpgraded.lastSavepoint().path()).isNotEqualTo(secondSavepoint);
    }
    assertOneJobRuns(resumedAndUpgraded.jobId());
    long afterResume = committed();
    Waits.until("output past the resume", WAIT, ApplicationUpgradeTest::committed, records -> records > afterResume + 200);
    assertNothingLostOrDuplicatedSoFar();
    app = app.withReadinessTimeout(null); // the default again (the FlinkJob only): later upgrades take longer than 15 s
    RUN.deployment().apply(app);
  }

  /**
   * A changed {@code restartNonce} restarts the job without a template change: stop-with-savepoint, the JobManager
   * pod deleted and recreated at the same revision, the new job (a new job id: the controller's deployment id is part
   * of it) restored from that savepoint; the TaskManagers stay.
   */
  @Test
  @Order(11)
  void aRestartNonceRestartsTheJobFromANewSavepointAtTheSameRevision() {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    Map<String, String> taskManagerUids = taskManagerUids();
    app = app.withRestartNonce(1);
    RUN.deployment().apply(app);
    RuntimeStatus after = awaitUpgraded(before);

    assertThat(after.lastTransition().kind()).isEqualTo(TransitionKind.RESTART);
    assertThat(after.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(after.lastSavepoint()).isNotEqualTo(before.lastSavepoint());
    assertThat(after.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(after.lastTransition().restorePath()).isEqualTo(after.lastSavepoint().path());
    assertThat(after.observedRestartNonce()).isEqualTo(1L);
    assertThat(after.jobId()).isNotEqualTo(before.jobId());
    assertThat(revisions()).as("no template change").isEqualTo(oldRevisions);
    assertThat(taskManagerUids()).as("the TaskManagers stay").isEqualTo(taskManagerUids);
    assertThat(RUN.flink().checkpoints(after.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(after.lastSavepoint().path()));
    assertOneJobRuns(after.jobId());
    assertThat(eventReasons()).contains("RestartStarted");
  }

  /**
   * A change of the TaskManagers' template alone (their CPU): the JobManager's template and the Flink configuration stay
   * as they are, yet the new job must start from the upgrade's savepoint, and only a new JobManager does that (it reads
   * the restore ConfigMap when it starts; the one whose job was stopped keeps that finished job). Until 2026-12-06 the
   * upgrade replaced only the pods whose revision changed: the TaskManagers came back to a JobManager running no job,
   * until the readiness timeout rolled the upgrade back to a JobManager that still ran none.
   */
  @Test
  @Order(12)
  void aChangeOfTheTaskManagersTemplateAloneReplacesTheJobManagerTooAndTheJobRestoresTheUpgradesSavepoint() {
    RuntimeStatus before = status();
    Map<String, String> oldRevisions = revisions();
    String jobManager = ClusterNames.jobManager(app.name()) + "-0";
    String jobManagerUid = podUids(ClusterNames.jobManager(app.name())).get(jobManager);
    app = app.withTaskManagerCpu(SequenceApplication.DEFAULT_TASK_MANAGER_CPU + 1);
    RUN.deployment().apply(app);
    RuntimeStatus after = awaitUpgraded(before);

    assertThat(after.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(after.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(after.lastSavepoint().jobId()).isEqualTo(before.jobId());
    assertThat(after.lastTransition().restorePath()).isEqualTo(after.lastSavepoint().path());
    assertThat(revisions()).as("the JobManager's template did not change, the TaskManagers' did").allSatisfy((pod, revision) ->
        assertThat(revision.equals(oldRevisions.get(pod))).as(pod).isEqualTo(pod.equals(jobManager)));
    assertThat(podUids(ClusterNames.jobManager(app.name())).get(jobManager)).as("the JobManager was replaced")
        .isNotNull().isNotEqualTo(jobManagerUid);
    assertThat(RUN.flink().checkpoints(after.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(after.lastSavepoint().path()));
    assertOneJobRuns(after.jobId());
  }

  /**
   * A stop-with-savepoint that the controller did not record: one that completed after the controller had stopped waiting
   * for it (the upgrade failed on its operation timeout, and Flink went on), or one a person made with {@code flink stop}.
   * Here it is the latter, through Flink's REST API, which leaves the same FINISHED job behind. The controller records the
   * stop's savepoint as the last savepoint, and the next upgrade goes from it, nothing lost or duplicated. Before
   * 2026-12-07 the savepoint was not recorded and the upgrade waited for good for the job to run again.
   */
  @Test
  @Order(13)
  void aJobFinishedByAStopTheControllerDidNotRecordIsUpgradedFromThatStopsSavepoint() {
    RuntimeStatus before = status();
    String jobId = before.jobId();
    RUN.flink().stopWithSavepoint(jobId, io.flinkstack.controller.flink.SavepointRequest.toDefaultDirectory(), false);
    Waits.until("the stopped job to finish", WAIT, () -> RUN.flink().job(jobId).state(),
        state -> state == io.flinkstack.controller.flink.JobState.FINISHED);
    String stop = RUN.flink().checkpoints(jobId).latestSavepoint().orElseThrow().externalPath();
    RuntimeStatus recorded = awaitStatus("the stop's savepoint recorded", status -> status.lastSavepoint() != null
        && stop.equals(status.lastSavepoint().path()));
    assertThat(recorded.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.STOP);
    assertThat(recorded.lastSavepoint().jobId()).isEqualTo(jobId);
    assertThat(recorded.jobState()).as("never reported as running").isEqualTo("FINISHED");
    assertThat(eventReasons()).contains("StopSavepointFound");

    Map<String, String> oldRevisions = revisions();
    RUN.deployment().apply(nextImage());
    RuntimeStatus after = awaitUpgraded(recorded);

    assertThat(after.lastTransition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(after.lastTransition().outcome()).isEqualTo("succeeded");
    assertThat(after.lastTransition().restorePath()).isEqualTo(stop);
    assertThat(after.lastSavepoint().path()).as("no other savepoint: the job could not take one").isEqualTo(stop);
    assertThat(revisions()).allSatisfy((pod, revision) -> assertThat(revision).isNotEqualTo(oldRevisions.get(pod)));
    assertThat(RUN.flink().checkpoints(after.jobId()).latestRestored())
        .hasValueSatisfying(point -> assertThat(point.externalPath()).hasValue(stop));
    assertOneJobRuns(after.jobId());
    long committed = committed();
    Waits.until("output past the stop", WAIT, ApplicationUpgradeTest::committed, records -> records > committed + 200);
    assertNothingLostOrDuplicatedSoFar();
  }

  /** TaskManager pod name → uid: a pod recreated under the same name has another uid. */
  private static Map<String, String> taskManagerUids() {
    return podUids(ClusterNames.taskManager(app.name()));
  }

  /** Name → uid of the pods whose name starts with {@code prefix}. */
  private static Map<String, String> podUids(String prefix) {
    Map<String, String> uids = new java.util.TreeMap<>();
    RUN.deployment().client().pods().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(pod -> pod.getMetadata().getName().startsWith(prefix))
        .forEach(pod -> uids.put(pod.getMetadata().getName(), pod.getMetadata().getUid()));
    return uids;
  }

  /** Exactly one job of the cluster is not globally terminal, and it is {@code jobId}. */
  private static void assertOneJobRuns(String jobId) {
    assertThat(RUN.flink().jobs().stream().filter(job -> !job.state().isGloballyTerminal()).map(job -> job.id()).toList())
        .as("the jobs the new JobManager runs").containsExactly(jobId);
  }

  @Test
  @Order(14)
  void suspendStopsWithASavepointAndScalesToZero() {
    RuntimeStatus suspended = RUN.deployment().suspend(app, WAIT);
    assertThat(suspended.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.SUSPEND);
    assertThat(restorePath()).as("the restore ConfigMap is the resume's to write (see JobTransitions.writeRestoreState)")
        .isNotEqualTo(suspended.lastSavepoint().path());
    assertThat(suspended.suspendedReplicas()).containsEntry(ClusterNames.jobManager("sequence"), 1);
    Waits.until("no pods", WAIT, ApplicationUpgradeTest::pods, List::isEmpty);
  }

  @Test
  @Order(15)
  void resumeRestoresTheSuspendSavepointAndTheWholeOutputIsExactlyOnce() {
    LocalDeployment.Resumed resumed = RUN.deployment().resume(app.withImageTag("final"), WAIT);
    assertThat(resumed.status().lastTransition().restorePath()).isEqualTo(resumed.suspended().lastSavepoint().path());
    assertThat(resumed.status().suspendedReplicas()).isEmpty();
    // The apply changed the template and scaled the sets up at once: behind the upgrade gate the pods come from
    // the current revision, so the job resumes from the suspend savepoint on the old template, and the controller
    // then upgrades it, with a savepoint of its own, to the applied one, whose job has an end (far enough for the
    // controller to see the resumed job running before it finishes).
    resumed.awaitEveryRecordCommitted(WAIT);
    Waits.until("a finished job", WAIT, () -> RUN.flink().jobs(),
        jobs -> jobs.stream().anyMatch(job -> job.state() == io.flinkstack.controller.flink.JobState.FINISHED));

    ExactlyOnceChecker.Report report = resumed.checkWholeOutput();
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  @Test
  @Order(16)
  void everyRequestTheControllerMadeIsAllowedByTheRuntimeControllersRole() {
    Set<String> used = new TreeSet<>();
    RUN.deployment().takeRequests().stream()
        .filter(request -> LocalDeployment.CONTROLLER_USER_AGENT.equals(request.getHeader("User-Agent")))
        .forEach(request -> used.add(ApiPermissions.permission(request)));
    // All of it happened above: upgrades, HA data, restore ConfigMap, suspend/resume scaling, Events.
    assertThat(used).contains(":configmaps:list", ":configmaps:create", ":configmaps:update", ":configmaps:delete",
        ":pods:list", ":pods:delete", "apps:statefulsets:get", "apps:statefulsets:update", ":events:create");
    // (the gate's partition is written by the same replace: statefulsets update)
    assertThat(ApiPermissions.grantedIn(RUN.deployment().client(), NAMESPACE)).as("the Role the construct grants in the watched namespace")
        .containsAll(used);
  }

  private static String restorePath() {
    return RUN.deployment().gateway().configMap(NAMESPACE, RestoreState.configMap("sequence")).orElseThrow().data().get(RestoreState.PATH_KEY);
  }

  private static Map<String, String> revisions() {
    return LocalDeployment.podRevisions(RUN.deployment().gateway(), NAMESPACE, app.name());
  }
}
