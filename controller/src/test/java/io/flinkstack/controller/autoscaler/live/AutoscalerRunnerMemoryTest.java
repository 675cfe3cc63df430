package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.controller.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.AutoscalerMemory;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.observation.ObservedJob;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AutoscalerRunner} keeps the autoscaler's memory in the FlinkJob's status (mock API server), writes it only
 * with a decision or a change that matters, and a new runner (a restarted controller) continues from it. Flink is
 * {@link FlinkMetricsStandIn}; monitor mode, so nothing is rescaled.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AutoscalerRunnerMemoryTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(15);
  private static final String AUTOSCALER = """
      enabled: true
      mode: monitor
      window: 2 min
      interval: 1 min
      scaleDownDelay: 5 min
      scaleDownMinEvaluations: 3
      """;

  KubernetesClient client;
  private final MovableClock clock = new MovableClock(T0);
  private FlinkMetricsStandIn flink;
  private FlinkRestClient rest;
  private Fabric8KubernetesGateway gateway;
  private StatusStore store;
  private DeclarationFixture fixture;
  private final List<Instant> writes = new ArrayList<>();
  private final List<ScalingDecisionRecord> decisions = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    flink = new FlinkMetricsStandIn(clock, JOB, T0.minus(Duration.ofMinutes(10)));
    rest = flink.client();
    gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway, clock);
    fixture = DeclarationFixture.application("flink", "orders").set("parallelism", 4).autoscaler(AUTOSCALER);
  }

  @AfterEach
  void stop() {
    flink.close();
  }

  private Declaration declaration() throws Exception {
    return fixture.declaration(client);
  }

  private AutoscalerRunner runner() {
    return new AutoscalerRunner(gateway, store, new EventRecorder(gateway, clock), null, clock);
  }

  /** One reconcile pass: the status as stored now, the job seen running. */
  private void pass(AutoscalerRunner runner, Declaration declaration) {
    VersionedStatus before = store.read(declaration.identity(), RuntimeStatus.initial(null));
    JobObservation observation = JobObservation.reachable(clock.instant(),
        Optional.of(new ObservedJob(JOB, "orders", JobState.RUNNING, true, T0.minus(Duration.ofMinutes(10)))));
    VersionedStatus after = runner.run(declaration, before, observation, rest);
    if (!Objects.equals(before.resourceVersion(), after.resourceVersion())) {
      writes.add(clock.instant());
    }
    ScalingDecisionRecord decision = after.status().lastScalingDecision();
    if (decision != null && (decisions.isEmpty() || !decisions.get(decisions.size() - 1).equals(decision))) {
      decisions.add(decision);
    }
  }

  private void passUntil(AutoscalerRunner runner, Declaration declaration, Duration until) {
    while (!clock.instant().isAfter(T0.plus(until))) {
      pass(runner, declaration);
      clock.advance(STEP);
    }
  }

  private static Instant t(int minutes, int seconds) {
    return T0.plus(Duration.ofMinutes(minutes).plusSeconds(seconds));
  }

  private RuntimeStatus stored(Declaration declaration) {
    return store.read(declaration.identity(), RuntimeStatus.initial(null)).status();
  }

  @Test
  void aNewRunnerContinuesFromTheStatusAndWritesOnlyWithDecisions() throws Exception {
    Declaration declaration = declaration();
    passUntil(runner(), declaration, Duration.ofMinutes(3).plusSeconds(15));

    AutoscalerMemory memory = stored(declaration).autoscaler();
    assertThat(memory.jobId()).isEqualTo(JOB);
    assertThat(memory.lastEvaluation()).isEqualTo(t(3, 0));
    assertThat(memory.pendingScaleDowns().get(FlinkMetricsStandIn.MAP))
        .isEqualTo(new AutoscalerMemory.PendingScaleDown(t(2, 0), 2, 2));

    // The controller restarts at 3:30: a new runner, nothing in memory.
    passUntil(runner(), declaration, Duration.ofMinutes(7));

    assertThat(decisions).extracting(ScalingDecisionRecord::time)
        .containsExactly(t(2, 0), t(3, 0), t(4, 0), t(5, 0), t(6, 0), t(7, 0));
    assertThat(decisions.get(2).vertices().get(1).explanation()).contains("recommended 3× since " + t(2, 0));
    assertThat(decisions.get(5).action()).isEqualTo(ScalingDecisionRecord.RECOMMENDED);
    // 29 passes: the status is written at the first sample and with each decision, nothing else.
    assertThat(writes).containsExactly(T0, t(2, 0), t(3, 0), t(4, 0), t(5, 0), t(6, 0), t(7, 0));
  }

  @Test
  void theMemoryIsRemovedWhenTheAutoscalerIsNoLongerDeclared() throws Exception {
    Declaration declaration = declaration();
    AutoscalerRunner runner = runner();
    passUntil(runner, declaration, Duration.ofMinutes(2));
    assertThat(stored(declaration).autoscaler()).isNotNull();
    assertThat(stored(declaration).lastScalingDecision()).isNotNull();

    fixture.autoscaler("enabled: false\n");
    Declaration disabled = declaration();
    writes.clear();
    pass(runner, disabled);
    pass(runner, disabled);

    assertThat(stored(disabled).autoscaler()).isNull();
    assertThat(stored(disabled).lastScalingDecision()).as("the last decision stays, for people").isNotNull();
    assertThat(writes).hasSize(1);
  }
}
