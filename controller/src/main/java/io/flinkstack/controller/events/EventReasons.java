package io.flinkstack.controller.events;

/** The {@code reason} of every Event the controller records (what {@code kubectl get events} shows). */
public final class EventReasons {
  public static final String SAVEPOINT_TRIGGERED = "SavepointTriggered";
  public static final String SAVEPOINT_RESUMED = "SavepointResumed";
  public static final String SAVEPOINT_COMPLETED = "SavepointCompleted";
  public static final String SAVEPOINT_FAILED = "SavepointFailed";
  public static final String SAVEPOINT_FORGOTTEN = "SavepointForgotten";
  public static final String SAVEPOINT_DISPOSED = "SavepointDisposed";
  public static final String SAVEPOINT_DISPOSAL_FAILED = "SavepointDisposalFailed";
  public static final String JOBMANAGER_UNREACHABLE = "JobManagerUnreachable";
  public static final String JOBMANAGER_REACHABLE = "JobManagerReachable";
  public static final String DECLARATION_INVALID = "DeclarationInvalid";

  private EventReasons() {}
}
