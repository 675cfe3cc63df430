package io.flinkstack.contract.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the controller observed and did, written through the status subresource with the object's resourceVersion
 * (optimistic concurrency). The conditions follow Kubernetes' conventions, so that {@code kubectl wait
 * --for=condition=Ready}, Argo CD and Flux (kstatus: {@code Ready}, {@code Reconciling}, {@code Stalled} with {@code
 * observedGeneration}) can judge the job without knowing Flink.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FlinkJobStatus {
  /** Condition type: the job runs as declared (or is suspended as declared). */
  public static final String READY = "Ready";
  /** Condition type: the controller is working towards the spec (an upgrade, a savepoint, a rescale). */
  public static final String RECONCILING = "Reconciling";
  /** Condition type: the controller cannot make progress without a change (bad input, a failing job). */
  public static final String STALLED = "Stalled";

  @JsonPropertyDescription("The metadata.generation the status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling and Stalled, as kstatus reads them.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Flink's job id.")
  public String jobId;

  @JsonPropertyDescription("The job's state as Flink reports it (RUNNING, FAILED, ...).")
  public String jobState;

  @JsonPropertyDescription("Where the job is in its lifecycle (CREATED, RUNNING, UPGRADING, SUSPENDED, ...).")
  public String lifecycle;

  @JsonPropertyDescription("The parallelism the job runs at.")
  public Integer parallelism;

  @JsonPropertyDescription("The newest completed savepoint.")
  public SnapshotReference lastSavepoint;

  @PreserveUnknownFields
  @JsonPropertyDescription("The controller's write-ahead record (operations in flight, savepoint history); not for"
      + " editing.")
  public Object runtime;

  /** A completed savepoint or checkpoint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SnapshotReference {
    @JsonPropertyDescription("Where Flink wrote it.")
    public String path;

    @JsonPropertyDescription("When it completed (RFC 3339).")
    public String time;
  }
}
