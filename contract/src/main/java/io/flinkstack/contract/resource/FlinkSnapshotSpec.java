package io.flinkstack.contract.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Locale;

/** Which snapshot of which job. The whole spec is fixed once created: another snapshot is another object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "a FlinkSnapshot's spec cannot change; create another FlinkSnapshot")
@ValidationRule(value = "!has(self.type) || self.type != 'checkpoint' || !has(self.format)",
    message = "format is for savepoints; a checkpoint is in the state backend's own format", fieldPath = ".format")
@ValidationRule(value = "!has(self.checkpointType) || (has(self.type) && self.type == 'checkpoint')",
    message = "checkpointType is for checkpoints; a savepoint's counterpart is format", fieldPath = ".checkpointType")
@ValidationRule(value = "!has(self.path) || !has(self.type) || self.type == 'savepoint'",
    message = "path records an existing savepoint; leave it out for a checkpoint", fieldPath = ".path")
@ValidationRule(value = "!has(self.disposeOnDelete) || !self.disposeOnDelete || !has(self.type) || self.type != 'checkpoint'",
    message = "disposeOnDelete is for savepoints: Flink deletes its checkpoints itself (state.checkpoints.num-retained)",
    fieldPath = ".disposeOnDelete")
public class FlinkSnapshotSpec {
  @Required
  @Pattern(Wire.DNS_LABEL)
  @JsonPropertyDescription("The FlinkJob, in this namespace.")
  public String job;

  @JsonPropertyDescription("savepoint (default) or checkpoint.")
  public Type type;

  @JsonPropertyDescription("A savepoint's format: canonical (default; portable across state backends) or native.")
  public Format format;

  @JsonPropertyDescription("A checkpoint's type: configured (default; incremental when the job's state backend is, as"
      + " RocksDB with execution.checkpointing.incremental), full (all state written anew, shared with no earlier"
      + " checkpoint) or incremental (Flink 1.17 and 1.18 only, where it is a regular checkpoint; Flink 1.19 and later"
      + " refuse it, FLINK-33723, and so does the controller). Flink 1.17 or later.")

  public CheckpointType checkpointType;

  @JsonPropertyDescription("An existing savepoint to record; the controller then triggers nothing.")
  public String path;

  @JsonPropertyDescription("Dispose the savepoint when this object is deleted (default false).")
  public Boolean disposeOnDelete;

  /** What kind of snapshot. */
  public enum Type {
    SAVEPOINT,
    CHECKPOINT;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A checkpoint's type, as Flink's {@code POST /jobs/:jobid/checkpoints} names it ({@code checkpointType}). */
  public enum CheckpointType {
    CONFIGURED,
    FULL,
    INCREMENTAL;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A savepoint's format. */
  public enum Format {
    CANONICAL,
    NATIVE;

    @JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
