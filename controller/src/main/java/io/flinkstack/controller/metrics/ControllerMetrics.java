package io.flinkstack.controller.metrics;

import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.contract.TransitionKind;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The controller's Micrometer meters, on a registry the caller gives (a Prometheus registry later; a
 * {@code SimpleMeterRegistry} in tests). Every meter is tagged with the declaration's namespace and name
 * ({@code namespace}, {@code declaration}: the FlinkJob's name), and {@link #forget} removes them
 * when the declaration is gone.
 *
 * <table>
 *   <tr><td>{@code flinkstack.savepoints.completed}</td><td>counter, tag {@code trigger}</td></tr>
 *   <tr><td>{@code flinkstack.savepoints.failed}</td><td>counter, tag {@code reason}: failed, rejected, timeout, forgotten</td></tr>
 *   <tr><td>{@code flinkstack.savepoint.duration}</td><td>timer: decided → completed</td></tr>
 *   <tr><td>{@code flinkstack.savepoints.disposed}, {@code flinkstack.savepoint.disposals.failed}</td><td>counters</td></tr>
 *   <tr><td>{@code flinkstack.lifecycle.state}</td><td>gauge per {@code state}: 1 for the current one, 0 for the others</td></tr>
 *   <tr><td>{@code flinkstack.transitions}</td><td>timer of upgrades, suspends, resumes and submissions from decision to
 *       the job running (or stopped), tags {@code kind}, {@code outcome}</td></tr>
 *   <tr><td>{@code flinkstack.rescales}</td><td>timer of rescales from decision to the job running at the target, tags
 *       {@code method} (in-place, restart), {@code outcome}</td></tr>
 *   <tr><td>{@code flinkstack.reconcile}</td><td>timer of one reconcile pass, tag {@code outcome}</td></tr>
 * </table>
 */
public final class ControllerMetrics {
  private final MeterRegistry registry;
  // Micrometer holds gauge state weakly: keep it here.
  private final Map<String, AtomicReference<LifecycleState>> lifecycles = new ConcurrentHashMap<>();

  public ControllerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void savepointCompleted(DeclarationIdentity declaration, SavepointTrigger trigger, Duration took) {
    Counter.builder("flinkstack.savepoints.completed").description("Savepoints the controller took")
        .tags(tags(declaration).and("trigger", trigger.name())).register(registry).increment();
    Timer.builder("flinkstack.savepoint.duration").description("From deciding on a savepoint to seeing it completed")
        .tags(tags(declaration)).register(registry).record(took);
  }

  public void savepointFailed(DeclarationIdentity declaration, String reason) {
    Counter.builder("flinkstack.savepoints.failed").description("Savepoints that failed, were refused, timed out or were forgotten")
        .tags(tags(declaration).and("reason", reason)).register(registry).increment();
  }

  public void savepointDisposed(DeclarationIdentity declaration) {
    Counter.builder("flinkstack.savepoints.disposed").description("Expired savepoints disposed")
        .tags(tags(declaration)).register(registry).increment();
  }

  public void disposalFailed(DeclarationIdentity declaration) {
    Counter.builder("flinkstack.savepoint.disposals.failed").description("Savepoint disposals that failed")
        .tags(tags(declaration)).register(registry).increment();
  }

  public void lifecycle(DeclarationIdentity declaration, LifecycleState state) {
    lifecycles.computeIfAbsent(declaration.toString(), key -> {
      AtomicReference<LifecycleState> current = new AtomicReference<>();
      for (LifecycleState each : LifecycleState.values()) {
        Gauge.builder("flinkstack.lifecycle.state", current, value -> value.get() == each ? 1 : 0)
            .description("1 for the declaration's current lifecycle state")
            .tags(tags(declaration).and("state", each.name()))
            .register(registry);
      }
      return current;
    }).set(state);
  }

  public void transitionEnded(DeclarationIdentity declaration, TransitionKind kind, String outcome, Duration took) {
    Timer.builder("flinkstack.transitions").description("Upgrades, suspends, resumes and submissions, from decision to result")
        .tags(tags(declaration).and("kind", kind.name()).and("outcome", outcome)).register(registry).record(took);
  }

  public void rescaleEnded(DeclarationIdentity declaration, String method, String outcome, Duration took) {
    Timer.builder("flinkstack.rescales").description("Rescales, from decision to the job running at the new parallelism")
        .tags(tags(declaration).and("method", method).and("outcome", outcome)).register(registry).record(took);
  }

  /**
   * Removes every meter of the registry tagged with this declaration ({@code namespace} and {@code
   * declaration}), whoever registered it: these here, and the autoscaler's, which carry the same tags.
   * Meters not about a declaration stay. A declaration that comes back gets new meters, starting at zero.
   */
  public void forget(String namespace, String name) {
    lifecycles.remove(namespace + "/" + name);
    for (Meter meter : List.copyOf(registry.getMeters())) {
      Meter.Id id = meter.getId();
      if (namespace.equals(id.getTag("namespace")) && name.equals(id.getTag("declaration"))) {
        registry.remove(meter);
      }
    }
  }

  public Timer.Sample startReconcile() {
    return Timer.start(registry);
  }

  public void reconciled(Timer.Sample sample, DeclarationIdentity declaration, String outcome) {
    Tags tags = declaration == null ? Tags.of("namespace", "", "declaration", "") : tags(declaration);
    sample.stop(Timer.builder("flinkstack.reconcile").description("One reconcile pass of one declaration")
        .tags(tags.and("outcome", outcome)).register(registry));
  }

  private static Tags tags(DeclarationIdentity declaration) {
    return Tags.of("namespace", declaration.namespace(), "declaration", declaration.source().name());
  }
}
