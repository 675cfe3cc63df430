package io.flinkstack.controller.flink;

/**
 * A call to Flink's REST API did not give an answer the caller can use. The two kinds need different
 * reactions from the controller, so they are separate types: {@link FlinkRestException} (the JobManager
 * answered, with an error) and {@link FlinkUnreachableException} (no answer at all: only observe, change
 * nothing).
 */
public abstract sealed class FlinkClientException extends RuntimeException
    permits FlinkRestException, FlinkUnreachableException {
  private final String method;
  private final String path;

  FlinkClientException(String method, String path, String message, Throwable cause) {
    super(method + " " + path + ": " + message, cause);
    this.method = method;
    this.path = path;
  }

  /** The HTTP method of the failed call. */
  public String method() {
    return method;
  }

  /** The path of the failed call, relative to the REST URL (e.g. {@code /jobs/<id>/savepoints}). */
  public String path() {
    return path;
  }
}
