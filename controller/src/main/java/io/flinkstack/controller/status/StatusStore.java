package io.flinkstack.controller.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobStatus;
import io.flinkstack.controller.declaration.DeclarationIdentity;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.StatusConflictException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes a job's {@link RuntimeStatus} in its FlinkJob's status ({@code status.runtime}, with the summary
 * fields and conditions derived from it: {@link JobConditions}), every write through the status subresource and
 * conditional on the resource version read. The spec is never written.
 *
 * <p>Deleting a FlinkJob deletes its status with it, savepoint history included (unlike the status ConfigMaps of
 * flinkstack 0.x before the custom resources, which outlived their declaration).
 */
public final class StatusStore {
  private static final KubernetesSerialization COPIES = new KubernetesSerialization();

  private final KubernetesGateway kubernetes;
  private final Clock clock;

  public StatusStore(KubernetesGateway kubernetes) {
    this(kubernetes, Clock.systemUTC());
  }

  /** @param clock for the conditions' transition times */
  public StatusStore(KubernetesGateway kubernetes, Clock clock) {
    this.kubernetes = kubernetes;
    this.clock = clock;
  }

  /** The status stored in {@code job} (as listed), or {@code initial} (not stored) when it has none yet. */
  public VersionedStatus read(FlinkJob job, RuntimeStatus initial) {
    FlinkJobStatus stored = job.getStatus();
    if (stored == null || stored.runtime == null) {
      return new VersionedStatus(initial, job);
    }
    return new VersionedStatus(RuntimeStatusJson.read(stored.runtime), job);
  }

  /** The status as the API server has it now (one GET), or {@code initial} when it has none yet. */
  public VersionedStatus read(DeclarationIdentity declaration, RuntimeStatus initial) {
    return read(fetch(declaration), initial);
  }

  /**
   * Stores {@code next} in place of {@code current}. Nothing is written when nothing changed (a status that exists
   * already, with the same conditions).
   *
   * @throws StatusConflictException when the object is no longer the version {@code current} was read from (a status
   *     write, or a change of its spec), or when {@code current} was not read and the object has a status already
   */
  public VersionedStatus write(DeclarationIdentity declaration, VersionedStatus current, RuntimeStatus next) {
    FlinkJob base = current.object();
    if (base == null) {
      base = fetch(declaration);
      if (base.getStatus() != null && base.getStatus().runtime != null) {
        throw new StatusConflictException("FlinkJob " + declaration + " has a status already; read it first");
      }
    }
    FlinkJobStatus status = status(base, next, Optional.empty());
    if (current.stored() && current.status().equals(next) && sameConditions(base.getStatus(), status)) {
      return current;
    }
    return new VersionedStatus(next, store(base, status));
  }

  /**
   * Marks a job whose spec cannot be acted on ({@code Stalled}, naming the problem), keeping its record as it is.
   * Writes nothing when it is marked so already.
   */
  public FlinkJob markInvalid(FlinkJob job, String problem) {
    RuntimeStatus record = job.getStatus() == null || job.getStatus().runtime == null ? null
        : RuntimeStatusJson.read(job.getStatus().runtime);
    FlinkJobStatus status = status(job, record, Optional.of(problem));
    if (sameConditions(job.getStatus(), status)) {
      return job;
    }
    return store(job, status);
  }

  private FlinkJob store(FlinkJob base, FlinkJobStatus status) {
    FlinkJob copy = COPIES.clone(base);
    copy.setStatus(status);
    return kubernetes.writeFlinkJobStatus(copy);
  }

  private FlinkJob fetch(DeclarationIdentity declaration) {
    return kubernetes.flinkJob(declaration.namespace(), declaration.source().name())
        .orElseThrow(() -> new StatusConflictException("FlinkJob " + declaration + " no longer exists"));
  }

  /** The whole status subresource: summary, conditions and the record ({@code null} record: none yet). */
  private FlinkJobStatus status(FlinkJob job, RuntimeStatus record, Optional<String> invalid) {
    FlinkJobStatus before = job.getStatus();
    Long generation = job.getMetadata().getGeneration();
    FlinkJobStatus status = new FlinkJobStatus();
    status.observedGeneration = generation;
    status.conditions = JobConditions.of(record, invalid, generation,
        before == null || before.conditions == null ? List.of() : before.conditions, clock.instant());
    if (record != null) {
      status.jobId = record.jobId();
      status.jobState = record.jobState();
      status.lifecycle = record.lifecycle() == null ? null : record.lifecycle().name();
      status.parallelism = parallelism(record, job);
      status.lastSavepoint = reference(record.lastSavepoint());
      status.runtime = RuntimeStatusJson.write(record);
    }
    return status;
  }

  /** What the job was last deployed or rescaled at; the declared parallelism before that. */
  private static Integer parallelism(RuntimeStatus record, FlinkJob job) {
    if (record.lastRescale() != null && record.lastRescale().to() != null
        && "succeeded".equals(record.lastRescale().outcome())) {
      return record.lastRescale().to();
    }
    return job.getSpec() == null ? null : job.getSpec().parallelism;
  }

  private static FlinkJobStatus.SnapshotReference reference(SavepointInfo savepoint) {
    if (savepoint == null) {
      return null;
    }
    FlinkJobStatus.SnapshotReference reference = new FlinkJobStatus.SnapshotReference();
    reference.path = savepoint.path();
    reference.time = savepoint.time() == null ? null
        : DateTimeFormatter.ISO_INSTANT.format(savepoint.time().truncatedTo(ChronoUnit.SECONDS));
    return reference;
  }

  private static boolean sameConditions(FlinkJobStatus stored, FlinkJobStatus next) {
    if (stored == null || !Objects.equals(stored.observedGeneration, next.observedGeneration)) {
      return false;
    }
    List<Condition> before = stored.conditions == null ? List.of() : stored.conditions;
    return before.equals(next.conditions);
  }
}
