package io.flinkstack.harness.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.controller.autoscaler.DecisionReason;
import io.flinkstack.controller.autoscaler.VertexDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulation drives the controller's real decision code (io.flinkstack.controller.autoscaler); guards the
 * bench's goals (K ≤ 2 rescales to converge after a 3× step, F = 0 flaps in hours of steady load).
 */
class AutoscalerSimulationTest {

  @Test
  void theBenchScenarioConvergesInAtMostTwoRescalesAndNeverFlaps() {
    SimulationResult result = AutoscalerSimulation.run(SimulationScenario.standard());

    assertThat(result.converged()).isTrue();
    assertThat(result.stepsToConverge()).isBetween(1, 2);
    assertThat(result.flaps()).isZero();
    assertThat(result.warmupRescales()).isZero();
    // The bottleneck took the step: 3 × 2000 rec/s = 6000 rec/s needs at least 6 enrich subtasks of 1000 rec/s.
    assertThat(result.finalParallelism().get("enrich")).isGreaterThanOrEqualTo(6);
  }

  @Test
  void isDeterministic() {
    SimulationScenario scenario = SimulationScenario.standard().withSteadyDuration(Duration.ofHours(1));
    assertThat(AutoscalerSimulation.run(scenario).log()).isEqualTo(AutoscalerSimulation.run(scenario).log());
  }

  @ParameterizedTest(name = "step ×{0}, seed {1}")
  @CsvSource({"2, 1", "2, 7", "3, 1", "3, 6", "3, 7", "4, 1", "4, 7", "5, 1", "5, 7"})
  void otherStepsAndNoiseConvergeInAtMostTwoWithoutFlaps(double step, long seed) {
    SimulationResult result = AutoscalerSimulation.run(SimulationScenario.standard().withStepFactor(step)
        .withSeed(seed).withSteadyDuration(Duration.ofHours(3)));
    assertThat(result.converged()).isTrue();
    assertThat(result.stepsToConverge()).isBetween(1, 2);
    assertThat(result.flaps()).isZero();
    assertThat(result.warmupRescales()).isZero();
  }

  @Test
  void aLoadDropIsScaledDownOnceAndOnlyAfterTheGracePeriod() {
    // Half the load: nothing is back-pressured, so the "steady" phase starts at once and holds the scale-down.
    SimulationScenario scenario = SimulationScenario.standard().withStepFactor(0.5);
    SimulationResult result = AutoscalerSimulation.run(scenario);

    assertThat(result.rescales()).hasSize(1);
    SimulationResult.Rescale rescale = result.rescales().get(0);
    assertThat(rescale.at()).isGreaterThanOrEqualTo(
        scenario.load().stepAt().plus(scenario.settings().scaleDownGracePeriod()));
    assertThat(rescale.decision().vertices()).filteredOn(VertexDecision::changes)
        .extracting(VertexDecision::reason).containsOnly(DecisionReason.SCALE_DOWN);
  }
}
