package io.flinkstack.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a job should run: what a declaration asks for, not what Flink reports (that is the job status the
 * runtime controller observes). Declarations carry {@link #toString()}: {@code running}, {@code suspended}.
 */
public enum DesiredState {
  RUNNING,
  /** Stopped with a savepoint; resuming restores from it. */
  SUSPENDED;

  /** The wire spelling: {@code running}, {@code suspended}. */
  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
