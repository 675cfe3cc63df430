package io.flinkstack.controller.kubernetes;

/** A call to the Kubernetes API failed; the message names the call and the API server's answer. */
public class KubernetesGatewayException extends RuntimeException {
  private final int status;

  public KubernetesGatewayException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the API server did not answer. */
  public int status() {
    return status;
  }
}
