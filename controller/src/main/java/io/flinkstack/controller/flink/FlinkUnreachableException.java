package io.flinkstack.controller.flink;

/**
 * No answer from the JobManager: connection refused, reset, or no response within the timeout. The
 * cluster's state is unknown, so a controller must not act on it (no upgrade, no resubmit) until a call
 * succeeds again.
 */
public final class FlinkUnreachableException extends FlinkClientException {
  FlinkUnreachableException(String method, String path, String message, Throwable cause) {
    super(method, path, message, cause);
  }
}
