package io.flinkstack.controller.transition;

import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.JobKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.declaration.SavepointPolicy;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.kubernetes.StatefulSetSnapshot;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionDeciderTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final JobObservation RUNNING =
      JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.RUNNING, true, NOW.minusSeconds(600))));
  private static final JobObservation RESTARTING =
      JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.RESTARTING, false, NOW.minusSeconds(600))));
  private static final JobObservation AWAY = JobObservation.unreachable(NOW, "connection refused");

  @Test
  void podsOfAnOldRevisionUnderOnDeleteStartAnUpgradeOfARunningJob() {
    TransitionDecision decision = decide(declaration("savepoint", "running"), stable(), RUNNING, pods("OnDelete", "rev-1", "rev-2"));
    assertThat(decision).isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
      assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
      assertThat(start.reason()).contains("1 pod(s)").contains("a-jobmanager=rev-2");
    });
  }

  @Test
  void aTemplateRolledBackIsNotUpgradedToAgainButAnotherOneIs() {
    RuntimeStatus rolledBack = StatusEdit.of(stable()).rolledBack(new io.flinkstack.contract.Rollback("a-jobmanager=rev-2",
        "a-jobmanager=rev-1", "s3://sp/savepoint-1", NOW.minusSeconds(60), "no job")).build();
    assertThat(decide(declaration("savepoint", "running"), rolledBack, RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOfSatisfying(TransitionDecision.None.class, none -> assertThat(none.reason()).contains("rolled back").contains("apply a fixed one"));
    assertThat(decide(declaration("savepoint", "running"), rolledBack, RUNNING, pods("OnDelete", "rev-1", "rev-3")))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE));
  }

  @Test
  void rollingUpdateSetsAreLeftToKubernetes() {
    assertThat(decide(declaration("stateless", "running"), stable(), RUNNING, pods("RollingUpdate", "rev-1", "rev-2")))
        .isInstanceOf(TransitionDecision.None.class);
  }

  @Test
  void podsAtTheUpdateRevisionAskForNothing() {
    assertThat(decide(declaration("savepoint", "running"), stable(), RUNNING, pods("OnDelete", "rev-2", "rev-2")))
        .isInstanceOf(TransitionDecision.None.class);
  }

  @Test
  void anUpgradeWaitsForAStartingJobToRunWithAllTasks() {
    for (JobState starting : List.of(JobState.INITIALIZING, JobState.CREATED, JobState.RUNNING)) {
      JobObservation observed = JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", starting, false, NOW)));
      assertThat(decide(declaration("savepoint", "running"), stable(), observed, pods("OnDelete", "rev-1", "rev-2")))
          .as(starting.name()).isInstanceOfSatisfying(TransitionDecision.Wait.class, wait -> assertThat(wait.reason()).contains(starting.name()));
    }
  }

  @Test
  void aRestartingFailedOrCancelledJobIsUpgradedFromItsLatestStateWithoutWaitingForASavepoint() {
    for (JobState stuck : List.of(JobState.RESTARTING, JobState.FAILING, JobState.FAILED, JobState.CANCELED)) {
      JobObservation observed = JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", stuck, false, NOW)));
      for (String mode : List.of("savepoint", "last-state")) {
        assertThat(decide(declaration(mode, "running"), stable(), observed, pods("OnDelete", "rev-1", "rev-2")))
            .as(stuck + " in " + mode + " mode").isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
              assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
              assertThat(start.fromLatestState()).isTrue();
              assertThat(start.reason()).contains(stuck.name()).contains("latest completed checkpoint or savepoint");
            });
      }
      assertThat(decide(declaration("savepoint", "suspended"), stable(), observed, pods("OnDelete", "rev-1", "rev-1")))
          .as("a suspend of a " + stuck + " job").isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
            assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND);
            assertThat(start.fromLatestState()).isTrue();
          });
      assertThat(decide(declaration("stateless", "running"), stable(), observed, pods("OnDelete", "rev-1", "rev-2")))
          .as("stateless simply redeploys").isInstanceOfSatisfying(TransitionDecision.Start.class,
              start -> assertThat(start.fromLatestState()).isFalse());
    }
    JobObservation finished = JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.FINISHED, false, NOW)));
    assertThat(decide(declaration("savepoint", "running"), stable(), finished, pods("OnDelete", "rev-1", "rev-2")))
        .as("a finished job is left alone").isInstanceOf(TransitionDecision.Wait.class);
  }

  /**
   * A stop-with-savepoint that completed after the controller stopped waiting for it (its operation timeout failed the
   * upgrade) left the job FINISHED: before 2026-12-07 the upgrade then waited for good for the job to run again. Its
   * upgrade, suspend or restart goes from that stop's savepoint, the job's latest state, once the failed upgrade's
   * backoff has passed.
   */
  @Test
  void aJobThatAStopFinishedIsUpgradedSuspendedOrRestartedFromItsLatestState() {
    JobObservation stopped = JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.FINISHED, false, NOW,
        false, new ObservedJob.StopSavepoint("file:///savepoints/stop-t1/savepoint-1", NOW.minusSeconds(30)))));
    for (String mode : List.of("savepoint", "last-state")) {
      assertThat(decide(declaration(mode, "running"), stable(), stopped, pods("OnDelete", "rev-1", "rev-2")))
          .as(mode).isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
            assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
            assertThat(start.fromLatestState()).isTrue();
            assertThat(start.reason()).contains("FINISHED by a stop-with-savepoint");
          });
    }
    assertThat(decide(declaration("savepoint", "suspended"), stable(), stopped, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND);
          assertThat(start.fromLatestState()).isTrue();
        });
    assertThat(decide(withNonces(declaration("savepoint", "running"), 1L, null), stable(), stopped, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
          assertThat(start.fromLatestState()).isTrue();
        });
    RuntimeStatus stopTimedOut = StatusEdit.of(stable()).savepointBackoff(new Backoff(1, NOW.plusSeconds(60)))
        .lastTransition(new io.flinkstack.contract.TransitionResult(TransitionKind.UPGRADE, "failed", null, NOW.minusSeconds(400),
            NOW.minusSeconds(5), null, "stop-with-savepoint still in progress after PT5M")).build();
    assertThat(decide(declaration("savepoint", "running"), stopTimedOut, stopped, pods("OnDelete", "rev-1", "rev-2")))
        .as("within the failed upgrade's backoff").isInstanceOf(TransitionDecision.Wait.class);
    assertThat(TransitionDecider.decide(declaration("savepoint", "running"), stopTimedOut, stopped, pods("OnDelete", "rev-1", "rev-2"),
        NOW.plusSeconds(61))).as("after it").isInstanceOfSatisfying(TransitionDecision.Start.class,
            start -> assertThat(start.fromLatestState()).isTrue());
  }

  @Test
  void onlyAFailedTransitionBacksOffAnUpgradeFromTheLatestState() {
    RuntimeStatus savepointsFailed = StatusEdit.of(stable()).savepointBackoff(new Backoff(3, NOW.plusSeconds(300))).build();
    assertThat(decide(declaration("savepoint", "running"), savepointsFailed, RESTARTING, pods("OnDelete", "rev-1", "rev-2")))
        .as("periodic savepoints of the looping job failed").isInstanceOf(TransitionDecision.Start.class);
    RuntimeStatus upgradeFailed = StatusEdit.of(savepointsFailed).lastTransition(new io.flinkstack.contract.TransitionResult(
        TransitionKind.UPGRADE, "failed", null, NOW.minusSeconds(5), NOW.minusSeconds(4), null, "checkpoints not retained")).build();
    assertThat(decide(declaration("savepoint", "running"), upgradeFailed, RESTARTING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOfSatisfying(TransitionDecision.Wait.class, wait -> assertThat(wait.reason()).contains("backing off"));
    assertThat(TransitionDecider.decide(declaration("savepoint", "running"), upgradeFailed, RESTARTING, pods("OnDelete", "rev-1", "rev-2"),
        NOW.plusSeconds(301))).as("after the backoff").isInstanceOf(TransitionDecision.Start.class);
  }

  @Test
  void nothingStartsWhileTheJobManagerDoesNotAnswer() {
    assertThat(decide(declaration("savepoint", "suspended"), stable(), AWAY, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOfSatisfying(TransitionDecision.None.class, none -> assertThat(none.reason()).contains("connection refused"));
  }

  @Test
  void anUpgradeWaitsForASavepointInFlightAndForTheBackoff() {
    RuntimeStatus pending = StatusEdit.of(stable()).pending(new PendingOperation(OperationKind.SAVEPOINT, "t-1", "job-1",
        SavepointTrigger.PERIODIC, null, null, NOW, NOW)).build();
    assertThat(decide(declaration("savepoint", "running"), pending, RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOfSatisfying(TransitionDecision.Wait.class, wait -> assertThat(wait.reason()).contains("t-1"));
    RuntimeStatus backingOff = StatusEdit.of(stable()).savepointBackoff(new Backoff(2, NOW.plusSeconds(30))).build();
    assertThat(decide(declaration("savepoint", "running"), backingOff, RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOfSatisfying(TransitionDecision.Wait.class, wait -> assertThat(wait.reason()).contains("backing off"));
    RuntimeStatus backedOff = StatusEdit.of(stable()).savepointBackoff(new Backoff(2, NOW.minusSeconds(1))).build();
    assertThat(decide(declaration("savepoint", "running"), backedOff, RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOf(TransitionDecision.Start.class);
  }

  @Test
  void desiredSuspendedStartsASuspendBeforeAnyUpgrade() {
    assertThat(decide(declaration("savepoint", "suspended"), stable(), RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND));
  }

  @Test
  void aSuspendedClusterResumesWithoutAJobManagerWhenRunningIsDeclaredAgain() {
    RuntimeStatus suspended = StatusEdit.of(stable()).lifecycle(LifecycleState.SUSPENDED)
        .suspendedReplicas(Map.of("a-jobmanager", 1)).build();
    assertThat(decide(declaration("savepoint", "running"), suspended, AWAY, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.RESUME));
    assertThat(decide(declaration("savepoint", "suspended"), suspended, AWAY, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOf(TransitionDecision.None.class);
  }

  @Test
  void aRecordedTransitionContinuesButWaitsForTheJobManagerUntilItsRestorePathIsKnown() {
    Transition stopping = new Transition(TransitionKind.UPGRADE, TransitionStep.STOP_TRIGGERED, UpgradeMode.SAVEPOINT, "job-1", "t-1", null,
        "x", null, Map.of(), null, NOW, NOW, null);
    RuntimeStatus upgrading = StatusEdit.of(stable()).transition(stopping).build();
    assertThat(decide(declaration("savepoint", "running"), upgrading, AWAY, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(declaration("savepoint", "running"), upgrading, RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .isInstanceOf(TransitionDecision.Continue.class);
    RuntimeStatus recorded = StatusEdit.of(stable()).transition(stopping.withRestorePath("file:/sp-1", 0.2, NOW)).build();
    assertThat(decide(declaration("savepoint", "running"), recorded, AWAY, pods("OnDelete", "rev-1", "rev-2")))
        .as("after the savepoint, only Kubernetes' part is left").isInstanceOf(TransitionDecision.Continue.class);
  }

  @Test
  void aChangedRestartNonceRestartsTheJobLikeAnUpgradeAndAnAnsweredOneDoesNothing() {
    Declaration restart = withNonces(declaration("savepoint", "running"), 2L, null);
    assertThat(decide(restart, stable(), RUNNING, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
          assertThat(start.reason()).contains("restartNonce");
          assertThat(start.fromLatestState()).isFalse();
        });
    assertThat(decide(restart, StatusEdit.of(stable()).observedNonces(2L, null).build(), RUNNING, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(restart, RuntimeStatus.initial(null, 2L, null), RUNNING, pods("OnDelete", "rev-1", "rev-1")))
        .as("declared when the status was created: answered").isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(restart, stable(), RESTARTING, pods("OnDelete", "rev-1", "rev-1")))
        .as("a looping job restarts from its latest state").isInstanceOfSatisfying(TransitionDecision.Start.class,
            start -> assertThat(start.fromLatestState()).isTrue());
    assertThat(decide(restart, stable(), RUNNING, pods("OnDelete", "rev-1", "rev-2")))
        .as("a new revision first: the upgrade restarts the job anyway").isInstanceOfSatisfying(TransitionDecision.Start.class,
            start -> assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE));
  }

  @Test
  void aChangedRedeployNonceRedeploysWhateverTheJobsStateWithoutASavepoint() {
    Declaration redeploy = withNonces(declaration("savepoint", "running"), null, 7L);
    for (JobObservation observed : List.of(RUNNING, RESTARTING)) {
      assertThat(decide(redeploy, StatusEdit.of(stable()).savepointBackoff(new Backoff(2, NOW.plusSeconds(30))).build(), observed,
          pods("OnDelete", "rev-1", "rev-1"))).isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
            assertThat(start.kind()).isEqualTo(TransitionKind.REDEPLOY);
            assertThat(start.reason()).contains("redeployNonce").contains("no state");
          });
    }
    assertThat(decide(redeploy, StatusEdit.of(stable()).observedNonces(null, 7L).build(), RUNNING, pods("OnDelete", "rev-1", "rev-1")))
        .isInstanceOf(TransitionDecision.None.class);
  }

  /** A set whose status was not written for its applied spec yet names no update revision: not a newer template. */
  @Test
  void aStalledUpgradeDoesNotGiveWayToASetWhoseUpdateRevisionIsNotKnown() {
    Transition stalled = new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, "job-1", null,
        "file:/sp/savepoint-1", "a-jobmanager=rev-2", null, Map.of(), 1.0, NOW.minusSeconds(600), NOW.minusSeconds(400), null);
    RuntimeStatus status = StatusEdit.of(stable()).lifecycle(LifecycleState.UPGRADING).transition(stalled)
        .lastError(new io.flinkstack.contract.StatusError(NOW.minusSeconds(60), io.flinkstack.contract.StatusError.READINESS_TIMEOUT,
            "the upgrade's job did not run")).build();
    Declaration declaration = declaration("savepoint", "running");

    assertThat(decide(declaration, status, RUNNING, pods("RollingUpdate", "rev-2", null)))
        .as("no update revision known").isInstanceOf(TransitionDecision.Continue.class);
    assertThat(decide(declaration, status, RUNNING, pods("RollingUpdate", "rev-2", "rev-3")))
        .as("a newer one").isInstanceOfSatisfying(TransitionDecision.Start.class,
            start -> assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE));
  }

  /** Only a stalled restart or redeploy gives way to a nonce changed again; a stalled upgrade waits for a newer template. */
  @Test
  void aNonceChangedAgainReplacesAStalledRestartOrRedeployOnly() {
    Declaration again = withNonces(declaration("savepoint", "running"), 3L, 5L);
    for (TransitionKind kind : List.of(TransitionKind.RESTART, TransitionKind.REDEPLOY, TransitionKind.UPGRADE)) {
      Transition applied = new Transition(kind, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, "job-1", null,
          "file:/sp/savepoint-1", "a-jobmanager=rev-1", null, Map.of(), 1.0, NOW.minusSeconds(600), NOW.minusSeconds(400), null);
      RuntimeStatus inFlight = StatusEdit.of(stable()).lifecycle(LifecycleState.UPGRADING).transition(applied).observedNonces(2L, 4L).build();
      RuntimeStatus stalled = StatusEdit.of(inFlight).lastError(new io.flinkstack.contract.StatusError(NOW.minusSeconds(60),
          io.flinkstack.contract.StatusError.READINESS_TIMEOUT, "its job did not run")).build();
      assertThat(decide(again, inFlight, RESTARTING, pods("RollingUpdate", "rev-1", "rev-1"))).as(kind + " within its timeout")
          .isInstanceOf(TransitionDecision.Continue.class);
      TransitionDecision decided = decide(again, stalled, RESTARTING, pods("RollingUpdate", "rev-1", "rev-1"));
      if (kind == TransitionKind.UPGRADE) {
        assertThat(decided).as("a stalled upgrade").isInstanceOf(TransitionDecision.Continue.class);
        continue;
      }
      assertThat(decided).as("a stalled " + kind).isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
        assertThat(start.kind()).as("a redeploy first: it discards the state anyway").isEqualTo(TransitionKind.REDEPLOY);
        assertThat(start.reason()).contains("the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " is stalled (its job did not run)",
            "redeployNonce changed (4 → 5)");
      });
      RuntimeStatus redeployAnswered = StatusEdit.of(stalled).observedNonces(2L, 5L).build();
      assertThat(decide(again, redeployAnswered, RESTARTING, pods("RollingUpdate", "rev-1", "rev-1")))
          .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
            assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
            assertThat(start.fromLatestState()).as("the stalled job cannot take a savepoint").isTrue();
          });
      assertThat(decide(again, StatusEdit.of(stalled).observedNonces(3L, 5L).build(), RESTARTING, pods("RollingUpdate", "rev-1", "rev-1")))
          .as("both answered").isInstanceOf(TransitionDecision.Continue.class);
    }
  }

  static Declaration withNonces(Declaration declaration, Long restart, Long redeploy) {
    JobDeclaration j = declaration.job();
    JobDeclaration job = new JobDeclaration(j.name(), j.kind(), j.jarUri(), j.entryClass(), j.args(), j.parallelism(), j.upgradeMode(),
        j.state(), j.savepointTriggerNonce(), j.initialSavepointPath(), j.allowNonRestoredState(), j.savepointInterval(),
        j.savepointHistoryMaxCount(), j.savepointHistoryMaxAge(), j.parallelismMin(), j.parallelismMax(), j.savepointBeforeScaleDown(),
        j.jarSha256(), restart, redeploy);
    return new Declaration(declaration.identity(), job, declaration.savepoints());
  }

  private static TransitionDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation, ClusterPods pods) {
    return TransitionDecider.decide(declaration, status, observation, pods, NOW);
  }

  private static RuntimeStatus stable() {
    return StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.STABLE).job("job-1", "RUNNING").build();
  }

  private static ClusterPods pods(String strategy, String podRevision, String updateRevision) {
    StatefulSetSnapshot set = new StatefulSetSnapshot("flink", "a-jobmanager", 1, null, 1, 0, strategy, podRevision, updateRevision, 2, 2, null);
    PodSnapshot pod = new PodSnapshot("flink", "a-jobmanager-0", Map.of(), podRevision, "Running", true, false);
    return new ClusterPods(List.of(new ClusterPods.Workload(set, List.of(pod))));
  }

  private static Declaration declaration(String upgradeMode, String state) {
    // The wire spellings, as a declaration ConfigMap carries them.
    DeclarationIdentity identity = new DeclarationIdentity(
        new ObjectRef("v1", "ConfigMap", "flink", "a-runtime", "uid-1"), DeclarationKind.APPLICATION, "a", "a");
    JobDeclaration job = new JobDeclaration("a", JobKind.APPLICATION, null, null, null, 2, UpgradeMode.parse(upgradeMode).orElseThrow(),
        DesiredState.valueOf(state.toUpperCase(java.util.Locale.ROOT)), null, null, null,
        null, null, null, null, null, null, null);
    return new Declaration(identity, job, new SavepointPolicy(Optional.empty(), 3, Optional.<Duration>empty()));
  }
}
