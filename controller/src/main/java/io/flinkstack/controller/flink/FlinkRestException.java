package io.flinkstack.controller.flink;

import java.util.List;

/**
 * The JobManager answered, but with an HTTP error (or with a body this client cannot read). Carries the
 * status and Flink's {@code errors} array, whose entries are often whole server-side stack traces.
 */
public final class FlinkRestException extends FlinkClientException {
  private static final String SERVER_SIDE_EXCEPTION = "<Exception on server side:";

  private final int status;
  private final List<String> errors;

  FlinkRestException(String method, String path, int status, List<String> errors) {
    super(method, path, "HTTP " + status + ": " + summary(errors), null);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  FlinkRestException(String method, String path, int status, String message, Throwable cause) {
    super(method, path, "HTTP " + status + ": " + message, cause);
    this.status = status;
    this.errors = List.of(message);
  }

  public int status() {
    return status;
  }

  /** Flink's {@code errors} entries, verbatim. */
  public List<String> errors() {
    return errors;
  }

  /** Whether Flink said the addressed resource (job, jar, trigger id) does not exist. */
  public boolean isNotFound() {
    return status == 404;
  }

  /**
   * Flink refused a jar run because a job with the requested id exists already: for a controller that
   * resubmits under a job id it recorded, this means its earlier submission went through.
   */
  public boolean isDuplicateJobSubmission() {
    return errors.stream().anyMatch(error -> error.contains("DuplicateJobSubmissionException"));
  }

  // Flink's errors are often whole stack traces (on HTTP 500 wrapped in "<Exception on server side: … >",
  // on 400 bare); what a person needs is the exception lines, not the frames.
  private static String summary(List<String> errors) {
    if (errors.isEmpty()) {
      return "(no error text)";
    }
    StringBuilder text = new StringBuilder();
    for (String error : errors) {
      String trace = error.startsWith(SERVER_SIDE_EXCEPTION) ? error.substring(SERVER_SIDE_EXCEPTION.length()) : error;
      String readable =
          trace.contains("\n\tat ") ? Responses.causeChain(trace) : trace.lines().findFirst().orElse("").strip();
      if (!readable.isEmpty()) {
        text.append(text.isEmpty() ? "" : " | ").append(readable);
      }
    }
    return text.toString();
  }
}
