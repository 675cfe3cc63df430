package io.flinkstack.controller.events;

import io.flinkstack.controller.kubernetes.KubernetesEvent;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.KubernetesGatewayException;
import io.flinkstack.controller.kubernetes.ObjectRef;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events about declarations: Normal for every action that succeeded, Warning for every failure. An Event
 * that cannot be written is logged and dropped: Events are for people, the status is the record, and a
 * failed Event must not undo or repeat an action.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesGateway kubernetes;
  private final Clock clock;

  public EventRecorder(KubernetesGateway kubernetes, Clock clock) {
    this.kubernetes = kubernetes;
    this.clock = clock;
  }

  public void normal(ObjectRef about, String reason, String message) {
    record(about, KubernetesEvent.Type.NORMAL, reason, message);
  }

  public void warning(ObjectRef about, String reason, String message) {
    record(about, KubernetesEvent.Type.WARNING, reason, message);
  }

  private void record(ObjectRef about, KubernetesEvent.Type type, String reason, String message) {
    LOG.info("{} {}/{}: {} {}", type.text(), about.namespace(), about.name(), reason, message);
    try {
      kubernetes.recordEvent(new KubernetesEvent(about, type, reason, message, clock.instant()));
    } catch (KubernetesGatewayException e) {
      LOG.warn("could not record Event {} about {}/{}: {}", reason, about.namespace(), about.name(), e.getMessage());
    }
  }
}
