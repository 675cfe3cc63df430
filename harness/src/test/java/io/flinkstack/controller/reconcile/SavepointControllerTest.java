package io.flinkstack.controller.reconcile;

import static io.flinkstack.controller.testing.KubernetesReads.eventReasons;
import static io.flinkstack.controller.testing.KubernetesReads.events;
import static io.flinkstack.controller.testing.KubernetesReads.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flinkstack.harness.api.CrudApiServer;
import org.junit.jupiter.api.AfterAll;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.OperationKind;
import io.flinkstack.contract.PendingOperation;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.flink.FlinkRestException;
import io.flinkstack.controller.snapshot.SnapshotRules;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.OperationTrigger;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.contract.resource.FlinkSnapshotSpec;
import io.flinkstack.contract.resource.FlinkSnapshotStatus;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.savepoint.SavepointStep;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.testing.KubernetesReads;
import io.flinkstack.controller.testing.MutableClock;
import io.flinkstack.controller.testing.Passes;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller end to end: a REAL local Flink cluster running the exactly-once sequence job, the
 * Kubernetes side on fabric8's mock API server in CRUD mode (with the API server's resource-version precondition on
 * status writes: {@link CrudApiServer}), FlinkJobs created there as the constructs
 * synthesize them, and the cluster's REST Service name resolved to the local cluster. One job runs through
 * all tests (each with its own declaration); the last test kills the JobManager, recovers the job from its
 * latest checkpoint as a highly available JobManager would, and checks that the job's whole output is
 * exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SavepointControllerTest {
  private static final String NAMESPACE = "flink";
  private static final List<String> DECLARED_CLUSTERS =
      List.of("periodic", "nonce", "history", "disposal", "snapshots", "snapshot-killed", "native-format", "checkpoints", "incremental", "failing", "killed-before-trigger", "killed-after-trigger", "race", "jobmanager");
  // A savepoint in flight is looked at again every 100 ms (Passes.settle sees it through); short backoffs.
  private static final ControllerSettings SETTINGS = Passes.settings(Duration.ofSeconds(5))
      .withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(80));

  // Four slots on one TaskManager: the job takes two, and after a JobManager restart the two the old
  // job held may not be free yet when the job is resubmitted. The job checkpoints every 500 ms: Flink keeps many
  // checkpoints (default 1) and lists more of them (default 10), so that a checkpoint a FlinkSnapshot recorded is still
  // on disk and in Flink's history when the test looks.
  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("controller: start JobManager + 1 TaskManager",
      builder -> builder.taskManagers(1).slotsPerTaskManager(4)
          .config("execution.checkpointing.num-retained", "1000").config("web.checkpoints.history", "50")).withTestJob();

  private static KubernetesMockServer server;
  static KubernetesClient client;
  private static SequenceJobDriver job;
  private static String jobId;
  private static final MutableClock CLOCK = new MutableClock();
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

  @BeforeAll
  static void startJob() {
    server = CrudApiServer.start();
    client = server.createClient();
    job = CLUSTER.newJob("controller");
    jobId = job.startCheckpointed(2);
  }

  @AfterAll
  static void stopApiServer() {
    client.close();
    server.destroy();
  }

  /** The controller's view of the mock API server. */
  private static KubernetesGateway gateway() {
    return new Fabric8KubernetesGateway(client);
  }

  /** The REST Service of every declared cluster is the local cluster; the name must be the contract's. */
  private static final FlinkEndpoints LOCAL = (namespace, restService) -> {
    assertThat(namespace).isEqualTo(NAMESPACE);
    assertThat(restService).isIn(DECLARED_CLUSTERS.stream().map(ClusterNames::restService).toList());
    return CLUSTER.cluster().restUrl();
  };

  private static Reconciler reconciler() {
    return reconciler(StepListener.NONE);
  }

  private static Reconciler reconciler(StepListener steps) {
    return Reconciler.builder(gateway(), LOCAL).settings(SETTINGS).clock(CLOCK).meterRegistry(METERS).steps(steps).build();
  }

  /** A controller process dying at a step boundary. */
  private static final class ControllerKilled extends RuntimeException {
    ControllerKilled(SavepointStep step) {
      super("killed at " + step);
    }
  }

  /** The declaration with savepoint nonce 1, settled, then bumped to 2 but not yet passed: the bumped snapshot. */
  private static FlinkJob settledThenBumped(DeclarationFixture declaration) {
    Passes.settle(reconciler(), declaration.set("savepointTriggerNonce", 1).apply(client));
    return declaration.set("savepointTriggerNonce", 2).apply(client);
  }

  /** What a controller killed at a step of the bumped savepoint left: the operation it recorded as pending. */
  private record KilledPass(DeclarationFixture declaration, FlinkJob bumped, Set<Path> before, PendingOperation pending) {}

  /** A new declaration settled, bumped ({@link #settledThenBumped}), and passed by a controller killed at {@code step}. */
  private static KilledPass bumpedAndKilledAt(String cluster, SavepointStep step) {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, cluster);
    FlinkJob bumped = settledThenBumped(declaration);
    Set<Path> before = savepointDirectories();
    assertThatThrownBy(() -> Passes.settle(reconciler(killAt(step)), bumped)).isInstanceOf(ControllerKilled.class);
    return new KilledPass(declaration, bumped, before, status(client, declaration).pendingOperation());
  }

  private static StepListener killAt(SavepointStep step) {
    return (reached, declaration) -> {
      if (reached == step) {
        throw new ControllerKilled(step);
      }
    };
  }

  @Test
  @Order(1)
  void periodicSavepointsAreTakenWhenTheIntervalHasPassedAndRecorded() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "periodic").set("savepointInterval", "1 h");
    declaration.apply(client);
    ControllerLoop loop = new ControllerLoop(gateway(), reconciler(), Optional.of(NAMESPACE), Duration.ofSeconds(10));

    List<ReconcileResult> first = Passes.settle(loop);
    int passes = first.size();
    assertThat(first).singleElement().satisfies(result -> assertThat(result.outcome()).isEqualTo(ReconcileResult.Outcome.RECONCILED));
    RuntimeStatus created = status(client, declaration);
    assertThat(created.lifecycle()).isEqualTo(LifecycleState.STABLE);
    assertThat(created.jobId()).isEqualTo(jobId);
    assertThat(created.jobState()).isEqualTo("RUNNING");
    assertThat(created.lastSavepoint()).as("the job started seconds ago: no savepoint due").isNull();

    CLOCK.advance(Duration.ofMinutes(61));
    passes += Passes.settle(loop).size();
    RuntimeStatus afterOne = status(client, declaration);
    assertThat(afterOne.lastSavepoint()).isNotNull();
    assertThat(afterOne.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.PERIODIC);
    assertThat(afterOne.lastSavepoint().jobId()).isEqualTo(jobId);
    assertThat(metadataOf(afterOne.lastSavepoint())).isRegularFile();
    assertThat(afterOne.savepointHistory()).containsExactly(afterOne.lastSavepoint());
    assertThat(afterOne.pendingOperation()).isNull();
    assertThat(CLUSTER.flink().checkpoints(jobId).latestSavepoint())
        .hasValueSatisfying(latest -> assertThat(latest.externalPath()).isEqualTo(afterOne.lastSavepoint().path()));

    passes += Passes.settle(loop).size();
    assertThat(status(client, declaration).savepointHistory()).as("the interval counts from the new savepoint").hasSize(1);

    CLOCK.advance(Duration.ofMinutes(61));
    passes += Passes.settle(loop).size();
    RuntimeStatus afterTwo = status(client, declaration);
    assertThat(afterTwo.savepointHistory()).hasSize(2);
    assertThat(afterTwo.savepointHistory().get(0)).isEqualTo(afterOne.lastSavepoint());
    assertThat(afterTwo.lastSavepoint()).isEqualTo(afterTwo.savepointHistory().get(1));

    assertThat(eventReasons(client, declaration)).containsExactly(
        "Normal/SavepointTriggered", "Normal/SavepointCompleted", "Normal/SavepointTriggered", "Normal/SavepointCompleted");
    assertThat(METERS.get("flinkstack.savepoints.completed").tag("declaration", "periodic").tag("trigger", "PERIODIC")
        .counter().count()).isEqualTo(2);
    assertThat(METERS.get("flinkstack.savepoint.duration").tag("declaration", "periodic").timer().count()).isEqualTo(2);
    assertThat(METERS.get("flinkstack.lifecycle.state").tag("declaration", "periodic").tag("state", "STABLE").gauge().value())
        .isEqualTo(1);
    assertThat(METERS.get("flinkstack.reconcile").tag("declaration", "periodic").tag("outcome", "reconciled").timer().count())
        .as("one per pass; a pass that left a savepoint running asked for the next").isEqualTo(passes);
    client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName(declaration.name()).delete();
  }

  @Test
  @Order(2)
  void aNonceBumpTakesExactlyOneSavepoint() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "nonce").set("savepointTriggerNonce", 1);
    Reconciler reconciler = reconciler();
    Passes.settle(reconciler, declaration.apply(client));
    assertThat(status(client, declaration).observedSavepointTriggerNonce()).as("the nonce found first asks for nothing").isEqualTo(1L);
    assertThat(status(client, declaration).lastSavepoint()).isNull();
    Set<Path> before = savepointDirectories();

    FlinkJob bumped = declaration.set("savepointTriggerNonce", 2).apply(client);
    Passes.settle(reconciler, bumped);
    Passes.settle(reconciler, bumped);
    Passes.settle(reconciler(), bumped);

    RuntimeStatus status = status(client, declaration);
    assertThat(status.observedSavepointTriggerNonce()).isEqualTo(2L);
    assertThat(status.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.NONCE);
    assertThat(status.savepointHistory()).hasSize(1);
    assertThat(newSavepointDirectories(before)).containsExactly(directoryOf(status.lastSavepoint()));
    assertThat(eventReasons(client, declaration)).containsExactly("Normal/SavepointTriggered", "Normal/SavepointCompleted");
    assertThat(records("nonce")).as("no FlinkSnapshot for the controller's own savepoint: --savepoint-snapshots is off").isEmpty();
  }

  @Test
  @Order(3)
  void theHistoryKeepsItsCountAndAgeAndDisposesTheOldestThroughFlink() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "history")
        .set("savepointTriggerNonce", 0).set("savepointHistoryMaxCount", 2).set("savepointHistoryMaxAge", "1 h");
    // With --savepoint-snapshots: the history's savepoints are listed as FlinkSnapshots too.
    Reconciler reconciler = Reconciler.builder(gateway(), LOCAL).settings(SETTINGS.withSavepointSnapshots(true)).clock(CLOCK)
        .meterRegistry(METERS).build();

    Passes.settle(reconciler, declaration.apply(client));

    for (int nonce = 1; nonce <= 3; nonce++) {
      Passes.settle(reconciler, declaration.set("savepointTriggerNonce", nonce).apply(client));
    }
    RuntimeStatus status = status(client, declaration);
    List<SavepointInfo> kept = status.savepointHistory();
    assertThat(kept).hasSize(2);
    assertThat(status.lastSavepoint()).isEqualTo(kept.get(1));
    List<String> events = events(client, declaration);
    String disposed = events.stream().filter(line -> line.startsWith("Normal/SavepointDisposed")).findFirst().orElseThrow();
    Path first = Path.of(URI.create(disposed.substring(disposed.indexOf("file:"))));
    assertThat(first).as("the oldest savepoint's directory").doesNotExist();
    assertThat(kept).allSatisfy(savepoint -> assertThat(metadataOf(savepoint)).isRegularFile());
    // kubectl get flinksnapshots lists the controller's own savepoints too: one object each, named in the history, the
    // disposed savepoint's gone with it.
    FlinkJob job = client.resources(FlinkJob.class).inNamespace(NAMESPACE).withName("history").get();
    assertThat(records("history")).hasSize(2).allSatisfy(record -> {
      SavepointInfo recorded = kept.stream().filter(savepoint -> savepoint.path().equals(record.getSpec().path)).findFirst().orElseThrow();
      assertThat(record.getMetadata().getName()).isEqualTo(SnapshotRules.recordName("history", recorded));
      assertThat(record.getMetadata().getLabels()).containsEntry(Labels.SAVEPOINT_TRIGGER, "nonce");
      assertThat(record.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> assertThat(owner.getUid())
          .isEqualTo(job.getMetadata().getUid()));
      assertThat(record.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
      assertThat(record.getStatus().path).isEqualTo(recorded.path());
      assertThat(record.getStatus().triggerId).isEqualTo(recorded.triggerId());
    });

    // Two hours on, both are older than an hour: the older goes, the newest stays however old.
    CLOCK.advance(Duration.ofHours(2));
    Passes.settle(reconciler, declaration.apply(client));
    RuntimeStatus aged = status(client, declaration);
    assertThat(aged.savepointHistory()).containsExactly(kept.get(1));
    assertThat(directoryOf(kept.get(0))).doesNotExist();
    assertThat(metadataOf(kept.get(1))).isRegularFile();
    assertThat(records("history")).singleElement().satisfies(record -> assertThat(record.getSpec().path).isEqualTo(kept.get(1).path()));
    assertThat(eventReasons(client, declaration).stream().filter(reason -> reason.equals("Normal/SavepointDisposed"))).hasSize(2);
    assertThat(METERS.get("flinkstack.savepoints.disposed").tag("declaration", "history").counter().count()).isEqualTo(2);
  }

  /** The FlinkSnapshots the controller made to record a job's own savepoints. */
  private List<FlinkSnapshot> records(String job) {
    return client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withLabel(Labels.FLINK_JOB, job).withLabel(Labels.SAVEPOINT_TRIGGER)
        .list().getItems();
  }

  @Test
  @Order(4)
  void aDisposalCutShortIsAskedForAgainAndASavepointAlreadyGoneCountsAsDisposed() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "disposal")
        .set("savepointTriggerNonce", 0).set("savepointHistoryMaxCount", 1);
    Passes.settle(reconciler(), declaration.apply(client));
    Passes.settle(reconciler(), declaration.set("savepointTriggerNonce", 1).apply(client));
    SavepointInfo oldest = status(client, declaration).lastSavepoint();

    FlinkJob bumped = declaration.set("savepointTriggerNonce", 2).apply(client);
    assertThatThrownBy(() -> Passes.settle(reconciler(killAt(SavepointStep.DISPOSAL_TRIGGERED)), bumped)).isInstanceOf(ControllerKilled.class);
    PendingOperation pending = status(client, declaration).pendingOperation();
    assertThat(pending.kind()).isEqualTo(OperationKind.SAVEPOINT_DISPOSAL);
    assertThat(pending.savepointPath()).isEqualTo(oldest.path());
    assertThat(pending.triggerId()).as("Flink's id for it never reached the status").isNull();
    // The disposal the dead controller asked for runs to its end meanwhile.
    Await.until(() -> Files.exists(directoryOf(oldest)), exists -> !exists);

    Passes.settle(reconciler(), bumped);

    RuntimeStatus status = status(client, declaration);
    assertThat(status.pendingOperation()).isNull();
    assertThat(status.savepointHistory()).containsExactly(status.lastSavepoint());
    assertThat(status.lastError()).isNull();
    assertThat(events(client, declaration)).last().asString().startsWith("Normal/SavepointDisposed").contains("already gone");
  }

  @Test
  @Order(4)
  void aFlinkSnapshotIsTakenRecordedAndDisposedWhenDeleted() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "snapshots");
    Reconciler reconciler = reconciler();
    FlinkJob applied = declaration.apply(client);
    Passes.settle(reconciler, applied);
    Set<Path> before = savepointDirectories();

    createSnapshot("on-demand", declaration.name(), spec -> spec.disposeOnDelete = true);
    createSnapshot("recorded", declaration.name(), spec -> spec.path = "file:/somewhere/savepoint-recorded");
    createSnapshot("of-another-job", "someone-else", spec -> { });
    Passes.settle(reconciler, applied);

    FlinkSnapshot taken = snapshot("on-demand");
    assertThat(taken.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
    assertThat(newSavepointDirectories(before)).as("one savepoint, by Flink").containsExactly(Path.of(URI.create(taken.getStatus().path)));
    assertThat(Path.of(URI.create(taken.getStatus().path)).resolve("_metadata")).isRegularFile();
    assertThat(taken.getStatus().triggerId).isNotNull();
    assertThat(taken.getStatus().conditions).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(taken.getMetadata().getFinalizers()).containsExactly(FlinkSnapshot.DISPOSE_FINALIZER);
    RuntimeStatus status = status(client, declaration);
    assertThat(status.lastSavepoint()).as("a FlinkSnapshot's savepoint is not the controller's to resume from").isNull();
    assertThat(status.savepointHistory()).singleElement().satisfies(savepoint -> {
      assertThat(savepoint.snapshot()).isEqualTo("on-demand");
      assertThat(savepoint.trigger()).isEqualTo(SavepointTrigger.SNAPSHOT);
      assertThat(savepoint.path()).isEqualTo(taken.getStatus().path);
    });

    assertThat(snapshot("recorded").getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
    assertThat(snapshot("recorded").getStatus().path).isEqualTo("file:/somewhere/savepoint-recorded");
    assertThat(snapshot("of-another-job").getStatus()).as("not this job's").isNull();

    // Deleting the recorded one (no disposeOnDelete) removes it at once; the on-demand one waits for its disposal.
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("recorded").delete();
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("on-demand").delete();
    assertThat(snapshotOrNull("recorded")).isNull();
    assertThat(snapshotOrNull("on-demand").getMetadata().getDeletionTimestamp()).as("held by the finalizer").isNotNull();
    Passes.settle(reconciler, applied);

    assertThat(snapshotOrNull("on-demand")).as("gone once its savepoint was disposed").isNull();
    assertThat(Path.of(URI.create(taken.getStatus().path))).doesNotExist();
    assertThat(status(client, declaration).savepointHistory()).isEmpty();
    assertThat(eventReasons(client, declaration)).containsExactly(
        "Normal/SavepointTriggered", "Normal/SavepointCompleted", "Normal/SavepointDisposed");
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("of-another-job").delete();
  }

  @Test
  @Order(4)
  void aCheckpointSnapshotRecordsTheCheckpointOfItsTriggerEvenWhenTheControllerDiedAfterFlinkAcceptedIt() throws Exception {
    KilledSnapshot killed = snapshotKilledAfterTrigger("checkpoints", "a-checkpoint", spec -> {
      spec.type = FlinkSnapshotSpec.Type.CHECKPOINT;
      spec.checkpointType = FlinkSnapshotSpec.CheckpointType.FULL;
    });
    DeclarationFixture declaration = killed.declaration();
    FlinkJob applied = killed.applied();
    PendingOperation pending = killed.pending();
    assertThat(pending.kind()).isEqualTo(OperationKind.CHECKPOINT);
    assertThat(pending.triggeredAt()).as("the status does not know Flink accepted it").isNull();
    assertThat(pending.format()).as("the declared type, recorded with the trigger id").isEqualTo("FULL");
    OperationStatus inFlink = CLUSTER.flink().await(
        new OperationTrigger(OperationTrigger.Kind.CHECKPOINT, jobId, pending.triggerId()), Duration.ofSeconds(60));
    long checkpointId = inFlink.checkpointId().orElseThrow();

    Passes.settle(reconciler(), applied);

    FlinkSnapshot taken = snapshot("a-checkpoint");
    assertThat(taken.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
    assertThat(taken.getStatus().triggerId).isEqualTo(pending.triggerId());
    Path path = Path.of(URI.create(taken.getStatus().path));
    assertThat(path.getFileName()).as("the checkpoint of the dead controller's trigger, not a second one")
        .hasToString("chk-" + checkpointId);
    assertThat(path.resolve("_metadata")).isRegularFile();
    // Flink's statistics do not tell a full checkpoint from another; its CheckpointCoordinator logs the type it took.
    assertThat(Files.readString(CLUSTER.cluster().jobManagerLog())).as("the JobManager took a full checkpoint, as declared")
        .contains("Triggering checkpoint " + checkpointId + " (type=CheckpointType{name='Full Checkpoint'");
    assertThat(CLUSTER.flink().checkpoints(jobId).history()).as("Flink's own record of that checkpoint")
        .filteredOn(checkpoint -> checkpoint.id() == checkpointId).singleElement().satisfies(checkpoint -> {
          assertThat(checkpoint.completed()).isTrue();
          assertThat(checkpoint.savepoint()).isFalse();
          assertThat(checkpoint.externalPath()).hasValue(taken.getStatus().path);
        });
    assertThat(newSavepointDirectories(killed.savepointsBefore())).as("no savepoint").isEmpty();
    RuntimeStatus status = status(client, declaration);
    assertThat(status.lastSavepoint()).as("a checkpoint snapshot is never the job's to resume from").isNull();
    assertThat(status.savepointHistory()).singleElement().satisfies(recorded -> {
      assertThat(recorded.trigger()).isEqualTo(SavepointTrigger.CHECKPOINT);
      assertThat(recorded.snapshot()).isEqualTo("a-checkpoint");
      assertThat(recorded.path()).isEqualTo(taken.getStatus().path);
    });
    assertThat(taken.getMetadata().getFinalizers()).as("nothing to dispose: Flink owns it").isNullOrEmpty();
    assertThat(eventReasons(client, declaration))
        .containsExactly("Normal/CheckpointResumed", "Normal/CheckpointTriggered", "Normal/CheckpointCompleted");

    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("a-checkpoint").delete();
    assertThat(snapshotOrNull("a-checkpoint")).as("no finalizer holds it").isNull();
    Passes.settle(reconciler(), applied);
    assertThat(status(client, declaration).savepointHistory()).as("unlisted").isEmpty();
    assertThat(path.resolve("_metadata")).as("left to Flink's retention").isRegularFile();
  }

  /**
   * Flink 1.19 and later refuse a triggered incremental checkpoint (FLINK-33723, an HTTP 500): the controller refuses it
   * first, from the version the JobManager reports, naming the field and what to declare instead.
   */
  @Test
  @Order(4)
  void anIncrementalCheckpointSnapshotIsRefusedOnFlink120NamingTheFieldWithoutAskingFlink() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "incremental");
    FlinkJob applied = declaration.apply(client);
    Passes.settle(reconciler(), applied);
    createSnapshot("an-incremental-one", declaration.name(), spec -> {
      spec.type = FlinkSnapshotSpec.Type.CHECKPOINT;
      spec.checkpointType = FlinkSnapshotSpec.CheckpointType.INCREMENTAL;
    });

    Passes.settle(reconciler(), applied);

    FlinkSnapshot refused = snapshot("an-incremental-one");
    assertThat(refused.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.FAILED);
    assertThat(refused.getStatus().error).contains("spec.checkpointType incremental").contains("FLINK-33723")
        .contains("Flink " + CLUSTER.cluster().flinkVersion().text()).contains("leave spec.checkpointType out");
    assertThat(refused.getStatus().path).isNull();
    assertThat(status(client, declaration).pendingOperation()).isNull();
    assertThat(status(client, declaration).savepointHistory()).isEmpty();
    assertThat(eventReasons(client, declaration)).containsExactly("Warning/CheckpointFailed");
    Passes.settle(reconciler(), applied);
    assertThat(eventReasons(client, declaration)).as("refused once, not tried again").containsExactly("Warning/CheckpointFailed");
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("an-incremental-one").delete();
  }

  @Test
  @Order(4)
  void aControllerKilledAfterFlinkAcceptedASnapshotsSavepointLeavesItToTheNextWhichCompletesTheSnapshot() {

    KilledSnapshot killed = snapshotKilledAfterTrigger("snapshot-killed", "killed", spec -> { });
    DeclarationFixture declaration = killed.declaration();
    FlinkJob applied = killed.applied();
    PendingOperation pending = killed.pending();
    Set<Path> before = killed.savepointsBefore();

    Passes.settle(reconciler(), applied);
    FlinkSnapshot completed = snapshot("killed");
    assertThat(completed.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
    assertThat(completed.getStatus().triggerId).as("the same operation, not a second one").isEqualTo(pending.triggerId());
    assertThat(newSavepointDirectories(before)).containsExactly(Path.of(URI.create(completed.getStatus().path)));
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("killed").delete();
    Passes.settle(reconciler(), applied);
    assertThat(status(client, declaration).savepointHistory()).as("deleted without disposeOnDelete: unlisted, kept").isEmpty();
    assertThat(Path.of(URI.create(completed.getStatus().path))).exists();
  }

  @Test
  @Order(4)
  void aNativeFormatSnapshotRecordedBeforeItsTriggerIsTakenByTheNextControllerInFlinksNativeFormat() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "native-format");
    FlinkJob applied = declaration.apply(client);
    Passes.settle(reconciler(), applied);
    createSnapshot("native", declaration.name(), spec -> spec.format = FlinkSnapshotSpec.Format.NATIVE);
    assertThatThrownBy(() -> Passes.settle(reconciler(killAt(SavepointStep.PENDING_RECORDED)), applied))
        .isInstanceOf(ControllerKilled.class);
    assertThat(status(client, declaration).pendingOperation().format()).as("recorded with the trigger id").isEqualTo("NATIVE");

    Passes.settle(reconciler(), applied);

    FlinkSnapshot taken = snapshot("native");
    assertThat(taken.getStatus().state).isEqualTo(FlinkSnapshotStatus.State.COMPLETED);
    // Flink's own record of the savepoint, read from its REST API as it answers (not through the controller's client);
    // its checkpoint statistics are cached by the endpoint, so the savepoint may be listed a moment later.
    List<String> formats = Await.until(() -> savepointFormats(taken.getStatus().path), found -> !found.isEmpty());
    assertThat(formats).as("Flink took it in the format the FlinkSnapshot declares").containsExactly("NATIVE");
    assertThat(events(client, declaration)).anySatisfy(event -> assertThat(event).contains("native format"));
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName("native").delete();
  }

  /** The {@code savepointFormat} Flink's checkpoint history gives the savepoint at {@code path} (CheckpointStatistics, 1.20.3). */
  private static List<String> savepointFormats(String path) {
    try {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(URI.create(CLUSTER.cluster().restUrl() + "/jobs/" + jobId + "/checkpoints")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      List<String> formats = new ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode checkpoint : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body())
          .path("history")) {
        if (path.equals(checkpoint.path("external_path").asText())) {
          formats.add(checkpoint.path("savepointFormat").asText());
        }
      }
      return formats;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a controller killed right after Flink accepted a FlinkSnapshot's trigger left: the operation it recorded. */
  private record KilledSnapshot(DeclarationFixture declaration, FlinkJob applied, Set<Path> savepointsBefore, PendingOperation pending) {}

  /** A new declaration settled, a FlinkSnapshot created, and a controller killed once Flink accepted its trigger. */
  private static KilledSnapshot snapshotKilledAfterTrigger(String cluster, String name,
      java.util.function.Consumer<FlinkSnapshotSpec> spec) {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, cluster);
    FlinkJob applied = declaration.apply(client);
    Passes.settle(reconciler(), applied);
    Set<Path> before = savepointDirectories();
    createSnapshot(name, declaration.name(), spec);

    assertThatThrownBy(() -> Passes.settle(reconciler(killAt(SavepointStep.SAVEPOINT_TRIGGERED)), applied))
        .isInstanceOf(ControllerKilled.class);
    PendingOperation pending = status(client, declaration).pendingOperation();
    assertThat(pending.snapshot()).isEqualTo(name);
    assertThat(snapshot(name).getStatus().state).as("written ahead").isEqualTo(FlinkSnapshotStatus.State.IN_PROGRESS);
    assertThat(snapshot(name).getStatus().triggerId).isEqualTo(pending.triggerId());
    return new KilledSnapshot(declaration, applied, before, pending);
  }

  private static void createSnapshot(String name, String job, java.util.function.Consumer<FlinkSnapshotSpec> spec) {
    FlinkSnapshot snapshot = new FlinkSnapshot();
    snapshot.getMetadata().setName(name);
    snapshot.getMetadata().setNamespace(NAMESPACE);
    snapshot.setSpec(new FlinkSnapshotSpec());
    snapshot.getSpec().job = job;
    spec.accept(snapshot.getSpec());
    client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).resource(snapshot).create();
  }

  private static FlinkSnapshot snapshot(String name) {
    return java.util.Objects.requireNonNull(snapshotOrNull(name), name);
  }

  private static FlinkSnapshot snapshotOrNull(String name) {
    return client.resources(FlinkSnapshot.class).inNamespace(NAMESPACE).withName(name).get();
  }

  @Test
  @Order(5)
  void aFailedSavepointIsRecordedWarnedAndBackedOffWhileTheJobKeepsRunning() throws IOException {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "failing").set("savepointTriggerNonce", 1);
    Reconciler reconciler = reconciler();
    Passes.settle(reconciler, declaration.apply(client));
    FlinkJob bumped = declaration.set("savepointTriggerNonce", 2).apply(client);
    Path savepoints = CLUSTER.cluster().savepointDirectory();
    Path moved = savepoints.resolveSibling("savepoints.moved");
    long failedBefore = CLUSTER.flink().checkpoints(jobId).counts().failed();

    // The cluster's savepoint directory becomes a file: every savepoint into it fails inside Flink.
    Files.move(savepoints, moved);
    try {
      Files.writeString(savepoints, "not a directory");
      Passes.settle(reconciler, bumped);
      RuntimeStatus failed = status(client, declaration);
      assertThat(failed.lastError()).isNotNull();
      assertThat(failed.lastError().operation()).isEqualTo("savepoint");
      assertThat(failed.lastError().message()).contains("failed").contains("savepoints");
      assertThat(failed.savepointBackoff().failures()).isEqualTo(1);
      assertThat(failed.savepointBackoff().retryAt()).isAfter(CLOCK.instant());
      assertThat(failed.pendingOperation()).isNull();
      assertThat(failed.savepointHistory()).isEmpty();
      assertThat(failed.lastSavepoint()).isNull();
      assertThat(failed.observedSavepointTriggerNonce()).as("the request still stands").isEqualTo(1L);
      assertThat(eventReasons(client, declaration)).containsExactly("Normal/SavepointTriggered", "Warning/SavepointFailed");
      assertThat(events(client, declaration).get(1)).contains("the job keeps running");
      // Flink's checkpoint statistics are updated asynchronously (and cached by the REST endpoint).
      long failedInFlink = Await.until(() -> CLUSTER.flink().checkpoints(jobId).counts().failed(), failedNow -> failedNow > failedBefore);
      assertThat(failedInFlink).isEqualTo(failedBefore + 1);

      // Within the backoff nothing is tried, and the job still runs and checkpoints.
      Passes.settle(reconciler, bumped);
      assertThat(eventReasons(client, declaration)).hasSize(2);
      long completed = CLUSTER.flink().checkpoints(jobId).counts().completed();
      FlinkAwait.completedCheckpointsAbove(CLUSTER.flink(), jobId, completed + 1);
      assertThat(CLUSTER.flink().checkpoints(jobId).counts().failed()).as("no second attempt").isEqualTo(failedInFlink);
      assertThat(CLUSTER.flink().job(jobId).isFullyRunning()).isTrue();
    } finally {
      Files.deleteIfExists(savepoints);
      Files.move(moved, savepoints);
    }

    CLOCK.advance(Duration.ofSeconds(11));
    Passes.settle(reconciler, bumped);
    RuntimeStatus recovered = status(client, declaration);
    assertThat(recovered.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.NONCE);
    assertThat(recovered.observedSavepointTriggerNonce()).isEqualTo(2L);
    assertThat(recovered.savepointBackoff()).isNull();
    assertThat(recovered.lastError()).as("kept, with its time, after the success").isNotNull();
    assertThat(METERS.get("flinkstack.savepoints.failed").tag("declaration", "failing").tag("reason", "failed").counter().count())
        .isEqualTo(1);
  }

  @Test
  @Order(6)
  void aControllerKilledAfterRecordingTheSavepointLeavesItToTheNextWhichTakesExactlyOne() {
    KilledPass killed = bumpedAndKilledAt("killed-before-trigger", SavepointStep.PENDING_RECORDED);
    PendingOperation pending = killed.pending();
    assertThat(pending.triggerId()).isNotBlank();
    assertThat(pending.triggeredAt()).isNull();
    assertThatThrownBy(() -> CLUSTER.flink().poll(new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, pending.triggerId())))
        .as("Flink was never asked").isInstanceOfSatisfying(FlinkRestException.class, e -> assertThat(e.isNotFound()).isTrue());

    Passes.settle(reconciler(), killed.bumped());

    RuntimeStatus status = status(client, killed.declaration());
    assertThat(status.lastSavepoint().triggerId()).isEqualTo(pending.triggerId());
    assertThat(CLUSTER.flink().poll(new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, pending.triggerId())).location())
        .as("Flink took it under the recorded id").hasValue(status.lastSavepoint().path());
    assertThat(status.pendingOperation()).isNull();
    assertThat(newSavepointDirectories(killed.before())).containsExactly(directoryOf(status.lastSavepoint()));
    assertThat(eventReasons(client, killed.declaration()))
        .containsExactly("Normal/SavepointResumed", "Normal/SavepointTriggered", "Normal/SavepointCompleted");
  }

  @Test
  @Order(7)
  void aControllerKilledAfterFlinkAcceptedTheSavepointLeavesTheSameOperationToTheNext() {
    KilledPass killed = bumpedAndKilledAt("killed-after-trigger", SavepointStep.SAVEPOINT_TRIGGERED);
    PendingOperation pending = killed.pending();
    assertThat(pending.triggeredAt()).as("the status does not know Flink accepted it").isNull();
    OperationStatus inFlink = CLUSTER.flink().await(new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, pending.triggerId()), Duration.ofSeconds(60));
    assertThat(inFlink.succeeded()).isTrue();

    Passes.settle(reconciler(), killed.bumped());

    RuntimeStatus status = status(client, killed.declaration());
    assertThat(status.lastSavepoint().path()).isEqualTo(inFlink.location().orElseThrow());
    assertThat(status.lastSavepoint().triggerId()).isEqualTo(pending.triggerId());
    assertThat(newSavepointDirectories(killed.before())).as("re-triggering with the recorded id took no second savepoint")
        .containsExactly(directoryOf(status.lastSavepoint()));
  }

  @Test
  @Order(8)
  void ofTwoControllersActingOnTheSameStatusTheOneThatWritesSecondStops() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "race");
    FlinkJob bumped = settledThenBumped(declaration);
    Set<Path> before = savepointDirectories();
    Reconciler other = reconciler();
    ReconcileResult[] otherResult = new ReconcileResult[1];

    // The first controller records the savepoint; before it calls Flink, the second runs a whole pass.
    ReconcileResult first = reconciler((step, which) -> {
      if (step == SavepointStep.PENDING_RECORDED && otherResult[0] == null) {
        otherResult[0] = Passes.settle(other, bumped);
      }
    }).reconcile(bumped);

    assertThat(otherResult[0].outcome()).isEqualTo(ReconcileResult.Outcome.RECONCILED);
    assertThat(first.outcome()).as("its next status write found a newer version").isEqualTo(ReconcileResult.Outcome.CONFLICT);
    RuntimeStatus status = status(client, declaration);
    assertThat(status.savepointHistory()).hasSize(1);
    assertThat(newSavepointDirectories(before)).containsExactly(directoryOf(status.lastSavepoint()));
  }

  @Test
  @Order(9)
  void whileTheJobManagerIsDownTheControllerOnlyObservesAndAfterwardsRetriesAForgottenSavepoint() {
    DeclarationFixture declaration = DeclarationFixture.application(NAMESPACE, "jobmanager").set("savepointTriggerNonce", 1);
    Passes.settle(reconciler(), declaration.apply(client));
    Passes.settle(reconciler(), declaration.set("savepointTriggerNonce", 2).apply(client));
    SavepointInfo recorded = status(client, declaration).lastSavepoint();
    assertThat(recorded).isNotNull();

    FlinkJob bumped = declaration.set("savepointTriggerNonce", 3).apply(client);
    assertThatThrownBy(() -> Passes.settle(reconciler(killAt(SavepointStep.TRIGGER_RECORDED)), bumped)).isInstanceOf(ControllerKilled.class);
    PendingOperation pending = status(client, declaration).pendingOperation();
    assertThat(CLUSTER.flink().await(new OperationTrigger(OperationTrigger.Kind.SAVEPOINT, jobId, pending.triggerId()), Duration.ofSeconds(60))
        .succeeded()).isTrue();
    CLUSTER.cluster().killJobManager();

    Reconciler afterRestart = reconciler();
    ReconcileResult whileDown = Passes.settle(afterRestart, bumped);
    Passes.settle(afterRestart, bumped);

    assertThat(whileDown.outcome()).isEqualTo(ReconcileResult.Outcome.OBSERVED_ONLY);
    RuntimeStatus observed = status(client, declaration);
    assertThat(observed.observation().jobManagerReachable()).isFalse();
    assertThat(observed.observation().message()).contains("/jobs/overview");
    assertThat(observed.pendingOperation()).as("kept for when it answers").isEqualTo(pending);
    assertThat(observed.lastSavepoint()).isEqualTo(recorded);
    assertThat(observed.lifecycle()).as("what was last seen").isEqualTo(LifecycleState.STABLE);
    assertThat(eventReasons(client, declaration).stream().filter(reason -> reason.startsWith("Warning/JobManagerUnreachable")))
        .as("one Event for the change, not one per pass").hasSize(1);

    // The job comes back from its latest checkpoint, as after a JobManager failover, and the new JobManager
    // knows none of the old one's savepoint operations. (Under a new job id: the surviving TaskManager still
    // holds the old id's libraries and would refuse the same id with the new JobManager's.)
    Timings.measure("controller: restart JobManager", CLUSTER.cluster()::restartJobManager);
    String oldJobId = jobId;
    jobId = job.resume(latestCheckpoint(oldJobId), 2);

    Passes.settle(afterRestart, bumped);

    RuntimeStatus resumed = status(client, declaration);
    assertThat(resumed.observation().jobManagerReachable()).isTrue();
    assertThat(resumed.jobId()).isEqualTo(jobId);
    assertThat(resumed.pendingOperation()).isNull();
    assertThat(resumed.lastError().message()).contains(pending.triggerId()).contains("does not know");
    assertThat(resumed.lastSavepoint().triggerId()).as("a new savepoint, under a new id").isNotEqualTo(pending.triggerId());
    assertThat(resumed.observedSavepointTriggerNonce()).isEqualTo(3L);
    assertThat(resumed.savepointHistory()).containsExactly(recorded, resumed.lastSavepoint());
    assertThat(metadataOf(resumed.lastSavepoint())).isRegularFile();
    assertThat(eventReasons(client, declaration)).containsSubsequence("Warning/JobManagerUnreachable", "Normal/JobManagerReachable",
        "Warning/SavepointForgotten", "Normal/SavepointTriggered", "Normal/SavepointCompleted");
    assertThat(METERS.get("flinkstack.reconcile").tag("declaration", "jobmanager").tag("outcome", "observed_only").timer().count())
        .isEqualTo(2);

    ExactlyOnceChecker.Report report = Timings.measure("controller: finish the job, check all output", () -> job.finish(jobId, 2));
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    assertThat(CLUSTER.flink().job(jobId).state()).isEqualTo(JobState.FINISHED);
    System.out.println("FlinkJob as kubectl shows it:\n"
        + io.fabric8.kubernetes.client.utils.Serialization.asYaml(declaration.read(client)));
  }

  // ---- files --------------------------------------------------------------------------------------

  private static Path directoryOf(SavepointInfo savepoint) {
    return Path.of(URI.create(savepoint.path()));
  }

  private static Path metadataOf(SavepointInfo savepoint) {
    return directoryOf(savepoint).resolve("_metadata");
  }

  private static Set<Path> savepointDirectories() {
    try (Stream<Path> entries = Files.list(CLUSTER.cluster().savepointDirectory())) {
      return entries.filter(path -> path.getFileName().toString().startsWith("savepoint-")).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> newSavepointDirectories(Set<Path> before) {
    return savepointDirectories().stream().filter(path -> !before.contains(path)).toList();
  }

  /** The newest complete checkpoint of the job ({@code chk-N} with metadata), as a JobManager's HA store would name it. */
  private static String latestCheckpoint(String ofJob) {
    try (Stream<Path> checkpoints = Files.list(CLUSTER.cluster().checkpointDirectory().resolve(ofJob))) {
      return checkpoints
          .filter(path -> path.getFileName().toString().startsWith("chk-") && Files.isRegularFile(path.resolve("_metadata")))
          .max(Comparator.comparingLong(path -> Long.parseLong(path.getFileName().toString().substring(4))))
          .orElseThrow()
          .toUri()
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
