package io.flinkstack.controller.kubernetes;

/**
 * A status write lost the optimistic-concurrency race (HTTP 409): someone else wrote the status after this
 * controller read it. The controller must drop what it read and act on nothing from it.
 */
public final class StatusConflictException extends KubernetesGatewayException {
  /** Found without asking the API server to write (the object is gone, or has a status already). */
  public StatusConflictException(String message) {
    super(message, 409, null);
  }

  public StatusConflictException(String message, Throwable cause) {
    super(message, 409, cause);
  }
}
