package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.SavepointPolicy;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusEdit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionJobDeciderTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void aChangedDeclarationOfARestartingFailedOrCancelledJobReplacesItFromItsLatestState() {
    for (JobState stuck : List.of(JobState.RESTARTING, JobState.FAILING, JobState.FAILED, JobState.CANCELED)) {
      for (UpgradeMode mode : List.of(UpgradeMode.SAVEPOINT, UpgradeMode.LAST_STATE)) {
        assertThat(decide(declaration(mode, DesiredState.RUNNING, "jar-2"), deployed("jar-1"), job(stuck)))
            .as(stuck + " in " + mode + " mode").isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
              assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
              assertThat(start.fromLatestState()).isTrue();
              assertThat(start.reason()).contains(stuck.name());
            });
      }
      assertThat(decide(declaration(UpgradeMode.STATELESS, DesiredState.RUNNING, "jar-2"), deployed("jar-1"), job(stuck)))
          .as("stateless: the new job without state").isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
            assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
            assertThat(start.fromLatestState()).isFalse();
          });
      Declaration same = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-1");
      assertThat(decide(same, deployed(same.specDigest()), job(stuck))).as("the same declaration: no loop of resubmissions")
          .isNotInstanceOf(TransitionDecision.Start.class);
    }
  }

  @Test
  void aRestartingJobIsSuspendedFromItsLatestStateAndARunningOneWithASavepoint() {
    Declaration suspend = declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-1");
    assertThat(decide(suspend, deployed(suspend.specDigest()), job(JobState.RESTARTING)))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND);
          assertThat(start.fromLatestState()).isTrue();
        });
    assertThat(decide(suspend, deployed(suspend.specDigest()), job(JobState.RUNNING)))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.fromLatestState()).isFalse());
  }

  @Test
  void aFinishedJobIsNotReplacedAndAStartingOneIsWaitedFor() {
    assertThat(decide(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), deployed("jar-1"), job(JobState.FINISHED)))
        .isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), deployed("jar-1"), job(JobState.INITIALIZING)))
        .isInstanceOf(TransitionDecision.Wait.class);
  }

  @Test
  void aFailedUpgradeFromTheLatestStateBacksOffTheNext() {
    RuntimeStatus failed = StatusEdit.of(deployed("jar-1")).savepointBackoff(new Backoff(1, NOW.plusSeconds(10)))
        .lastTransition(new io.flinkstack.contract.TransitionResult(TransitionKind.UPGRADE, "failed", null, NOW, NOW, null, "x")).build();
    assertThat(decide(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), failed, job(JobState.FAILED)))
        .isInstanceOfSatisfying(TransitionDecision.Wait.class, wait -> assertThat(wait.reason()).contains("backing off"));
  }

  @Test
  void nonces() {
    Declaration plain = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-1");
    Declaration restart = TransitionDeciderTest.withNonces(plain, 3L, null);
    RuntimeStatus deployed = deployed(plain.specDigest());
    assertThat(decide(restart, deployed, job(JobState.RUNNING))).as("running: with a savepoint")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
          assertThat(start.fromLatestState()).isFalse();
        });
    assertThat(decide(restart, deployed, job(JobState.FAILED))).as("a failed job restarts from its latest state")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
          assertThat(start.fromLatestState()).isTrue();
        });
    assertThat(decide(restart, deployed, job(JobState.FINISHED))).as("a finished job is left alone").isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(restart, StatusEdit.of(deployed).observedNonces(3L, null).build(), job(JobState.RUNNING)))
        .isInstanceOf(TransitionDecision.None.class);
    Declaration redeploy = TransitionDeciderTest.withNonces(plain, null, 1L);
    for (JobState state : List.of(JobState.RUNNING, JobState.RESTARTING, JobState.FAILED, JobState.FINISHED)) {
      assertThat(decide(redeploy, deployed, job(state))).as(state.name())
          .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.REDEPLOY));
    }
  }

  private static TransitionDecision decide(Declaration declaration, RuntimeStatus status, JobObservation observation) {
    return SessionJobDecider.decide(declaration, status, observation, NOW);
  }

  private static JobObservation job(JobState state) {
    return JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", state, state == JobState.RUNNING, NOW.minusSeconds(60))));
  }

  private static RuntimeStatus deployed(String spec) {
    return StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.STABLE).job("job-1", "RUNNING").deployedSpec(spec).build();
  }

  private static Declaration declaration(UpgradeMode mode, DesiredState state, String jar) {
    DeclarationIdentity identity = new DeclarationIdentity(
        new ObjectRef("flinkstack.io/v1alpha1", "FlinkJob", "flink", "orders", "uid-1"), DeclarationKind.SESSION_JOB, "session", "orders");
    JobDeclaration job = new JobDeclaration("orders", JobKind.JAR, "https://jars.example.com/" + jar + ".jar", null, null, 2, mode, state,
        null, null, null, null, null, null, null, null, null, null);
    return new Declaration(identity, job, new SavepointPolicy(Optional.empty(), 3, Optional.<Duration>empty()));
  }
}
