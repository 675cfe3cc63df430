package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.AutoscalerMemory;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The job's samples and {@link AutoscalerState} are held in memory between passes; what a restarted controller
 * needs of them is handed back for the status ({@link Result#memory()}: an {@link AutoscalerMemory}, which
 * {@link AutoscalerRunner} writes to the FlinkJob's {@code status.runtime.autoscaler}). That is the window's first
 * sample only (a window is computed from its first sample and the newest), the last rescale, the pending scale-downs
 * and the last decision's time. It is handed back only when it changes in a way that matters (a new window, a
 * decision, a rescale seen, the end of a stabilization), not for every sample: between two decisions a sliding
 * window keeps the stored start, so a restarted controller may decide on a somewhat longer window, but on time. At a
 * decision the start stored is the one the next decision will use. A new {@code LiveAutoscaler} given that memory
 * (a restarted controller, or changed settings) continues: its next decision comes when the last one's would have,
 * and a pending scale-down keeps its start and count. Without it (none, or another job's: the job was replaced) all
 * starts afresh, as before: the next decision comes one window later and a pending scale-down waits its grace period
 * again, both on the side of not rescaling. A stored window start older than {@code window + max(window, interval)}
 * (a controller down that long) is not used, the rest is. This class does not touch Kubernetes. The stabilization
 * after a rescale the controller did not see is covered by sampling only a fully running job and starting a new
 * window whenever the parallelism changed or a counter went back (a restart). The TaskManager count is only reported
 * ({@link ScalingDecisionRecord#taskManagersNeeded()}); the caller scales the TaskManagers. Not thread-safe
 * per job: one pass per job at a time.
 */
public final class LiveAutoscaler {
  private static final Logger LOG = LoggerFactory.getLogger(LiveAutoscaler.class);
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
   * What one {@link #pass(ObjectRef, String, AutoscalerMemory)} did.
   *
   * @param decision the decision, when one was made
   * @param memory the job's memory to write to the status ({@link io.flinkstack.contract.RuntimeStatus#autoscaler()}),
   *     when it changed in a way a restarted controller needs: a new window, a decision (its time, the state after it,
   *     the window start of the next one), a rescale seen, a window now starting after a stabilization; empty when
   *     what the status has is still good (most passes: a window filling up or sliding between two decisions writes
   *     nothing)
   */
  public record Result(Optional<ScalingDecisionRecord> decision, Optional<AutoscalerMemory> memory) {
    static final Result NOTHING = new Result(Optional.empty(), Optional.empty());
  }

  /**
   * One pass for one job, without a memory in the status: {@link #pass(ObjectRef, String, AutoscalerMemory)}'s
   * decision with nothing given.
   */
  public Optional<ScalingDecisionRecord> pass(ObjectRef about, String jobId) {
    return pass(about, jobId, null).decision();
  }

  /**
   * One pass for one job: sample, and decide when due. No decision when the window is not full yet, the interval
   * has not passed, the job is not fully running, or Flink has no counters yet.
   *
   * <p>{@code stored} is what the status holds ({@link AutoscalerMemory}). When this autoscaler first sees the job
   * (a restarted controller, or new settings) it starts from it if it is the same job's: its last rescale, pending
   * scale-downs and last decision's time, and its window start unless that is older than {@code window + max(window,
   * interval)} (an outage that long would stretch the window over it). The first sample then goes on as if the
   * memory had never been lost: a window continued by the job's counters keeps its start, one that is not (a
   * restart, a rescale by someone else) starts again, as in memory. Another job's memory is ignored.
   *
   * @param about the declaration the Events are about
   * @param stored the memory in the status, null for none
   */
  public Result pass(ObjectRef about, String jobId, AutoscalerMemory stored) {
    JobMemory memory = jobs.computeIfAbsent(jobId, id -> restore(id, stored));
    Optional<JobSample> sampled = collector.sample(jobId);
    if (sampled.isEmpty()) {
      return Result.NOTHING;
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
    Instant settled = settled(memory.state);
    Instant windowStart = now.minus(window);
    while (memory.samples.size() > 1 && (memory.samples.getFirst().at().isBefore(settled)
        || !memory.samples.toArray(JobSample[]::new)[1].at().isAfter(windowStart))) {
      memory.samples.removeFirst();
    }
    JobSample first = memory.samples.getFirst();
    if (first == sample || first.at().isAfter(windowStart) || first.at().isBefore(settled)) {
      return new Result(Optional.empty(), toWrite(jobId, memory, stored, null));
    }
    if (memory.lastEvaluation != null && now.isBefore(memory.lastEvaluation.plus(interval))) {
      return new Result(Optional.empty(), toWrite(jobId, memory, stored, null));
    }
    memory.lastEvaluation = now;
    MetricsWindow metrics = RestMetricsCollector.window(first, sample);
    AutoscalerSettings settings = resolveBounds(declaredSettings, sample);
    ScalingDecision decision = new Autoscaler(settings).evaluate(sample.topology(), metrics, memory.state, now);
    String action = action(decision);
    JobSample nextStart = null;
    if (action.equals(ScalingDecisionRecord.RESCALED)) {
      Map<String, ResourceRequirements.ParallelismBounds> bounds = new LinkedHashMap<>();
      decision.parallelism().forEach((vertex, to) -> bounds.put(vertex, new ResourceRequirements.ParallelismBounds(1, to)));
      flink.updateResourceRequirements(jobId, new ResourceRequirements(bounds));
      memory.state = decision.nextState();
      memory.samples.clear();
    } else {
      // Monitor mode keeps the state of a job that was not rescaled: pending scale-downs go on counting.
      memory.state = decision.rescale() ? memory.state : decision.nextState();
      nextStart = nextWindowStart(memory, now);
    }
    ScalingDecisionRecord record = record(jobId, action, metrics, decision, sample);
    publish(about, record);
    return new Result(Optional.of(record), toWrite(jobId, memory, stored, nextStart));
  }

  private Instant settled(AutoscalerState state) {
    return state.lastRescale().map(at -> at.plus(declaredSettings.stabilizationInterval())).orElse(Instant.MIN);
  }

  /**
   * The job's memory when first seen: from {@code stored} when it is this job's (and can be read), else empty. A
   * window start older than {@code window + max(window, interval)} is dropped (the state is kept).
   */
  private JobMemory restore(String jobId, AutoscalerMemory stored) {
    JobMemory memory = new JobMemory();
    if (stored == null || !jobId.equals(stored.jobId())) {
      return memory;
    }
    try {
      AutoscalerState state = AutoscalerMemories.state(stored);
      JobSample start = stored.windowStart() == null ? null : AutoscalerMemories.sample(jobId, stored.windowStart());
      memory.state = state;
      memory.lastEvaluation = stored.lastEvaluation();
      if (start != null && !tooOld(start, clock.instant())) {
        memory.samples.addLast(start);
      }
    } catch (RuntimeException e) {
      LOG.warn("job {}: the autoscaler memory in the status cannot be read, starting a new window: {}", jobId,
          e.toString());
      return new JobMemory();
    }
    return memory;
  }

  /**
   * Where the next decision's window will start, as far as the samples tell now: the newest sample at or before
   * {@code now + interval - window} (the window is full, so the first one is).
   */
  private JobSample nextWindowStart(JobMemory memory, Instant now) {
    Instant due = now.plus(interval).minus(window);
    JobSample start = memory.samples.getFirst();
    for (JobSample sample : memory.samples) {
      if (!sample.at().isAfter(due)) {
        start = sample;
      }
    }
    return start;
  }

  /**
   * The memory to write, when the status' {@code stored} no longer serves a restarted controller: another job's or
   * none, a changed state or last decision, or a window start that would not continue this window the same way
   * (another run, or from before the stabilization ended while the window now starts after it). A stored start of
   * the same run is kept even when the window has moved on since: a restarted controller then decides on a longer
   * window, never earlier, and the sliding window costs no write per sample. At a decision the start is
   * {@code nextStart}, the one the next decision would use.
   */
  private Optional<AutoscalerMemory> toWrite(String jobId, JobMemory memory, AutoscalerMemory stored,
      JobSample nextStart) {
    AutoscalerMemory.Sample storedStart = stored != null && jobId.equals(stored.jobId()) ? stored.windowStart() : null;
    JobSample first = memory.samples.peekFirst();
    AutoscalerMemory.Sample start;
    if (nextStart != null) {
      start = AutoscalerMemories.sample(nextStart);
    } else if (first == null) {
      start = null;
    } else if (keeps(jobId, storedStart, first, memory.samples.getLast().at(), settled(memory.state))) {
      start = storedStart;
    } else {
      start = AutoscalerMemories.sample(first);
    }
    AutoscalerMemory next = AutoscalerMemories.memory(jobId, start, memory.state, memory.lastEvaluation);
    return next.equals(stored) ? Optional.empty() : Optional.of(next);
  }

  /**
   * Whether the stored window start serves a restarted controller as well as {@code first}, the window's start now:
   * of the same run, not too old to be used, and not from before the stabilization unless the window still is.
   */
  private boolean keeps(String jobId, AutoscalerMemory.Sample storedStart, JobSample first, Instant now,
      Instant settled) {
    if (storedStart == null) {
      // None is as good as one the stabilization drops anyway.
      return first.at().isBefore(settled);
    }
    JobSample kept;
    try {
      kept = AutoscalerMemories.sample(jobId, storedStart);
    } catch (RuntimeException e) {
      return false;
    }
    boolean sameRun = kept.at().isAfter(first.at()) ? first.continuedBy(kept) : kept.continuedBy(first);
    return sameRun && !tooOld(kept, now) && (!kept.at().isBefore(settled) || first.at().isBefore(settled));
  }

  /**
   * Whether a stored window start is too old for a restarted controller to go on from: older than {@code window +
   * max(window, interval)}, about a window more than it can be while the controller runs (an outage that long would
   * stretch the window over it).
   */
  private boolean tooOld(JobSample start, Instant now) {
    Duration oldest = window.plus(window.compareTo(interval) >= 0 ? window : interval);
    return start.at().isBefore(now.minus(oldest));
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
