package io.flinkstack.controller.flink;

/**
 * An {@code await…} convenience gave up at its deadline; the operation or job may still get there. Not a
 * {@link FlinkClientException}: every call succeeded, the awaited condition just did not hold in time.
 */
public final class FlinkAwaitTimeoutException extends RuntimeException {
  FlinkAwaitTimeoutException(String message) {
    super(message);
  }
}
