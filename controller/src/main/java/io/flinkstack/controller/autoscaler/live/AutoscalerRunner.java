package io.flinkstack.controller.autoscaler.live;

import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.ScalingDecisionRecord;
import io.flinkstack.controller.declaration.Declaration;
import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.ClusterOverview;
import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatefulSetSnapshot;
import io.flinkstack.controller.observation.JobObservation;
import io.flinkstack.controller.status.StatusEdit;
import io.flinkstack.controller.status.StatusStore;
import io.flinkstack.controller.status.VersionedStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the declared autoscaler of each job in the reconcile loop: a {@link LiveAutoscaler} per declaration
 * (new when its settings or its cluster's URL change), its decisions written to the status
 * ({@code lastScalingDecision}) and so is its memory of the job ({@code autoscaler}: the window's start, the last
 * rescale, pending scale-downs, the last decision's time; in the same write as a decision, otherwise only when the
 * {@link LiveAutoscaler} hands back a change that matters), which a new {@link LiveAutoscaler} (a restarted
 * controller, new settings) continues from. The memory is removed when the autoscaler is no longer declared. In act
 * mode the TaskManagers the new parallelism
 * needs asked for by raising the TaskManager StatefulSet's replicas (applications; never lowered here — an
 * HPA or a person lowers them; when an HPA owns the count, the need is only reported).
 *
 * <p>Runs only while the job runs with all its tasks and no transition or rescale is in flight. A job whose
 * autoscaler acts is not also rescaled to its slots by the rescaler: the autoscaler owns its parallelism.
 */
public final class AutoscalerRunner {
  private static final Logger LOG = LoggerFactory.getLogger(AutoscalerRunner.class);
  public static final String EVENT_TASKMANAGERS = "AutoscalerTaskManagers";

  private record Running(AutoscalerDeclaration declared, URI restUrl, LiveAutoscaler autoscaler) {}

  private final KubernetesGateway kubernetes;
  private final StatusStore store;
  private final EventRecorder events;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> reportedNeeds = new ConcurrentHashMap<>();

  public AutoscalerRunner(KubernetesGateway kubernetes, StatusStore store, EventRecorder events, MeterRegistry registry, Clock clock) {
    this.kubernetes = kubernetes;
    this.store = store;
    this.events = events;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Drops what it keeps about a declaration that is gone (its {@link LiveAutoscaler} with the metrics window,
   * and the TaskManager need it last reported; the memory in its status goes with the FlinkJob). Its meters are
   * removed by {@link io.flinkstack.controller.metrics.ControllerMetrics#forget}, by their tags.
   *
   * @param declaration {@code namespace/name} of the FlinkJob
   */
  public void forget(String declaration) {
    running.remove(declaration);
    reportedNeeds.remove(declaration);
  }

  /** Whether the declaration's autoscaler owns the job's parallelism (declared, enabled, act mode). */
  public static boolean ownsParallelism(Declaration declaration) {
    return declaration.enabledAutoscaler().map(AutoscalerDeclaration::acts).orElse(false);
  }

  public VersionedStatus run(Declaration declaration, VersionedStatus status, JobObservation observation, FlinkRestClient flink) {
    String key = declaration.toString();
    Optional<AutoscalerDeclaration> declared = declaration.enabledAutoscaler();
    if (declared.isEmpty()) {
      running.remove(key);
      if (status.status().autoscaler() == null) {
        return status;
      }
      // Re-enabled later, it starts afresh, as a controller without the memory would.
      return store.write(declaration.identity(), status, StatusEdit.of(status.status()).autoscaler(null).build());
    }
    if (!observation.jobFullyRunning() || status.status().transition() != null || status.status().rescale() != null) {
      return status;
    }
    Running current = running.get(key);
    if (current == null || !current.declared().equals(declared.get()) || !current.restUrl().equals(flink.restUrl())) {
      Optional<Integer> slots = slotsPerTaskManager(flink);
      if (slots.isEmpty()) {
        return status;
      }
      current = new Running(declared.get(), flink.restUrl(), new LiveAutoscaler(flink, declared.get(), slots.get(), events, registry, clock));
      running.put(key, current);
    }
    String jobId = observation.job().orElseThrow().id();
    LiveAutoscaler.Result pass;
    try {
      pass = current.autoscaler().pass(declaration.identity().source(), jobId, status.status().autoscaler());
    } catch (FlinkClientException e) {
      LOG.info("{}: autoscaler pass skipped, Flink did not answer: {}", declaration, e.getMessage());
      return status;
    }
    Optional<ScalingDecisionRecord> decision = pass.decision();
    if (decision.isEmpty() && pass.memory().isEmpty()) {
      return status;
    }
    StatusEdit edit = StatusEdit.of(status.status());
    decision.ifPresent(edit::lastScalingDecision);
    pass.memory().ifPresent(edit::autoscaler);
    VersionedStatus written = store.write(declaration.identity(), status, edit.build());
    if (decision.isEmpty()) {
      return written;
    }
    if (declared.get().acts() && ScalingDecisionRecord.RESCALED.equals(decision.get().action())
        && declaration.identity().kind() == DeclarationKind.APPLICATION) {
      requestTaskManagers(declaration, decision.get().taskManagersNeeded());
    }
    return written;
  }

  /** Package-private for its test: an act-mode decision's TaskManagers, asked of the set or only reported. */
  void requestTaskManagers(Declaration declaration, int needed) {
    String namespace = declaration.identity().namespace();
    String name = ClusterNames.taskManager(declaration.identity().cluster());
    Optional<StatefulSetSnapshot> set = kubernetes.statefulSet(namespace, name);
    if (set.isEmpty()) {
      return;
    }
    int replicas = set.get().replicas();
    if (set.get().autoscaled()) {
      if (!Objects.equals(reportedNeeds.put(declaration.toString(), needed), needed)) {
        events.normal(declaration.identity().source(), EVENT_TASKMANAGERS, "the new parallelism needs " + needed
            + " TaskManager(s); " + set.get().replicasOwner() + " owns " + name + "'s replicas, so they are not changed here");
      }
    } else if (replicas < needed) {
      kubernetes.scaleStatefulSet(namespace, name, needed);
      events.normal(declaration.identity().source(), EVENT_TASKMANAGERS, "scaled " + name + " from " + replicas + " to " + needed
          + " TaskManager(s) for the new parallelism");
    }
  }

  private static Optional<Integer> slotsPerTaskManager(FlinkRestClient flink) {
    try {
      ClusterOverview overview = flink.overview();
      return overview.taskManagers() < 1 ? Optional.empty() : Optional.of(Math.max(1, overview.slotsTotal() / overview.taskManagers()));
    } catch (FlinkClientException e) {
      return Optional.empty();
    }
  }
}
