package io.flinkstack.controller.kubernetes;

import java.time.Instant;

/**
 * An Event about one object.
 *
 * @param reason a CamelCase word for what happened, e.g. {@code SavepointCompleted}
 * @param message one line for a person
 */
public record KubernetesEvent(ObjectRef about, Type type, String reason, String message, Instant time) {
  public enum Type {
    /** Something the controller did succeeded. */
    NORMAL("Normal"),
    /** Something failed or needs attention. */
    WARNING("Warning");

    private final String text;

    Type(String text) {
      this.text = text;
    }

    /** As Kubernetes spells it. */
    public String text() {
      return text;
    }
  }
}
