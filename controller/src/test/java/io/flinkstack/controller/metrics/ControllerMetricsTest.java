package io.flinkstack.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.contract.DeclarationKind;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.SavepointTrigger;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControllerMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ControllerMetrics metrics = new ControllerMetrics(registry);
  private final DeclarationIdentity orders = identity("team-a", "orders");
  private final DeclarationIdentity payments = identity("team-b", "payments");

  @Test
  void forgettingADeclarationRemovesEveryMeterTaggedWithItAndNoOther() {
    for (DeclarationIdentity each : new DeclarationIdentity[] {orders, payments}) {
      metrics.lifecycle(each, LifecycleState.STABLE);
      metrics.savepointCompleted(each, SavepointTrigger.PERIODIC, Duration.ofSeconds(3));
      metrics.savepointFailed(each, "timeout");
      metrics.reconciled(metrics.startReconcile(), each, "reconciled");
    }
    // Another owner's meter about the same declaration (the autoscaler tags its meters alike).
    registry.counter("flinkstack.autoscaler.decisions", "namespace", "team-a", "declaration", "orders");
    // Same name in another namespace, and meters about no declaration.
    registry.counter("flinkstack.autoscaler.decisions", "namespace", "team-b", "declaration", "orders");
    metrics.reconciled(metrics.startReconcile(), null, "invalid");
    registry.counter("process.unrelated");
    long paymentsMeters = countTagged("team-b", "payments");

    metrics.forget("team-a", "orders");

    assertThat(countTagged("team-a", "orders")).isZero();
    assertThat(countTagged("team-b", "payments")).isEqualTo(paymentsMeters);
    assertThat(countTagged("team-b", "orders")).isEqualTo(1);
    assertThat(registry.find("flinkstack.reconcile").tag("declaration", "").timer()).isNotNull();
    assertThat(registry.find("process.unrelated").counter()).isNotNull();
  }

  @Test
  void aForgottenDeclarationThatComesBackGetsItsLifecycleGaugesAgain() {
    metrics.lifecycle(orders, LifecycleState.STABLE);
    metrics.forget("team-a", "orders");

    metrics.lifecycle(orders, LifecycleState.FAILED);

    assertThat(registry.find("flinkstack.lifecycle.state").tag("declaration", "orders").gauges())
        .hasSize(LifecycleState.values().length);
    Gauge failed = registry.get("flinkstack.lifecycle.state").tag("declaration", "orders").tag("state", "FAILED").gauge();
    assertThat(failed.value()).isEqualTo(1.0);
  }

  private long countTagged(String namespace, String declaration) {
    return registry.getMeters().stream()
        .filter(meter -> namespace.equals(meter.getId().getTag("namespace")) && declaration.equals(meter.getId().getTag("declaration")))
        .count();
  }

  private static DeclarationIdentity identity(String namespace, String cluster) {
    return new DeclarationIdentity(new ObjectRef("flinkstack.io/v1alpha1", "FlinkJob", namespace, cluster, "uid-" + cluster),
        DeclarationKind.APPLICATION, cluster, cluster);
  }
}
