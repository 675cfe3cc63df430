package io.flinkstack.controller.transition;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.contract.Transition;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.contract.TransitionStep;
import io.flinkstack.contract.UpgradeGate;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.kubernetes.PodSnapshot;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade whose new pods never get their job running, past its readiness timeout. Rolled back where it can be (on
 * by default, the pods gated); where it cannot ({@code rollback: false}, or pods without the readiness gate) it keeps
 * waiting, and that is recorded once, with a Warning Event, so the FlinkJob's conditions say Stalled (Argo CD:
 * Degraded) instead of Reconciling for ever. The mock API server holds the FlinkJob, the StatefulSets (their update
 * revision not yet current) and the new pods, not ready; the JobManager lists no job (what the controller's
 * observation saw is given to each pass; nothing listens on the JobManager's port). The real-Flink rollback is
 * {@code ApplicationUpgradeTest}'s.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ReadinessTimeoutTest {
  private static final String NAMESPACE = "flink";
  private static final String CLUSTER = "orders";
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final String SAVEPOINT = "file:/state/savepoints/savepoint-012345-000000000001";
  private static final String TARGET = ClusterNames.jobManager(CLUSTER) + "=" + ClusterNames.jobManager(CLUSTER) + "-r2,"
      + ClusterNames.taskManager(CLUSTER) + "=" + ClusterNames.taskManager(CLUSTER) + "-r2";

  KubernetesClient client;
  @TempDir Path work;

  private MockApiTransitions run;
  private MovableClock clock;
  private StatusStore store;

  @BeforeEach
  void start() {
    run = new MockApiTransitions(client, work);
    clock = run.clock;
    store = run.store;
    statefulSet(ClusterNames.jobManager(CLUSTER), 1);
    statefulSet(ClusterNames.taskManager(CLUSTER), 2);
  }

  @Test
  void withRollbackOffTheOverdueUpgradeKeepsWaitingAndIsStalledWithOneWarning() {
    Declaration declaration = upgrading(DeclarationFixture.application(NAMESPACE, CLUSTER).set("rollback", false), true);

    clock.advance(Duration.ofMinutes(4));
    pass(declaration);
    assertThat(status(declaration).lastError()).as("within the timeout").isNull();
    assertThat(condition("Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");

    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    RuntimeStatus overdue = status(declaration);
    assertThat(overdue.transition()).as("still waiting, not rolled back").isNotNull();
    assertThat(overdue.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(overdue.rolledBack()).isNull();
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).contains(TARGET, "within 300.00 s", "3 pod(s) not ready",
        "rollback is off (spec.rollback: false)", "fix the failing template in Git (or turn rollback on)");
    Condition stalled = condition("Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("ReadinessTimeout");
    assertThat(stalled.getMessage()).isEqualTo(overdue.lastError().message());
    assertThat(condition("Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition("Ready").getStatus()).isEqualTo("False");

    clock.advance(Duration.ofMinutes(1));
    pass(declaration);
    assertThat(status(declaration).lastError().time()).as("recorded once").isEqualTo(overdue.lastError().time());
    assertThat(warnings()).containsExactly(EventReasons.UPGRADE_NOT_READY);
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).as("no pod deleted").hasSize(3);
  }

  @Test
  void aNewerTemplateAppliedAfterAnUpgradeStalledIsUpgradedToFromTheStalledUpgradesSavepoint() {
    Declaration declaration = upgrading(DeclarationFixture.application(NAMESPACE, CLUSTER).set("rollback", false), true);
    String failing = status(declaration).transition().target();

    // Within the timeout a newer template waits: the upgrade's job may still start.
    updateRevision("r3");
    clock.advance(Duration.ofMinutes(4));
    pass(declaration);
    assertThat(status(declaration).transition().target()).isEqualTo(failing);

    // Past it the upgrade is stalled; the failing template applied again does not move it.
    updateRevision("r2");
    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    assertThat(status(declaration).lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    pass(declaration);
    assertThat(status(declaration).transition().target()).isEqualTo(failing);

    // A fixed template: upgraded to at once, from what the stalled upgrade restored (its job ran no checkpoint).
    updateRevision("r3");
    pass(declaration);
    RuntimeStatus upgrading = status(declaration);
    assertThat(upgrading.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgrading.transition().target()).isEqualTo(TARGET.replace("-r2", "-r3"));
    assertThat(upgrading.transition().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(upgrading.transition().restorePath()).isEqualTo(SAVEPOINT);
    assertThat(upgrading.lastError().message()).contains("the stalled upgrade to " + failing + " was abandoned for the newer template");
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");

    untilApplied(declaration);
    assertThat(status(declaration).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(io.flinkstack.contract.RestoreState.configMap(CLUSTER)).get()
        .getData().values()).anyMatch(value -> value.contains(SAVEPOINT));
  }

  @Test
  void aSuspendDeclaredAfterAnUpgradeStalledScalesToZeroAndRecordsWhatTheUpgradeRestored() {
    DeclarationFixture noRollback = DeclarationFixture.application(NAMESPACE, CLUSTER).set("rollback", false);
    Declaration declaration = upgrading(noRollback, true);
    Declaration suspended = read(noRollback.set("state", "suspended"));

    // Within the timeout the upgrade is let finish first (its job may still start).
    clock.advance(Duration.ofMinutes(4));
    pass(suspended);
    assertThat(status(suspended).transition().kind()).isEqualTo(TransitionKind.UPGRADE);

    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    assertThat(status(declaration).lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);

    pass(suspended);
    RuntimeStatus suspending = status(suspended);
    assertThat(suspending.transition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(suspending.transition().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(suspending.transition().restorePath()).as("no job to cancel: what the upgrade restored").isEqualTo(SAVEPOINT);
    assertThat(suspending.transition().replicas()).containsEntry(ClusterNames.jobManager(CLUSTER), 1)
        .containsEntry(ClusterNames.taskManager(CLUSTER), 2);
    assertThat(suspending.lastError().message()).contains("the stalled upgrade to " + TARGET + " was abandoned to suspend the job");
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");
    assertThat(suspending.transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems())
        .allSatisfy(set -> assertThat(set.getSpec().getReplicas()).as(set.getMetadata().getName()).isZero());

    client.pods().inNamespace(NAMESPACE).delete(); // what the StatefulSet controller does at zero replicas
    pass(suspended);
    RuntimeStatus done = status(suspended);
    assertThat(done.transition()).isNull();
    assertThat(done.lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
    assertThat(done.lastTransition().kind()).isEqualTo(TransitionKind.SUSPEND);
    assertThat(done.lastTransition().restorePath()).isEqualTo(SAVEPOINT);

    // Resumed: the stalled upgrade left the gates open, and pods made now would come from its failing template (the
    // fixed one may not be applied yet). The gates close, and only once the StatefulSet controller has seen them closed
    // are the sets scaled back up: the pods come back at the current revision, the last whose job ran. (Until 2026-12-06
    // the sets were scaled up behind the open gates.)
    Declaration resumed = read(noRollback.set("state", "running"));
    pass(resumed);
    RuntimeStatus resuming = status(resumed);
    assertThat(resuming.transition().kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).allSatisfy(set -> {
      assertThat(set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).as(set.getMetadata().getName())
          .isEqualTo(UpgradeGate.CLOSED);
      assertThat(set.getSpec().getReplicas()).as("not scaled up before the closed gate is seen").isZero();
    });
    statefulSetControllerObserves();
    pass(resumed);
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName(ClusterNames.jobManager(CLUSTER)).get().getSpec().getReplicas())
        .isEqualTo(1);
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName(ClusterNames.taskManager(CLUSTER)).get().getSpec().getReplicas())
        .isEqualTo(2);

    // Its job does not run either (at zero replicas the StatefulSet controller made the failing template current): past
    // the readiness timeout the resume is stalled, once, and a newer template then replaces it from what it restored.
    assertThat(status(resumed).transition().step()).isEqualTo(TransitionStep.APPLIED);
    clock.advance(Duration.ofMinutes(6));
    pass(resumed);
    pass(resumed);
    RuntimeStatus stalledResume = status(resumed);
    assertThat(stalledResume.transition().kind()).isEqualTo(TransitionKind.RESUME);
    assertThat(stalledResume.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(stalledResume.lastError().message()).contains("resume at", "from " + SAVEPOINT, "within 300.00 s of the scale-up",
        "apply a fixed template");
    assertThat(condition("Stalled").getStatus()).isEqualTo("True");
    assertThat(warnings()).containsOnlyOnce(EventReasons.RESUME_NOT_READY);

    updateRevision("r3");
    pass(resumed);
    RuntimeStatus replaced = status(resumed);
    assertThat(replaced.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(replaced.transition().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(replaced.transition().restorePath()).as("what the resume restored").isEqualTo(SAVEPOINT);
    assertThat(replaced.suspendedReplicas()).as("the resume had scaled the sets up").isEmpty();
    assertThat(replaced.lastError().message()).contains("the stalled resume to", "was abandoned for the newer template");
  }

  @Test
  void podsWithoutTheReadinessGateCannotBeRolledBackAndStallTheSameWay() {
    Declaration declaration = upgrading(DeclarationFixture.application(NAMESPACE, CLUSTER), false);

    clock.advance(Duration.ofMinutes(6));
    pass(declaration);

    RuntimeStatus overdue = status(declaration);
    assertThat(overdue.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).contains("have no readiness gate " + UpgradeGate.VERIFIED_CONDITION)
        .doesNotContain("turn rollback on");
    assertThat(condition("Stalled").getReason()).isEqualTo("ReadinessTimeout");
    assertThat(warnings()).containsExactly(EventReasons.UPGRADE_NOT_READY);
  }

  @Test
  void gatedPodsWithRollbackOnAreRolledBackNotStalled() {
    Declaration declaration = upgrading(DeclarationFixture.application(NAMESPACE, CLUSTER), true);

    clock.advance(Duration.ofMinutes(6));
    pass(declaration);

    RuntimeStatus rolling = status(declaration);
    assertThat(rolling.rolledBack()).isNotNull();
    assertThat(rolling.rolledBack().failedTarget()).isEqualTo(TARGET);
    assertThat(rolling.lastError().operation()).isNotEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");
    assertThat(warnings()).contains(EventReasons.UPGRADE_ROLLED_BACK).doesNotContain(EventReasons.UPGRADE_NOT_READY);
  }

  @Test
  void aRollbackWhoseJobDoesNotRunEitherIsStalledOnceAndNothingOlderIsTried() {
    Declaration declaration = rollingBackApplied();
    RuntimeStatus applied = status(declaration);
    assertThat(applied.transition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(applied.transition().step()).isEqualTo(TransitionStep.APPLIED);

    clock.advance(Duration.ofMinutes(4));
    pass(declaration);
    assertThat(status(declaration).lastError().operation()).as("within its own timeout").isNotEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");

    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    RuntimeStatus overdue = status(declaration);
    assertThat(overdue.transition().kind()).as("still waiting, nothing older tried").isEqualTo(TransitionKind.ROLLBACK);
    assertThat(overdue.transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(overdue.rolledBack().failedTarget()).isEqualTo(TARGET);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).startsWith("rollback to ").contains(SAVEPOINT, "within 300.00 s", "either", "no job",
        "nothing older is tried");
    stalledOnce(declaration, overdue);
    assertThat(warnings()).containsExactly(EventReasons.UPGRADE_ROLLED_BACK, EventReasons.ROLLBACK_NOT_READY);
  }

  @Test
  void aNewerTemplateAppliedAfterTheRollbackStalledIsUpgradedToFromTheRollbacksSavepoint() {
    Declaration declaration = rollingBackApplied();
    String rolledBackTo = status(declaration).transition().target();

    // Within the rollback's own timeout a newer template waits: the rollback may still bring its job up, and the
    // newer template then gets an upgrade with a savepoint of its own.
    updateRevision("r3");
    clock.advance(Duration.ofMinutes(4));
    pass(declaration);
    assertThat(status(declaration).transition().kind()).isEqualTo(TransitionKind.ROLLBACK);

    // The failing template applied again after the stall: still not upgraded to.
    updateRevision("r2");
    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    RuntimeStatus stalled = status(declaration);
    assertThat(stalled.transition().kind()).isEqualTo(TransitionKind.ROLLBACK);
    assertThat(stalled.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    pass(declaration);
    assertThat(status(declaration).transition().kind()).isEqualTo(TransitionKind.ROLLBACK);

    // A fixed template (r3): upgraded to at once, from what the rollback restored (no job to take a checkpoint from).
    updateRevision("r3");
    pass(declaration);
    RuntimeStatus upgrading = status(declaration);
    String fixed = TARGET.replace("-r2", "-r3");
    assertThat(upgrading.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgrading.transition().target()).isEqualTo(fixed).isNotEqualTo(rolledBackTo);
    assertThat(upgrading.transition().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(upgrading.transition().restorePath()).isEqualTo(SAVEPOINT);
    assertThat(upgrading.rolledBack()).isNull();
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");
    assertThat(condition("Reconciling").getStatus()).isEqualTo("True");

    untilApplied(declaration);
    RuntimeStatus applied = status(declaration);
    assertThat(applied.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(applied.transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(io.flinkstack.contract.RestoreState.configMap(CLUSTER)).get()
        .getData().values()).anyMatch(value -> value.contains(SAVEPOINT));
    assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems())
        .allMatch(set -> set.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() == UpgradeGate.OPEN);
    assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems().stream().map(event -> event.getReason()))
        .contains(EventReasons.UPGRADE_STARTED);
  }

  @Test
  void aRestartWhoseJobDoesNotRunIsStalledOnceAndGivesWayToTheNonceChangedAgain() {
    DeclarationFixture fixture = DeclarationFixture.application(NAMESPACE, CLUSTER).set("restartNonce", 1);
    Declaration declaration = restarted(fixture, TransitionKind.RESTART, SAVEPOINT);
    Instant started = status(declaration).transition().startedAt();
    Declaration again = read(fixture.set("restartNonce", 2));

    // Within the timeout the restart is let finish first, even with the nonce changed again: its job may still start.
    clock.advance(Duration.ofMinutes(4));
    pass(again);
    assertThat(status(again).transition().startedAt()).isEqualTo(started);
    assertThat(status(again).lastError()).as("within the timeout").isNull();
    assertThat(condition("Reconciling").getStatus()).isEqualTo("True");

    clock.advance(Duration.ofMinutes(2));
    pass(declaration);
    RuntimeStatus overdue = status(declaration);
    assertThat(overdue.transition().kind()).as("still waiting: nothing to roll back to").isEqualTo(TransitionKind.RESTART);
    assertThat(overdue.transition().startedAt()).isEqualTo(started);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).startsWith("restart at " + TARGET + " from " + SAVEPOINT).contains(
        "within 300.00 s of its JobManager's replacement", "3 pod(s) not ready", "nothing to roll back to",
        "change restartNonce again");
    stalledOnce(declaration, overdue);
    assertThat(warnings()).containsExactly(EventReasons.RESTART_NOT_READY);

    // The nonce changed again after the stall: a restart of its own, from the latest state (the stalled job ran no
    // checkpoint: what the stalled restart restored).
    pass(again);
    RuntimeStatus retried = status(again);
    assertThat(retried.transition().kind()).isEqualTo(TransitionKind.RESTART);
    assertThat(retried.transition().startedAt()).isAfter(started);
    assertThat(retried.transition().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(retried.transition().restorePath()).isEqualTo(SAVEPOINT);
    assertThat(retried.observedRestartNonce()).isEqualTo(2L);
    assertThat(retried.lastError().message()).contains("the stalled restart to " + TARGET + " was abandoned for the restart requested"
        + " (restartNonce 2)");
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");
    untilApplied(again);
    assertThat(status(again).transition().step()).isEqualTo(TransitionStep.APPLIED);
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName(io.flinkstack.contract.RestoreState.configMap(CLUSTER)).get()
        .getData().values()).anyMatch(value -> value.contains(SAVEPOINT));

    // The same nonce declared once more moves nothing: it was answered.
    clock.advance(Duration.ofMinutes(6));
    pass(again);
    pass(again);
    assertThat(status(again).transition().startedAt()).isEqualTo(retried.transition().startedAt());
    assertThat(warnings()).containsExactly(EventReasons.RESTART_NOT_READY, EventReasons.RESTART_NOT_READY);
  }

  @Test
  void aRedeployWhoseJobDoesNotRunIsStalledAndANewerTemplateReplacesIt() {
    DeclarationFixture fixture = DeclarationFixture.application(NAMESPACE, CLUSTER).set("redeployNonce", 1);
    Declaration declaration = restarted(fixture, TransitionKind.REDEPLOY, null);

    clock.advance(Duration.ofMinutes(6));
    pass(declaration);
    RuntimeStatus overdue = status(declaration);
    assertThat(overdue.transition().kind()).isEqualTo(TransitionKind.REDEPLOY);
    assertThat(overdue.lastError().operation()).isEqualTo(StatusError.READINESS_TIMEOUT);
    assertThat(overdue.lastError().message()).startsWith("redeploy at " + TARGET + " from no state").contains("change redeployNonce again");
    assertThat(condition("Stalled").getStatus()).isEqualTo("True");
    assertThat(warnings()).containsExactly(EventReasons.REDEPLOY_NOT_READY);

    // A fixed template: upgraded to at once, from what the redeploy started from (nothing; its job ran no checkpoint).
    updateRevision("r3");
    pass(declaration);
    RuntimeStatus upgrading = status(declaration);
    assertThat(upgrading.transition().kind()).isEqualTo(TransitionKind.UPGRADE);
    assertThat(upgrading.transition().target()).isEqualTo(TARGET.replace("-r2", "-r3"));
    assertThat(upgrading.transition().upgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(upgrading.transition().restorePath()).isNull();
    assertThat(upgrading.lastError().message()).contains("the stalled redeploy to " + TARGET + " was abandoned for the newer template");
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");
  }

  /**
   * The declaration, its restart or redeploy ({@code kind}, answering the fixture's nonce) applied now: the JobManager
   * replaced, its pods not ready (the sets' update revision r2 not current), restoring {@code from}.
   */
  private Declaration restarted(DeclarationFixture fixture, TransitionKind kind, String from) {
    pod(ClusterNames.jobManager(CLUSTER) + "-0", Labels.COMPONENT_JOBMANAGER, true);
    pod(ClusterNames.taskManager(CLUSTER) + "-0", Labels.COMPONENT_TASKMANAGER, true);
    pod(ClusterNames.taskManager(CLUSTER) + "-1", Labels.COMPONENT_TASKMANAGER, true);
    Declaration declaration = read(fixture);
    Transition applied = new Transition(kind, TransitionStep.APPLIED, kind == TransitionKind.REDEPLOY ? UpgradeMode.STATELESS
        : UpgradeMode.SAVEPOINT, JOB, null, from, TARGET, null, Map.of(), null, clock.instant().minusSeconds(30), clock.instant(), null);
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.UPGRADING).job(JOB, "FINISHED").transition(applied)
            .observedNonces(declaration.job().restartNonce(), declaration.job().redeployNonce()).build());
    return declaration;
  }

  /**
   * An upgrade past its readiness timeout, rolled back, the rollback at {@code APPLIED}. The rollback replaces the new
   * pods; in this mock nothing recreates them, so its job never runs either.
   */
  private Declaration rollingBackApplied() {
    Declaration declaration = upgrading(DeclarationFixture.application(NAMESPACE, CLUSTER), true);
    clock.advance(Duration.ofMinutes(6));
    pass(declaration);
    untilApplied(declaration);
    return declaration;
  }

  /**
   * The conditions of a transition recorded as stalled ({@code overdue}): Stalled for its readiness timeout, not
   * Reconciling; a minute and a pass later its error is the one recorded then.
   */
  private void stalledOnce(Declaration declaration, RuntimeStatus overdue) {
    Condition stalled = condition("Stalled");
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("ReadinessTimeout");
    assertThat(condition("Reconciling").getStatus()).isEqualTo("False");
    clock.advance(Duration.ofMinutes(1));
    pass(declaration);
    assertThat(status(declaration).lastError().time()).as("recorded once").isEqualTo(overdue.lastError().time());
  }

  /** Passes, the StatefulSet controller observing the sets' changes in between, until the transition is APPLIED. */
  private void untilApplied(Declaration declaration) {
    for (int i = 0; i < 10 && status(declaration).transition().step() != TransitionStep.APPLIED; i++) {
      statefulSetControllerObserves();
      pass(declaration);
    }
  }

  /** A template applied: the sets' update revision becomes {@code revision} (their current one stays r1). */
  private void updateRevision(String revision) {
    for (var set : client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()) {
      set.getStatus().setUpdateRevision(set.getMetadata().getName() + "-" + revision);
      client.apps().statefulSets().inNamespace(NAMESPACE).resource(set).updateStatus();
    }
  }

  /** The declaration, its upgrade applied now: the sets' update revision r2 is not current, their new pods not ready. */
  private Declaration upgrading(DeclarationFixture fixture, boolean gated) {
    pod(ClusterNames.jobManager(CLUSTER) + "-0", Labels.COMPONENT_JOBMANAGER, gated);
    pod(ClusterNames.taskManager(CLUSTER) + "-0", Labels.COMPONENT_TASKMANAGER, gated);
    pod(ClusterNames.taskManager(CLUSTER) + "-1", Labels.COMPONENT_TASKMANAGER, gated);
    Declaration declaration = read(fixture);
    Transition applied = new Transition(TransitionKind.UPGRADE, TransitionStep.APPLIED, UpgradeMode.SAVEPOINT, JOB, null, SAVEPOINT,
        TARGET, null, Map.of(), 2.0, clock.instant().minusSeconds(30), clock.instant(), null);
    store.write(declaration.identity(), VersionedStatus.notStored(RuntimeStatus.initial(null)),
        StatusEdit.of(RuntimeStatus.initial(null)).lifecycle(LifecycleState.UPGRADING).job(JOB, "FINISHED").transition(applied).build());
    return declaration;
  }

  private void pass(Declaration declaration) {
    run.pass(declaration);
  }

  private Declaration read(DeclarationFixture fixture) {
    return fixture.declaration(client);
  }

  private RuntimeStatus status(Declaration declaration) {
    return run.status(declaration);
  }

  private Condition condition(String type) {
    FlinkJobStatus status = client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName(CLUSTER).get().getStatus();
    return status.conditions.stream().filter(condition -> condition.getType().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.conditions));
  }

  private List<String> warnings() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(event -> "Warning".equals(event.getType())).map(event -> event.getReason()).toList();
  }

  /** A set whose update revision r2 is not its current one yet (r1): the upgrade's new template, gate open. */
  private void statefulSet(String name, int replicas) {
    client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(name).addToLabels(Labels.INSTANCE, CLUSTER).endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName(name)
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0).endRollingUpdate().endUpdateStrategy()
        .endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(0).withCurrentRevision(name + "-r1").withUpdateRevision(name + "-r2")
        .withUpdatedReplicas(replicas).endStatus()
        .build()).create();
  }

  private void statefulSetControllerObserves() {
    run.statefulSetControllerObserves(NAMESPACE);
  }

  /** A pod the StatefulSet controller made at the new revision, its containers not ready (the job does not start). */
  private void pod(String name, String component, boolean gated) {
    String set = name.substring(0, name.lastIndexOf('-'));
    PodBuilder pod = new PodBuilder()
        .withNewMetadata().withName(name)
        .addToLabels(Labels.NAME, Labels.NAME_FLINK).addToLabels(Labels.INSTANCE, CLUSTER).addToLabels(Labels.COMPONENT, component)
        .addToLabels(PodSnapshot.REVISION_LABEL, set + "-r2").endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("ContainersReady").withStatus("False").endCondition()
        .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus();
    if (gated) {
      pod.editSpec().addNewReadinessGate().withConditionType(UpgradeGate.VERIFIED_CONDITION).endReadinessGate().endSpec();
    }
    client.pods().inNamespace(NAMESPACE).resource(pod.build()).create();
  }
}
