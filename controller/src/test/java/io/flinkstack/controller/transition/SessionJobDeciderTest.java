package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.Backoff;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.Rollback;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.SubmittedJob;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
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
import java.util.Map;
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

  /**
   * A session job that a stop-with-savepoint the controller did not record FINISHED (its stop timed out in the
   * controller and completed later, or someone ran {@code flink stop}): a changed declaration or a restart replaces it
   * from that savepoint, and a declared suspend suspends it at that savepoint, so the resume starts there. Before
   * 2026-12-07 all three were left alone; the job ran again only by suspend and resume, and the resume went back to the
   * savepoint before the stop.
   */
  @Test
  void aJobThatAStopFinishedIsReplacedOrSuspendedFromThatStopsSavepoint() {
    JobObservation stopped = JobObservation.reachable(NOW, Optional.of(new ObservedJob("job-1", "job", JobState.FINISHED, false,
        NOW.minusSeconds(60), false, new ObservedJob.StopSavepoint("file:/state/savepoints/stop-t1/savepoint-1", NOW.minusSeconds(5)))));
    assertThat(decide(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), deployed("jar-1"), stopped))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
          assertThat(start.fromLatestState()).isTrue();
        });
    Declaration plain = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-1");
    assertThat(decide(TransitionDeciderTest.withNonces(plain, 3L, null), deployed(plain.specDigest()), stopped))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
          assertThat(start.fromLatestState()).isTrue();
        });
    Declaration suspend = declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-1");
    assertThat(decide(suspend, deployed(suspend.specDigest()), stopped))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND);
          assertThat(start.fromLatestState()).isTrue();
        });
    RuntimeStatus suspendedByTheController = StatusEdit.of(deployed(suspend.specDigest())).lifecycle(LifecycleState.SUSPENDED).build();
    assertThat(decide(suspend, suspendedByTheController, stopped)).as("the controller's own suspend stopped it")
        .isInstanceOfSatisfying(TransitionDecision.None.class, none -> assertThat(none.reason()).contains("suspended, as declared"));
  }

  /**
   * A job its JobManager lost (no HA: restarted, rolled or evicted) while it had not ended is submitted again from its
   * latest state (the checkpoint JobTransitions finds in its directory): a restart, or an upgrade when its declaration
   * changed meanwhile; a stateless one without state. One that had ended first stays gone. (Until 2026-12-08 every lost
   * job was only reported.)
   */
  @Test
  void aJobItsJobManagerLostIsSubmittedAgainFromItsLatestStateAndOneThatHadEndedIsNot() {
    Declaration plain = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-1");
    JobObservation none = JobObservation.reachable(NOW, Optional.empty());
    RuntimeStatus lost = StatusEdit.of(deployed(plain.specDigest())).job("job-1", JobObservation.LOST).lifecycle(LifecycleState.CREATED).build();
    assertThat(decide(plain, lost, none)).isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
      assertThat(start.kind()).isEqualTo(TransitionKind.RESTART);
      assertThat(start.lostJobId()).isEqualTo("job-1");
      assertThat(start.fromLatestState()).isTrue();
      assertThat(start.restorePath()).as("found by JobTransitions before it is recorded").isNull();
      assertThat(start.reason()).contains("job-1", "without HA");
    });
    assertThat(decide(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), lost, none)).as("changed meanwhile")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
          assertThat(start.lostJobId()).isEqualTo("job-1");
        });
    Declaration stateless = declaration(UpgradeMode.STATELESS, DesiredState.RUNNING, "jar-1");
    assertThat(decide(stateless, StatusEdit.of(lost).deployedSpec(stateless.specDigest()).build(), none)).as("stateless")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.lostJobId()).isEqualTo("job-1");
          assertThat(start.fromLatestState()).isFalse();
        });
    RuntimeStatus ended = StatusEdit.of(lost).job("job-1", JobObservation.NOT_FOUND).build();
    assertThat(decide(plain, ended, none)).as("ended before it went").isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(plain, lost, JobObservation.unreachable(NOW, "connection refused"))).as("JobManager away")
        .isInstanceOf(TransitionDecision.None.class);
    Declaration suspend = declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-1");
    assertThat(decide(suspend, lost, none)).as("declared suspended: nothing runs, nothing to submit").isInstanceOf(TransitionDecision.None.class);
  }

  /** What the status records for a session job its answering JobManager does not list, by what it was when last seen. */
  @Test
  void aMissingSessionJobIsLostWhenItHadNotEndedWhenLastSeen() {
    for (String ran : List.of("RUNNING", "RESTARTING", "CREATED", "INITIALIZING", "FAILING", "CANCELLING", JobObservation.LOST)) {
      assertThat(JobObservation.missingSessionJobState(ran)).as(ran).isEqualTo(JobObservation.LOST);
    }
    for (String ended : java.util.Arrays.asList("FAILED", "CANCELED", "FINISHED", "SUSPENDED", JobObservation.NOT_FOUND, "SOMETHING_NEW", null)) {
      assertThat(JobObservation.missingSessionJobState(ended)).as(String.valueOf(ended)).isEqualTo(JobObservation.NOT_FOUND);
    }
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

  // ---- readiness timeout and rollback of an upgrade ------------------------------------------------------

  private static final String NEW_JOB = "0123456789abcdef0123456789abcdef";
  private static final String SAVEPOINT = "file:/state/savepoints/savepoint-000001";

  /** An upgrade from jar-1 to {@code declared}: the old job stopped at {@code stoppedAt}, its new job submitted at {@code appliedAt}. */
  private static RuntimeStatus upgrading(Declaration declared, Instant stoppedAt, Instant appliedAt, boolean recordedBefore) {
    Declaration before = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-1");
    Transition upgrade = new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, "job-1", "trigger",
        SAVEPOINT, declared.specDigest(), NEW_JOB, Map.of(), 0.3, stoppedAt.minusSeconds(1), appliedAt, null, null, stoppedAt);
    return StatusEdit.of(deployed(before.specDigest())).lifecycle(LifecycleState.UPGRADING).transition(upgrade)
        .submittedJob(recordedBefore ? SubmittedJob.of(before.specDigest(), before.job(), null, null) : null).build();
  }

  private static Optional<ObservedJob> newJob(JobState state) {
    return Optional.of(new ObservedJob(NEW_JOB, "orders", state, false, NOW.minusSeconds(30)));
  }

  private static TransitionDecision decideAt(Declaration declaration, RuntimeStatus status, Optional<ObservedJob> newJob, Instant now) {
    return SessionJobDecider.decide(declaration, status, JobObservation.reachable(now, Optional.empty()), newJob, now);
  }

  @Test
  void anUpgradesNewJobNotRunningWithinTheReadinessTimeoutOfTheOldJobsStopIsRolledBack() {
    Declaration jar2 = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2");
    // Stopped 4 min ago; its step moved on since (submitted 1 min ago): the 5 min count from the stop.
    RuntimeStatus status = upgrading(jar2, NOW.minus(Duration.ofMinutes(4)), NOW.minus(Duration.ofMinutes(1)), true);

    assertThat(decideAt(jar2, status, newJob(JobState.RESTARTING), NOW)).as("within the timeout")
        .isInstanceOf(TransitionDecision.Continue.class);

    Instant late = NOW.plus(Duration.ofMinutes(1));
    assertThat(decideAt(jar2, status, newJob(JobState.RESTARTING), late)).as("past it, counted from the stop, not the step")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.ROLLBACK);
          assertThat(start.reason()).contains("within 300.00 s of the old job's stop", "job " + NEW_JOB + " RESTARTING, not all tasks running");
        });
    assertThat(SessionJobDecider.readiness(jar2, status, newJob(JobState.RESTARTING), NOW))
        .isEqualTo(new SessionReadiness.Waiting(NOW.plus(Duration.ofMinutes(1))));
    assertThat(decideAt(jar2, status, Optional.empty(), late)).as("Flink does not know the new job")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.reason()).contains("Flink does not know job " + NEW_JOB));
    assertThat(decideAt(jar2, status, Optional.of(new ObservedJob(NEW_JOB, "orders", JobState.RUNNING, true, NOW)), late))
        .as("it runs after all: the upgrade ends as usual").isInstanceOf(TransitionDecision.Continue.class);
    // A status whose transition was recorded by a controller from before stoppedAt counts from its step.
    Transition old = status.transition();
    RuntimeStatus older = StatusEdit.of(status).transition(new Transition(old.kind(), old.step(), old.upgradeMode(), old.fromJobId(),
        old.triggerId(), old.restorePath(), old.target(), old.newJobId(), old.replicas(), old.savepointSeconds(), old.startedAt(),
        old.stepAt(), null, null)).build();
    assertThat(decideAt(jar2, older, newJob(JobState.RESTARTING), late)).isInstanceOf(TransitionDecision.Continue.class);
    assertThat(decideAt(jar2, older, newJob(JobState.RESTARTING), NOW.plus(Duration.ofMinutes(4))))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.ROLLBACK));

    // Only a session upgrade whose old job stopped is timed: not one still stopping, nor a rescale's restart, nor a restart.
    late = NOW.plus(Duration.ofHours(1));
    Transition applied = upgrading(jar2, NOW, NOW, true).transition();
    Transition stopping = new Transition(TransitionKind.UPGRADE, TransitionStep.STOP_TRIGGERED, UpgradeMode.SAVEPOINT, "job-1",
        "trigger", null, jar2.specDigest(), NEW_JOB, Map.of(), null, NOW, NOW, null);
    Transition rescale = new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, "job-1", "trigger",
        SAVEPOINT, jar2.specDigest(), NEW_JOB, Map.of(), null, NOW, NOW, 4, null, NOW);
    Transition restart = new Transition(TransitionKind.RESTART, applied.step(), applied.upgradeMode(), applied.fromJobId(),
        applied.triggerId(), applied.restorePath(), applied.target(), applied.newJobId(), Map.of(), null, NOW, NOW, null, null, NOW);
    for (Transition transition : List.of(stopping, rescale, restart)) {
      RuntimeStatus untimed = StatusEdit.of(upgrading(jar2, NOW, NOW, true)).transition(transition).build();
      assertThat(SessionJobDecider.readiness(jar2, untimed, newJob(JobState.RESTARTING), late)).as(transition.toString())
          .isInstanceOf(SessionReadiness.NotTimed.class);
      assertThat(decideAt(jar2, untimed, newJob(JobState.RESTARTING), late)).isInstanceOf(TransitionDecision.Continue.class);
    }
  }

  @Test
  void aNewJobThatFailedIsRolledBackAtOnceAndANewJobThatWasNeverSubmittedSaysWhy() {
    Declaration jar2 = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2");
    RuntimeStatus status = upgrading(jar2, NOW.minusSeconds(5), NOW.minusSeconds(4), true);
    assertThat(decideAt(jar2, status, newJob(JobState.FAILED), NOW)).as("FAILED: it does not come back from that")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.ROLLBACK);
          assertThat(start.reason()).contains(NEW_JOB + " FAILED before it ran with all its tasks");
        });

    // Its submission refused every pass (the transition stays at RESTORE_WRITTEN): Flink's refusal, cut, is the reason.
    Transition applied = status.transition();
    String refusal = "submission failed: HTTP 400: org.apache.flink.runtime.rest.handler.RestHandlerException: "
        + "x".repeat(600) + "; caused by: java.lang.NumberFormatException: For input string: \"not-a-number\"";
    RuntimeStatus refused = StatusEdit.of(status).transition(applied.at(TransitionStep.RESTORE_WRITTEN, applied.stepAt()))
        .lastError(new StatusError(NOW, "transition", refusal)).build();
    assertThat(decideAt(jar2, refused, Optional.empty(), NOW.plus(Duration.ofMinutes(5))))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.ROLLBACK);
          assertThat(start.reason()).contains("job " + NEW_JOB + " not submitted (submission failed: HTTP 400: "
              + "org.apache.flink.runtime.rest.handler.RestHandlerException: xxx", "xxx … xxx",
              "; caused by: java.lang.NumberFormatException: For input string: \"not-a-number\")");
          assertThat(start.reason().length()).as("Flink's text cut to " + SessionJobDecider.FLINK_TEXT_MAX).isLessThan(600);
        });
  }

  @Test
  void withRollbackOffOrNoEarlierSubmissionTheOverdueUpgradeIsStalledNotRolledBack() {
    Declaration off = withRollback(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), false);
    Instant late = NOW.plus(Duration.ofMinutes(6));
    RuntimeStatus status = upgrading(off, NOW, NOW, true);
    assertThat(decideAt(off, status, newJob(JobState.RESTARTING), late)).isInstanceOf(TransitionDecision.Continue.class);
    assertThat(SessionJobDecider.readiness(off, status, newJob(JobState.RESTARTING), late))
        .isInstanceOfSatisfying(SessionReadiness.Stalled.class, stalled -> {
          assertThat(stalled.notRolledBack()).isEqualTo("rollback is off (spec.rollback: false)");
          assertThat(stalled.failed()).isFalse();
        });
    assertThat(SessionJobDecider.readiness(off, status, newJob(JobState.FAILED), NOW))
        .isInstanceOfSatisfying(SessionReadiness.Stalled.class, stalled -> assertThat(stalled.failed()).isTrue());

    Declaration on = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2");
    RuntimeStatus adopted = upgrading(on, NOW, NOW, false);
    assertThat(decideAt(on, adopted, newJob(JobState.RESTARTING), late)).isInstanceOf(TransitionDecision.Continue.class);
    assertThat(SessionJobDecider.readiness(on, adopted, newJob(JobState.RESTARTING), late))
        .isInstanceOfSatisfying(SessionReadiness.Stalled.class, stalled -> assertThat(stalled.notRolledBack())
            .contains("no earlier submission is recorded to roll back to"));
  }

  @Test
  void theSpecRolledBackFromIsNotSubmittedAgainUntilAnotherIsDeclared() {
    Declaration jar1 = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-1");
    Declaration jar2 = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2");
    RuntimeStatus rolledBack = StatusEdit.of(deployed(jar1.specDigest()))
        .submittedJob(SubmittedJob.of(jar1.specDigest(), jar1.job(), null, null))
        .rolledBack(new Rollback(jar2.specDigest(), jar1.specDigest(), SAVEPOINT, NOW, "it did not run")).build();

    assertThat(decide(jar2, rolledBack, job(JobState.RUNNING))).isInstanceOfSatisfying(TransitionDecision.None.class,
        none -> assertThat(none.reason()).contains("rolled back to spec " + jar1.specDigest(), "apply a fixed one"));
    assertThat(decide(jar2, rolledBack, job(JobState.FAILED))).as("the rolled-back job failing later is not replaced by it")
        .isInstanceOf(TransitionDecision.None.class);
    assertThat(decide(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-3"), rolledBack, job(JobState.RUNNING)))
        .as("another spec").isInstanceOfSatisfying(TransitionDecision.Start.class,
            start -> assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE));
    assertThat(decide(TransitionDeciderTest.withNonces(jar2, 1L, null), rolledBack, job(JobState.RUNNING)))
        .as("a restart restarts the job that runs (JobTransitions submits the earlier submission again)")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.RESTART));
    assertThat(SessionJobDecider.rolledBackTo(jar2, rolledBack)).hasValue(rolledBack.submittedJob());
    assertThat(SessionJobDecider.rolledBackTo(jar1, rolledBack)).as("the running spec declared again").isEmpty();
  }

  @Test
  void aSuspendDeclaredDuringAStalledUpgradeOrRollbackStartsFromTheLatestStateAndComesBeforeANewerSpec() {
    Declaration jar2 = withRollback(declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2"), false);
    Declaration jar2Suspended = withRollback(declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-2"), false);
    RuntimeStatus upgrading = upgrading(jar2, NOW.minus(Duration.ofMinutes(6)), NOW.minus(Duration.ofMinutes(6)), true);

    // Not stalled yet (no readiness-timeout recorded): the upgrade is let finish, whatever is declared.
    assertThat(decideAt(jar2Suspended, upgrading, newJob(JobState.RESTARTING), NOW.minus(Duration.ofMinutes(2))))
        .isInstanceOf(TransitionDecision.Continue.class);

    RuntimeStatus stalled = StatusEdit.of(upgrading).lastError(new StatusError(NOW.minusSeconds(10), StatusError.READINESS_TIMEOUT,
        "upgrade to spec … stalled")).build();
    assertThat(decideAt(jar2, stalled, newJob(JobState.RESTARTING), NOW)).as("still running declared: it waits")
        .isInstanceOf(TransitionDecision.Continue.class);
    assertThat(decideAt(jar2Suspended, stalled, newJob(JobState.RESTARTING), NOW))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND);
          assertThat(start.fromLatestState()).isTrue();
          assertThat(start.reason()).contains("is stalled (upgrade to spec … stalled)", "declared suspended");
        });
    Declaration jar3Suspended = withRollback(declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-3"), false);
    assertThat(decideAt(jar3Suspended, stalled, newJob(JobState.RESTARTING), NOW)).as("suspended and newer: suspended first")
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND));

    // A stalled rollback gives way the same way.
    Transition rollback = new Transition(TransitionKind.ROLLBACK, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, NEW_JOB, null, SAVEPOINT,
        "spec-1", "fedcba9876543210fedcba9876543210", Map.of(), null, NOW.minus(Duration.ofMinutes(8)), NOW.minus(Duration.ofMinutes(8)), null);
    RuntimeStatus stalledRollback = StatusEdit.of(stalled).transition(rollback).build();
    assertThat(decideAt(jar2Suspended, stalledRollback, Optional.empty(), NOW))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND));

    // With rollback on and an earlier submission, the overdue upgrade is rolled back first: a suspend then takes a
    // savepoint of the job rolled back to.
    Declaration rollsBackSuspended = declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-2");
    assertThat(decideAt(rollsBackSuspended, stalled, newJob(JobState.RESTARTING), NOW))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.ROLLBACK));
  }

  /**
   * A rescale's restart (an UPGRADE with a parallelism, at the running spec) is never rolled back, but once recorded as
   * stalled it gives way to a newer spec and to a declared suspend, as a stalled upgrade does.
   */
  @Test
  void aStalledRescaleRestartGivesWayToANewerSpecAndToASuspendAndIsNeverRolledBack() {
    Declaration jar2 = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-2");
    Transition rescale = new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null, SAVEPOINT,
        jar2.specDigest(), NEW_JOB, Map.of(), null, NOW.minus(Duration.ofMinutes(8)), NOW.minus(Duration.ofMinutes(8)), 3);
    RuntimeStatus restarting = StatusEdit.of(upgrading(jar2, NOW.minus(Duration.ofMinutes(8)), NOW.minus(Duration.ofMinutes(8)), true))
        .transition(rescale).build();
    assertThat(decideAt(jar2, restarting, newJob(JobState.RESTARTING), NOW)).as("overdue, rollback on: not rolled back")
        .isInstanceOf(TransitionDecision.Continue.class);
    Declaration jar3 = declaration(UpgradeMode.SAVEPOINT, DesiredState.RUNNING, "jar-3");
    assertThat(decideAt(jar3, restarting, newJob(JobState.RESTARTING), NOW)).as("not stalled yet: let finish")
        .isInstanceOf(TransitionDecision.Continue.class);

    RuntimeStatus stalled = StatusEdit.of(restarting).lastError(new StatusError(NOW.minusSeconds(10), StatusError.READINESS_TIMEOUT,
        "rescale to parallelism 3 … stalled")).build();
    assertThat(decideAt(jar2, stalled, newJob(JobState.RESTARTING), NOW)).as("the same spec: it waits")
        .isInstanceOf(TransitionDecision.Continue.class);
    assertThat(decideAt(jar3, stalled, newJob(JobState.RESTARTING), NOW))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> {
          assertThat(start.kind()).isEqualTo(TransitionKind.UPGRADE);
          assertThat(start.reason()).contains("is stalled (rescale to parallelism 3 … stalled)");
        });
    assertThat(decideAt(declaration(UpgradeMode.SAVEPOINT, DesiredState.SUSPENDED, "jar-2"), stalled, newJob(JobState.RESTARTING), NOW))
        .isInstanceOfSatisfying(TransitionDecision.Start.class, start -> assertThat(start.kind()).isEqualTo(TransitionKind.SUSPEND));
  }

  private static Declaration withRollback(Declaration declaration, boolean rollback) {

    JobDeclaration j = declaration.job();
    JobDeclaration job = new JobDeclaration(j.name(), j.kind(), j.jarUri(), j.entryClass(), j.args(), j.parallelism(), j.upgradeMode(),
        j.state(), j.savepointTriggerNonce(), j.initialSavepointPath(), j.allowNonRestoredState(), j.savepointInterval(),
        j.savepointHistoryMaxCount(), j.savepointHistoryMaxAge(), j.parallelismMin(), j.parallelismMax(), j.savepointBeforeScaleDown(),
        j.jarSha256(), j.restartNonce(), j.redeployNonce(), j.jarCredentials(), j.readinessTimeout(), rollback);
    return new Declaration(declaration.identity(), job, declaration.savepoints());
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
