package io.flinkstack.harness.simulation;

import static io.flinkstack.harness.simulation.SimulationScenario.clock;

import io.flinkstack.controller.autoscaler.Autoscaler;
import io.flinkstack.controller.autoscaler.AutoscalerState;
import io.flinkstack.controller.autoscaler.DecisionReason;
import io.flinkstack.controller.autoscaler.JobTopology;
import io.flinkstack.controller.autoscaler.MetricsWindow;
import io.flinkstack.controller.autoscaler.ScalingDecision;
import io.flinkstack.controller.autoscaler.VertexDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Drives the real {@link Autoscaler} against a simulated job, second by second: the {@link PipelineModel}
 * produces what Flink would measure, the {@link MetricsCollector} turns it into metrics windows, the
 * autoscaler decides, and a decided rescale stops the job for the scenario's restart duration (the backlog
 * grows meanwhile) and wipes the metrics history. Deterministic: same scenario, same result.
 *
 * <p>This is a model, not a Flink cluster: capacities are exactly linear in parallelism, there is no skew,
 * no warm-up after a restart and no metric noise beyond the load's.
 */
public final class AutoscalerSimulation {

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final SimulationScenario scenario;
  private final JobTopology topology;
  private final Autoscaler autoscaler;
  private final PipelineModel pipeline;
  private final MetricsCollector collector;
  private final List<SimulationResult.Rescale> rescales = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  private AutoscalerState state = AutoscalerState.initial();
  private ScalingDecision lastDecision;
  private SimulationPhase phase = SimulationPhase.WARMUP;
  private double backlog;
  private double maxBacklog;
  private long restartingUntil = -1;
  private long convergedAt = -1;
  private boolean pendingLogged;

  private AutoscalerSimulation(SimulationScenario scenario) {
    this.scenario = scenario;
    this.topology = scenario.topology();
    this.autoscaler = new Autoscaler(scenario.settings());
    this.pipeline = new PipelineModel(scenario.stages());
    this.collector = new MetricsCollector(scenario.metricsWindow());
  }

  public static SimulationResult run(SimulationScenario scenario) {
    return new AutoscalerSimulation(scenario).run();
  }

