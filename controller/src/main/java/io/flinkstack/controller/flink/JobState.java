package io.flinkstack.controller.flink;

/** Flink's job status, plus {@link #UNKNOWN} for a state this client does not know (newer Flink). */
public enum JobState {
  INITIALIZING,
  CREATED,
  RUNNING,
  FAILING,
  FAILED,
  CANCELLING,
  CANCELED,
  FINISHED,
  RESTARTING,
  SUSPENDED,
  RECONCILING,
  UNKNOWN;

  /** Parses Flink's spelling; never throws, so a newer Flink cannot break status reads. */
  public static JobState of(String text) {
    for (JobState state : values()) {
      if (state.name().equals(text)) {
        return state;
      }
    }
    return UNKNOWN;
  }

  /** The job will not run again on this cluster (Flink's "globally terminal"). */
  public boolean isGloballyTerminal() {
    return this == FAILED || this == CANCELED || this == FINISHED;
  }
}
