package io.flinkstack.controller.rescale;

import static io.flinkstack.controller.testing.KubernetesReads.eventReasons;
import static io.flinkstack.controller.testing.KubernetesReads.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.Rescale;
import io.flinkstack.contract.RescaleResult;
import io.flinkstack.contract.RescaleStep;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.ResourceRequirements;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.step.StepListener;
import io.flinkstack.controller.step.Unrecorded;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.Passes;
import io.flinkstack.controller.testing.SequenceJobDriver;
import io.flinkstack.controller.testing.TestCluster;
import io.flinkstack.controller.testing.Timings;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rescaling end to end: a REAL local cluster with the adaptive scheduler (TaskManagers of one slot, added and
 * killed like an HPA or a node drain would), an application declaration on the mock API server pointed at
 * it, one sequence job through every test; the last test checks its whole output is exactly once.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RescaleControllerTest {
  private static final String NAMESPACE = "flink";
  private static final ControllerSettings SETTINGS = Passes.settings(Duration.ofSeconds(10));

  @RegisterExtension
  static final TestCluster CLUSTER = TestCluster.of("rescale: start adaptive JobManager + 2 TaskManagers x 1 slot",
      builder -> builder.adaptiveScheduler().taskManagers(2).slotsPerTaskManager(1)).withTestJob();

  static KubernetesClient client;
  private static SequenceJobDriver job;
  private static String jobId;
  private static DeclarationFixture declaration;
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    job = CLUSTER.newJob("rescale");
    jobId = job.startCheckpointed(2);
    declaration = DeclarationFixture.application(NAMESPACE, "rescaled").set("parallelism", 2).set("parallelismMin", 1).set("parallelismMax", 3);
    declaration.apply(client);
  }

  /** The controller's view of the mock API server. */
  private static KubernetesGateway gateway() {
    return new Fabric8KubernetesGateway(client);
  }

  private static Reconciler reconciler(StepListener listener) {
    return Reconciler.builder(gateway(), CLUSTER.endpoints()).settings(SETTINGS).meterRegistry(METERS).steps(listener).build();
  }

  private static RuntimeStatus pass(Reconciler reconciler) {
    reconciler.reconcile(gateway().flinkJob(NAMESPACE, declaration.name()).orElseThrow());
    return status(client, declaration);
  }

  private static RuntimeStatus reconcileUntil(Reconciler reconciler, Predicate<RuntimeStatus> done) {
    return Await.until(() -> pass(reconciler), done);
  }

  /** Rescale over, the job running with all its tasks at {@code parallelism} and its bound set to it. */
  private static Predicate<RuntimeStatus> settledAt(int parallelism, RescaleResult after) {
    return status -> status.rescale() == null && status.lastRescale() != null && !status.lastRescale().equals(after)
        && status.lastRescale().to() == parallelism && runsAt(parallelism);
  }

  private static boolean runsAt(int parallelism) {
    JobDetails details = CLUSTER.flink().job(jobId);
    return details.isFullyRunning() && details.hasParallelism(parallelism)
        && CLUSTER.flink().resourceRequirements(jobId).byVertex().values().stream().allMatch(b -> b.equals(new ResourceRequirements.ParallelismBounds(1, parallelism)));
  }

  private static void progressExactlyOnce() {
    long committed = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes()).records();
    FlinkAwait.committedRecords(job, committed + 100);
    ExactlyOnceChecker.Report sofar = ExactlyOnceChecker.checkPrefixes(job.output(), job.lanes());
    assertThat(sofar.exactlyOnce()).as(sofar.toString()).isTrue();
  }

  private static long rescales(String method, String outcome) {
    Timer timer = METERS.find("flinkstack.rescales").tag("method", method).tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  /** A controller dying right there (the pass throws; a new controller takes over). */
  private static final class ControllerKilled extends RuntimeException {
    ControllerKilled(Enum<?> step) {
      super("killed at " + step);
    }
  }

  /** Passes of a controller that dies at {@code step}, until one reached it and died. */
  private static void passesUntilKilledAt(Enum<?> step) {
    Reconciler dying = reconciler((reached, identity) -> {
      if (reached == step) {
        throw new ControllerKilled(reached);
      }
    });
    Await.until(() -> {
      try {
        pass(dying);
        return false;
      } catch (ControllerKilled e) {
        return true;
      }
    }, killed -> killed);
  }

  /** Measures request → job running at the target from the step listener. */
  private static final class RequestTimer implements StepListener {
    final AtomicLong requestedAt = new AtomicLong();

    @Override
    public void reached(Enum<?> step, io.flinkstack.controller.declaration.DeclarationIdentity identity) {
      if (step == RescaleStep.REQUESTED) {
        requestedAt.compareAndSet(0, System.nanoTime());
      }
    }

    void record(String what) {
      Timings.record(what, (System.nanoTime() - requestedAt.get()) / 1e9);
    }
  }

  @Test
  @Order(1)
  void atWhatTheSlotsAllowNothingIsRescaledThenANewTaskManagerScalesTheJobUpInPlace() {
    RuntimeStatus first = pass(reconciler(StepListener.NONE));
    assertThat(first.rescale()).isNull();
    assertThat(first.lastRescale()).isNull();

    CLUSTER.cluster().addTaskManager();
    RequestTimer timer = new RequestTimer();
    RuntimeStatus done = reconcileUntil(reconciler(timer), settledAt(3, null));
    timer.record("controller: in-place rescale 2 -> 3, status REQUESTED -> job running at 3 seen");

    assertThat(done.lastRescale().from()).isEqualTo(2);
    assertThat(done.lastRescale().method()).isEqualTo(Rescale.IN_PLACE);
    assertThat(done.lastRescale().outcome()).isEqualTo("succeeded");
    assertThat(done.lastRescale().seconds()).isPositive();
    assertThat(eventReasons(client, declaration)).contains("Normal/RescaleStarted", "Normal/Rescaled");
    assertThat(rescales(Rescale.IN_PLACE, "succeeded")).isEqualTo(1);
    progressExactlyOnce();
  }

  @Test
  @Order(2)
  void aKilledTaskManagerLeavesTheJobRunningOnWhatIsLeftAndTheLowerTargetIsRecorded() {
    RescaleResult before = status(client, declaration).lastRescale();
    long killedAt = System.nanoTime();
    CLUSTER.cluster().killTaskManager(0);
    RuntimeStatus done = reconcileUntil(reconciler(StepListener.NONE), settledAt(2, before));
    Timings.record("controller: kill -9 TaskManager -> job at 2, bound 2 recorded", (System.nanoTime() - killedAt) / 1e9);
    assertThat(done.lastRescale().from()).isEqualTo(3);
    assertThat(done.lastRescale().outcome()).isEqualTo("succeeded");
    progressExactlyOnce();
  }

  @Test
  @Order(3)
  void aTaskManagerKilledMidRescaleEndsAtWhatIsLeft() {
    RescaleResult before = status(client, declaration).lastRescale();
    int added = CLUSTER.cluster().addTaskManager();
    AtomicBoolean killed = new AtomicBoolean();
    // Between the status write and the request: the job is asked for 3 with only 2 slots left.
    StepListener killTaskManager = (step, identity) -> {
      if (step == RescaleStep.RECORDED && killed.compareAndSet(false, true)) {
        CLUSTER.cluster().killTaskManager(added);
      }
    };
    RuntimeStatus done = reconcileUntil(reconciler(killTaskManager), settledAt(2, before));
    assertThat(killed).isTrue();
    assertThat(done.lastRescale().to()).isEqualTo(2);
    assertThat(eventReasons(client, declaration)).contains("Normal/RescaleRetargeted");
    progressExactlyOnce();
  }

  @Test
  @Order(4)
  void aControllerKilledBeforeTheRequestIsFollowedByOneThatFinishesIt() {
    RescaleResult before = status(client, declaration).lastRescale();
    CLUSTER.cluster().addTaskManager();
    passesUntilKilledAt(RescaleStep.RECORDED);
    RuntimeStatus left = status(client, declaration);
    assertThat(left.rescale().step()).isEqualTo(RescaleStep.RECORDED);
    assertThat(left.rescale().to()).isEqualTo(3);
    assertThat(CLUSTER.flink().resourceRequirements(jobId).byVertex().values()).allSatisfy(b -> assertThat(b.upperBound()).isEqualTo(2));

    RuntimeStatus done = reconcileUntil(reconciler(StepListener.NONE), settledAt(3, before));
    assertThat(done.lastRescale().from()).isEqualTo(2);
    progressExactlyOnce();
  }

  @Test
  @Order(5)
  void aLowerMaximumTakesASavepointFirstAndAControllerKilledAfterTheRequestIsFollowedByOneThatFinishesIt() {
    RescaleResult before = status(client, declaration).lastRescale();
    declaration.set("parallelismMax", 2).set("savepointBeforeScaleDown", true).apply(client);
    passesUntilKilledAt(Unrecorded.RESOURCE_REQUIREMENTS_SET);
    RuntimeStatus left = status(client, declaration);
    assertThat(left.rescale().step()).isEqualTo(RescaleStep.SAVEPOINT_PENDING);
    assertThat(left.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.RESCALE);
    assertThat(left.pendingOperation()).isNull();

    RuntimeStatus done = reconcileUntil(reconciler(StepListener.NONE), settledAt(2, before));
    assertThat(done.lastRescale().from()).isEqualTo(3);
    assertThat(done.lastSavepoint().trigger()).isEqualTo(SavepointTrigger.RESCALE);
    progressExactlyOnce();
  }

  @Test
  @Order(6)
  void theWholeOutputIsExactlyOnce() {
    ExactlyOnceChecker.Report report = job.finish(jobId, 2);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }
}
