package io.flinkstack.controller.flink;

/**
 * The newest entry of a job's exception history ({@code GET /jobs/:id/exceptions}, {@code exceptionHistory.entries}):
 * what made Flink fail or restart the job last. Only the first line of Flink's stack trace is kept (the exception
 * and its message); the rest belongs in the JobManager's log, not in a status or an Event.
 *
 * @param exceptionName the exception's class, as Flink names it
 * @param message the first line of its stack trace ({@code <class>: <message>})
 * @param taskName the failing task, when one failed (null for a global failure)
 * @param timestamp epoch milliseconds
 */
public record JobFailure(String exceptionName, String message, String taskName, long timestamp) {

  /** In a few words, for a status message or an Event: {@code <first line> (in <task>)}. */
  public String describe() {
    return message + (taskName == null ? "" : " (in " + taskName + ")");
  }
}
