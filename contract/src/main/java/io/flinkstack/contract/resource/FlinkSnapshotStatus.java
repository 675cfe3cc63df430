package io.flinkstack.contract.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where the snapshot is: asked for, in progress, written (with its path), failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FlinkSnapshotStatus {
  @JsonPropertyDescription("The metadata.generation the status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("pending, in-progress, completed, failed or abandoned.")
  public State state;

  @JsonPropertyDescription("The trigger id the controller chose before asking Flink (write-ahead).")
  public String triggerId;

  @JsonPropertyDescription("Where Flink wrote the snapshot, once completed.")
  public String path;

  @JsonPropertyDescription("When the controller asked Flink (RFC 3339).")
  public String triggerTime;

  @JsonPropertyDescription("When the snapshot completed or failed (RFC 3339).")
  public String resultTime;

  @JsonPropertyDescription("Why it failed.")
  public String error;

  @JsonPropertyDescription("Ready when completed; Stalled when failed.")
  public List<Condition> conditions = new ArrayList<>();

  /** A snapshot's progress. */
  public enum State {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    /** The job went away (or its JobManager forgot the trigger) before the snapshot completed. */
    ABANDONED;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
