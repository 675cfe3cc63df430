package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.autoscaler.Autoscaler;
import io.flinkstack.controller.autoscaler.AutoscalerSettings;
import io.flinkstack.controller.autoscaler.AutoscalerState;
import io.flinkstack.controller.autoscaler.DecisionReason;
import io.flinkstack.controller.autoscaler.MetricsWindow;
import io.flinkstack.controller.autoscaler.ScalingDecision;
import io.flinkstack.controller.autoscaler.VertexBounds;
import io.flinkstack.controller.autoscaler.VertexDecision;
import io.flinkstack.controller.autoscaler.VertexEvaluation;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.ResourceRequirements;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The autoscaler against a live job: each {@link #pass} takes one metrics sample over REST, keeps the
 * job's samples for the window in memory, and once the window is full and the interval has passed calls
 * the DS2 decision code ({@link Autoscaler}). In act mode a rescale is done in place by
 * {@code PUT /jobs/:id/resource-requirements} (every vertex lower bound 1, upper bound its new parallelism;
 * needs the adaptive scheduler); in monitor mode it is only recommended. Either way the decision is
 * returned as a {@link ScalingDecisionRecord} for the status, a rescale or recommendation is an Event, and
 * every decision counts in {@code flinkstack.autoscaler.decisions} (tags {@code action}, {@code mode}) and
 * sets {@code flinkstack.autoscaler.recommended.parallelism} (tag {@code vertex}) and
 * {@code flinkstack.autoscaler.taskmanagers.needed}.
 *
 * <p>Memory, not the status, holds the samples and the {@link AutoscalerState}: a controller restart loses a
 * window (the next decision comes one window later) and any pending scale-down (it waits its grace period
 * again). Both err on the side of not rescaling. The stabilization after a rescale the controller did not see
 * is covered by sampling only a fully running job and starting a new window whenever the parallelism changed
 * or a counter went back (a restart). The TaskManager count is only reported
 * ({@link ScalingDecisionRecord#taskManagersNeeded()}); the caller scales the TaskManagers. Not thread-safe
 * per job: one pass per job at a time.
 */
public final class LiveAutoscaler {
  public static final String EVENT_RESCALED = "AutoscalerRescaled";
  public static final String EVENT_RECOMMENDED = "AutoscalerRecommended";

  private final FlinkRestClient flink;
  private final RestMetricsCollector collector;
  private final AutoscalerDeclaration declaration;
  private final AutoscalerSettings declaredSettings;
  private final Duration window;
  private final Duration interval;
  private final int slotsPerTaskManager;
  private final EventRecorder events;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, JobMemory> jobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

  private static final class JobMemory {
    final Deque<JobSample> samples = new ArrayDeque<>();
    AutoscalerState state = AutoscalerState.initial();
    Instant lastEvaluation;
  }

  /**
   * @param events where decisions that rescale or recommend go; null for none
   * @param registry where the meters go; null for none
   */
  public LiveAutoscaler(FlinkRestClient flink, AutoscalerDeclaration declaration, int slotsPerTaskManager,
      EventRecorder events, MeterRegistry registry, Clock clock) {
    if (slotsPerTaskManager < 1) {
      throw new IllegalArgumentException("slotsPerTaskManager must be >= 1, got " + slotsPerTaskManager);
    }
    this.flink = flink;
    this.collector = new RestMetricsCollector(flink, clock);
    this.declaration = declaration;
    this.declaredSettings = AutoscalerDeclarations.settings(declaration);
    this.window = AutoscalerDeclarations.window(declaration);
    this.interval = AutoscalerDeclarations.interval(declaration);
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.events = events;
    this.registry = registry;
    this.clock = clock;
  }

  public String mode() {
    return declaration.acts() ? AutoscalerDeclaration.MODE_ACT : AutoscalerDeclaration.MODE_MONITOR;
  }

  /**
   * One pass for one job: sample, and decide when due. Empty when nothing was decided (the window is not
   * full yet, the interval has not passed, the job is not fully running, or Flink has no counters yet).
   *
   * @param about the declaration the Events are about
   */
  public Optional<ScalingDecisionRecord> pass(ObjectRef about, String jobId) {
    JobMemory memory = jobs.computeIfAbsent(jobId, id -> new JobMemory());
    Optional<JobSample> sampled = collector.sample(jobId);
    if (sampled.isEmpty()) {
      return Optional.empty();
    }
    JobSample sample = sampled.get();
    Instant now = sample.at();
    if (!memory.samples.isEmpty() && !memory.samples.getLast().continuedBy(sample)) {
      if (!memory.samples.getLast().parallelism().equals(sample.parallelism())) {
        // Rescaled by someone else (or slots were lost): that is a rescale for stabilization too.
        memory.state = memory.state.rescaledAt(now);
      }
      memory.samples.clear();
    }
    memory.samples.addLast(sample);
    Instant settled = memory.state.lastRescale().map(at -> at.plus(declaredSettings.stabilizationInterval()))
        .orElse(Instant.MIN);
    Instant windowStart = now.minus(window);
    while (memory.samples.size() > 1 && (memory.samples.getFirst().at().isBefore(settled)
        || !memory.samples.toArray(JobSample[]::new)[1].at().isAfter(windowStart))) {
      memory.samples.removeFirst();
    }
    JobSample first = memory.samples.getFirst();
    if (first == sample || first.at().isAfter(windowStart) || first.at().isBefore(settled)) {
      return Optional.empty();
    }
    if (memory.lastEvaluation != null && now.isBefore(memory.lastEvaluation.plus(interval))) {
      return Optional.empty();
    }
    memory.lastEvaluation = now;
    MetricsWindow metrics = RestMetricsCollector.window(first, sample);
    AutoscalerSettings settings = resolveBounds(declaredSettings, sample);
    ScalingDecision decision = new Autoscaler(settings).evaluate(sample.topology(), metrics, memory.state, now);
    String action = action(decision);
    if (action.equals(ScalingDecisionRecord.RESCALED)) {
      Map<String, ResourceRequirements.ParallelismBounds> bounds = new LinkedHashMap<>();
      decision.parallelism().forEach((vertex, to) -> bounds.put(vertex, new ResourceRequirements.ParallelismBounds(1, to)));
      flink.updateResourceRequirements(jobId, new ResourceRequirements(bounds));
      memory.state = decision.nextState();
      memory.samples.clear();
    } else {
      // Monitor mode keeps the state of a job that was not rescaled: pending scale-downs go on counting.
      memory.state = decision.rescale() ? memory.state : decision.nextState();
    }
    ScalingDecisionRecord record = record(jobId, action, metrics, decision, sample);
    publish(about, record);
    return Optional.of(record);
  }

  /** Forgets a job (it ended or was replaced). */
  public void forget(String jobId) {
    jobs.remove(jobId);
  }

  private String action(ScalingDecision decision) {
    if (decision.vertices().stream().allMatch(v -> v.reason() == DecisionReason.STABILIZING)) {
      return ScalingDecisionRecord.STABILIZING;
    }
    if (!decision.rescale()) {
      return ScalingDecisionRecord.NONE;
    }
    return declaration.acts() ? ScalingDecisionRecord.RESCALED : ScalingDecisionRecord.RECOMMENDED;
  }

  /** Declared bounds are keyed by vertex id or by name; the running job says which id a name is. */
  private static AutoscalerSettings resolveBounds(AutoscalerSettings settings, JobSample sample) {
    AutoscalerSettings resolved = settings;
    for (Map.Entry<String, VertexBounds> entry : settings.vertexBounds().entrySet()) {
      for (VertexSample vertex : sample.vertices().values()) {
        if (vertex.name().equals(entry.getKey()) && !vertex.vertexId().equals(entry.getKey())) {
          resolved = resolved.withVertexBounds(vertex.vertexId(), entry.getValue().min(), entry.getValue().max());
        }
      }
    }
    return resolved;
  }

  private ScalingDecisionRecord record(String jobId, String action, MetricsWindow metrics, ScalingDecision decision,
      JobSample sample) {
    List<ScalingDecisionRecord.Vertex> vertices = new ArrayList<>();
    for (VertexDecision v : decision.vertices()) {
      VertexEvaluation in = v.inputs();
      vertices.add(new ScalingDecisionRecord.Vertex(v.vertexId(), sample.vertices().get(v.vertexId()).name(),
          v.from(), v.to(), v.reason().name(), v.explanation(), number(in.trueRatePerSubtask()),
          number(in.observedInputRate()), number(in.targetInputRate()),
          number(metrics.of(v.vertexId()).busyTimeMsPerSecond()),
          number(metrics.of(v.vertexId()).backPressuredTimeMsPerSecond()), number(in.backlog())));
    }
    String headline = decision.rescale()
        ? (action.equals(ScalingDecisionRecord.RESCALED) ? "rescaled " : "recommends ")
            + decision.vertices().stream().filter(VertexDecision::changes)
                .map(v -> sample.vertices().get(v.vertexId()).name() + " " + v.from() + "→" + v.to())
                .collect(Collectors.joining(", "))
        : action.equals(ScalingDecisionRecord.STABILIZING) ? "stabilizing after a rescale" : "no rescale";
    String summary = headline + " (slots " + decision.slotsNeeded() + ", TaskManagers "
        + decision.taskManagersNeeded(slotsPerTaskManager) + " at " + slotsPerTaskManager + " slots each)";
    return new ScalingDecisionRecord(decision.at(), jobId, mode(), action, metrics.start(), metrics.end(), vertices,
        decision.slotsNeeded(), decision.taskManagersNeeded(slotsPerTaskManager), summary);
  }

  private static Double number(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private void publish(ObjectRef about, ScalingDecisionRecord record) {
    if (events != null && about != null && record.rescale()) {
      String details = record.vertices().stream().filter(v -> v.from() != v.to())
          .map(v -> v.name() + ": " + v.explanation()).collect(Collectors.joining("; "));
      events.normal(about, record.action().equals(ScalingDecisionRecord.RESCALED) ? EVENT_RESCALED : EVENT_RECOMMENDED,
          record.summary() + ". " + details);
    }
    if (registry == null) {
      return;
    }
    Tags tags = about == null ? Tags.of("namespace", "", "declaration", "")
        : Tags.of("namespace", about.namespace(), "declaration", about.name());
    Counter.builder("flinkstack.autoscaler.decisions").description("Autoscaler decisions, by action and mode")
        .tags(tags.and("action", record.action(), "mode", record.mode())).register(registry).increment();
    for (ScalingDecisionRecord.Vertex v : record.vertices()) {
      gauge("flinkstack.autoscaler.recommended.parallelism", "Parallelism the autoscaler decided or recommends",
          tags.and("vertex", v.vertexId(), "vertex_name", v.name())).set(v.to());
    }
    gauge("flinkstack.autoscaler.taskmanagers.needed", "TaskManagers the autoscaler's last decision needs", tags)
        .set(record.taskManagersNeeded());
  }

  // Micrometer holds gauge state weakly: keep it here.
  private AtomicInteger gauge(String name, String description, Tags tags) {
    return gauges.computeIfAbsent(name + tags, key -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder(name, value, AtomicInteger::get).description(description).tags(tags).register(registry);
      return value;
    });
  }
}
