package io.flinkstack.schemas;

import java.util.Objects;

/**
 * One way in which a Kubernetes object breaks its schema.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending value, e.g.
 *     {@code /spec/template/spec/containers/0/ports/0/containerPort}. For an unknown property it points at
 *     the property itself ({@code /spec/replica}); for a missing required property, at the object that
 *     lacks it. The empty string means the whole object.
 * @param message human-readable explanation, as worded by the schema validator
 */
public record Violation(String pointer, String message) {
  public Violation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return pointer.isEmpty() ? message : pointer + ": " + message;
  }
}