  private SimulationResult run() {
    long stepAt = scenario.load().stepAt().toSeconds();
    long evaluationEvery = scenario.evaluationInterval().toSeconds();
    long giveUpAt = stepAt + scenario.convergenceLimit().toSeconds();
    long end = giveUpAt;
    log.add(String.format(Locale.ROOT, "%s start at %.0f rec/s: %s", clock(0), scenario.load().baseRate(),
        parallelismNow()));
    for (long second = 0; second < end; second++) {
      if (second == stepAt) {
        summarizeWarmup();
        phase = SimulationPhase.CONVERGING;
        log.add(String.format(Locale.ROOT, "%s load step ×%.1f: %.0f → %.0f rec/s", clock(second),
            scenario.load().stepFactor(), scenario.load().baseRate(),
            scenario.load().baseRate() * scenario.load().stepFactor()));
      }
      double arrival = scenario.load().rateAt(second);
      if (second < restartingUntil) {
        backlog += arrival; // the job is down: everything that arrives waits at the source
        maxBacklog = Math.max(maxBacklog, backlog);
        continue;
      }
      TickSample tick = pipeline.run(second, arrival, backlog);
      backlog = tick.backlogAfter();
      maxBacklog = Math.max(maxBacklog, backlog);
      collector.record(tick);
      long now = second + 1;
      if (now % evaluationEvery != 0) {
        continue;
      }
      if (phase == SimulationPhase.CONVERGING && hasConverged(arrival)) {
        phase = SimulationPhase.STEADY;
        convergedAt = now;
        end = now + scenario.steadyDuration().toSeconds();
        log.add(String.format(Locale.ROOT, "%s converged %s after the step: no stage back-pressured for a whole"
            + " window, backlog %.0f; steady load for %s: %s", clock(now), clock(now - stepAt), backlog,
            clock(scenario.steadyDuration().toSeconds()), parallelismNow()));
      }
      collector.window(EPOCH, pipeline).ifPresent(window -> evaluate(window, now));
      if (phase == SimulationPhase.STEADY && (now - convergedAt) % 3600 == 0) {
        log.add(clock(now) + " steady: " + status(arrival) + ", rescales in steady so far " + countSteady());
      }
    }
    if (phase == SimulationPhase.CONVERGING) {
      log.add(clock(end) + " NOT converged within " + clock(scenario.convergenceLimit().toSeconds())
          + " after the step: " + parallelismNow() + ", backlog " + Math.round(backlog));
    }
    Map<String, Integer> parallelism = new LinkedHashMap<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      parallelism.put(scenario.stages().get(i).id(), pipeline.parallelism(i));
    }
    Duration convergence = convergedAt < 0 ? null : Duration.ofSeconds(convergedAt - stepAt);
    return new SimulationResult(rescales, convergedAt >= 0, convergence, parallelism, maxBacklog, log);
  }

  private boolean hasConverged(double arrival) {
    // Caught up: a full window without back-pressure anywhere, and at most a second's worth of records waiting.
    return collector.hasFullWindow() && !collector.anyBackPressure() && backlog <= arrival;
  }

  private void evaluate(MetricsWindow window, long now) {
    ScalingDecision decision = autoscaler.evaluate(topology, window, state, EPOCH.plusSeconds(now));
    state = decision.nextState();
    lastDecision = decision;
    if (decision.rescale()) {
      rescales.add(new SimulationResult.Rescale(Duration.ofSeconds(now), phase, decision));
      log.add(clock(now) + " [" + phase + "] " + indent(decision.describe(scenario.slotsPerTaskManager())));
      pipeline.rescale(decision.parallelism());
      collector.clear();
      restartingUntil = now + scenario.restartDuration().toSeconds();
      log.add(String.format(Locale.ROOT, "%s job restarting for %d s at %s", clock(now),
          scenario.restartDuration().toSeconds(), parallelismNow()));
      pendingLogged = false;
      return;
    }
    if (phase == SimulationPhase.CONVERGING) {
      log.add(clock(now) + " [" + phase + "] " + summary(decision));
    } else if (!state.pendingScaleDowns().isEmpty() && !pendingLogged) {
      // Outside the converging phase only the first sign of a coming scale-down is worth a line.
      log.add(clock(now) + " [" + phase + "] " + summary(decision));
      pendingLogged = true;
    } else if (state.pendingScaleDowns().isEmpty()) {
      pendingLogged = false;
    }
  }

  private static String summary(ScalingDecision decision) {
    return "no rescale: " + decision.vertices().stream().map(AutoscalerSimulation::brief)
        .collect(Collectors.joining(" | "));
  }

  private static String brief(VertexDecision v) {
    String numbers = String.format(Locale.ROOT, "%s p%d busy %.2f bp %.2f", v.vertexId(), v.from(),
        v.inputs().busyFraction(), v.inputs().backPressuredFraction());
    if (!Double.isNaN(v.inputs().backlog())) {
      numbers += String.format(Locale.ROOT, " backlog %.0f", v.inputs().backlog());
    }
    String reason = v.reason() == DecisionReason.AT_TARGET ? "" : " " + v.reason();
    if (v.reason() == DecisionReason.WITHIN_BAND || v.reason() == DecisionReason.SCALE_DOWN_DELAYED) {
      reason += "→" + v.recommendation().parallelism();
    }
    return numbers + reason;
  }

  private String status(double arrival) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "load %.0f rec/s, backlog %.0f", arrival,
        backlog));
    for (int i = 0; i < scenario.stages().size(); i++) {
      String id = scenario.stages().get(i).id();
      line.append(String.format(Locale.ROOT, ", %s p%d", id, pipeline.parallelism(i)));
      if (lastDecision != null && lastDecision.vertex(id).from() == pipeline.parallelism(i)) {
        line.append(String.format(Locale.ROOT, " busy %.2f", lastDecision.vertex(id).inputs().busyFraction()));
      }
    }
    return line.toString();
  }

  private String parallelismNow() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      parts.add(scenario.stages().get(i).id() + "=" + pipeline.parallelism(i));
    }
    return String.join(" ", parts);
  }

  private void summarizeWarmup() {
    long warmup = rescales.stream().filter(r -> r.phase() == SimulationPhase.WARMUP).count();
    log.add(clock(scenario.load().stepAt().toSeconds()) + " warm-up over: " + warmup + " rescales at base load, "
        + parallelismNow());
  }

  private long countSteady() {
    return rescales.stream().filter(r -> r.phase() == SimulationPhase.STEADY).count();
  }

  private static String indent(String text) {
    return text.replace("\n", "\n    ");
  }

}
