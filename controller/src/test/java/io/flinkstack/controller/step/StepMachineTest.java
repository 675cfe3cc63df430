package io.flinkstack.controller.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.StatusError;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.declaration.DeclarationReader;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.metrics.ControllerMetrics;
import io.flinkstack.controller.observation.FlinkClients;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.flinkstack.controller.testing.DeclarationFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared skeleton: decide, write ahead, act; never a wait inside a pass. */
@EnableKubernetesMockClient(crud = true, https = false)
class StepMachineTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  KubernetesClient client;
  private StatusStore store;
  private Declaration declaration;
  private final List<String> seen = new ArrayList<>();
  private FlinkRestClient nobodyAnswers;
  private StepMachine.Dependencies dependencies;

  enum Step { RECORDED }

  @BeforeEach
  void pass() throws Exception {
    Fabric8KubernetesGateway gateway = new Fabric8KubernetesGateway(client);
    store = new StatusStore(gateway);
    dependencies = new StepMachine.Dependencies(new EventRecorder(gateway, Clock.systemUTC()),
        new ControllerMetrics(new SimpleMeterRegistry()), Duration.ofMillis(100), Clock.systemUTC());
    FlinkJob configMap = DeclarationFixture.application("flink", "orders").apply(client);
    DeclarationReader reader = new DeclarationReader(10);
    DeclarationIdentity identity = reader.identify(configMap);
    declaration = reader.read(identity, configMap);
    URI nobodyListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    nobodyAnswers = new FlinkClients(Duration.ofSeconds(2)).forUrl(nobodyListens);
  }

  private Pass newPass() {
    return new Pass(declaration, VersionedStatus.notStored(RuntimeStatus.initial(null)),
        JobObservation.reachable(NOW, Optional.empty()), nobodyAnswers, store, (step, identity) -> seen.add("listener " + step));
  }

  /**
   * Counts to {@code until} in the status's observed nonce, one write-ahead per decision; at {@code until} it
   * follows something running elsewhere.
   */
  private final class Counter extends StepMachine<Long> {
    private final long until;
    private final Outcome atTheEnd;

    Counter(long until, Outcome atTheEnd, int maxSteps) {
      super("counter", maxSteps, dependencies);
      this.until = until;
      this.atTheEnd = atTheEnd;
    }

    @Override
    protected Long decide(Pass pass) {
      Long current = pass.status().observedSavepointTriggerNonce();
      long next = current == null ? 1 : current + 1;
      seen.add("decide " + next);
      return next;
    }

    @Override
    protected Ahead writeAhead(Pass pass, Long decision) {
      return new Ahead(StatusEdit.of(pass.status()).observedNonce(decision), Step.RECORDED);
    }

    @Override
    protected void recorded(Pass pass, Long decision) {
      seen.add("recorded " + pass.status().observedSavepointTriggerNonce());
    }

    @Override
    protected Outcome act(Pass pass, Long decision) {
      seen.add("act " + decision + " stored " + store.read(pass.identity(), RuntimeStatus.initial(null)).status().observedSavepointTriggerNonce());
      return decision < until ? Outcome.NEXT : atTheEnd;
    }

    @Override
    public boolean holds(RuntimeStatus status) {
      return false;
    }
  }

  @Test
  void eachDecisionIsWrittenAheadOfItsActionAndNextDecidesAgainInTheSamePass() {
    Outcome outcome = new Counter(2, Outcome.DONE, 8).run(newPass());

    assertThat(outcome).isEqualTo(Outcome.DONE);
    assertThat(seen).containsExactly(
        "decide 1", "recorded 1", "listener RECORDED", "act 1 stored 1",
        "decide 2", "recorded 2", "listener RECORDED", "act 2 stored 2");
  }

  @Test
  void somethingRunningElsewhereEndsThePassAtOnceWithWhenToLookAgain() {
    long started = System.nanoTime();
    Outcome outcome = new Counter(1, Outcome.lookAgainAfter(Duration.ofMinutes(10)), 8).run(newPass());

    assertThat(outcome).isEqualTo(Outcome.lookAgainAfter(Duration.ofMinutes(10)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait inside the pass").isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPassTakesAtMostItsStepsAndLeavesTheRestToTheNextPass() {
    Pass pass = newPass();
    Outcome outcome = new Counter(100, Outcome.DONE, 3).run(pass);

    assertThat(outcome).isEqualTo(Outcome.DONE);
    assertThat(pass.status().observedSavepointTriggerNonce()).isEqualTo(3L);
  }

  @Test
  void aJobManagerThatDoesNotAnswerEndsTheMachinesPartAndKeepsWhatWasWrittenAhead() {
    StepMachine<String> machine = new StepMachine<>("asks Flink", 8, dependencies) {
      @Override
      protected String decide(Pass pass) {
        return "ask";
      }

      @Override
      protected Ahead writeAhead(Pass pass, String decision) {
        return new Ahead(StatusEdit.of(pass.status()).lastError(new StatusError(NOW, "test", "about to ask")), Step.RECORDED);
      }

      @Override
      protected Outcome act(Pass pass, String decision) {
        pass.flink().overview();
        throw new AssertionError("answered");
      }

      @Override
      public boolean holds(RuntimeStatus status) {
        return false;
      }
    };
    Pass pass = newPass();

    assertThat(machine.run(pass)).isEqualTo(Outcome.DONE);
    assertThat(store.read(pass.identity(), RuntimeStatus.initial(null)).status().lastError().message()).isEqualTo("about to ask");
  }

  @Test
  void whatTheListenerThrowsEndsThePassRightThere() {
    Pass pass = new Pass(declaration, VersionedStatus.notStored(RuntimeStatus.initial(null)),
        JobObservation.reachable(NOW, Optional.empty()), nobodyAnswers, store, (step, identity) -> {
          throw new IllegalStateException("killed at " + step);
        });

    assertThatThrownBy(() -> new Counter(5, Outcome.DONE, 8).run(pass)).hasMessage("killed at RECORDED");
    assertThat(seen).containsExactly("decide 1", "recorded 1");
    assertThat(store.read(pass.identity(), RuntimeStatus.initial(null)).status().observedSavepointTriggerNonce()).isEqualTo(1L);
  }

  @Test
  void theEarliestReLookWinsAndAnyReLookBeatsNone() {
    Outcome soon = Outcome.lookAgainAfter(Duration.ofMillis(100));
    Outcome later = Outcome.lookAgainAfter(Duration.ofSeconds(5));

    assertThat(Outcome.earliest(Outcome.DONE, later)).isEqualTo(later);
    assertThat(Outcome.earliest(later, Outcome.DONE)).isEqualTo(later);
    assertThat(Outcome.earliest(later, soon)).isEqualTo(soon);
    assertThat(Outcome.earliest(soon, later)).isEqualTo(soon);
    assertThat(Outcome.earliest(Outcome.DONE, Outcome.DONE)).isEqualTo(Outcome.DONE);
    assertThatThrownBy(() -> Outcome.lookAgainAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
