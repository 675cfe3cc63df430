package io.flinkstack.controller.deletion;

import io.flinkstack.controller.hashing.Sha256;
import io.flinkstack.contract.SavepointInfo;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkSnapshot;
import io.flinkstack.controller.events.EventReasons;
import io.flinkstack.controller.events.EventRecorder;
import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.kubernetes.Finalizers;
import io.flinkstack.controller.kubernetes.KubernetesGateway;
import io.flinkstack.controller.kubernetes.ObjectRef;
import io.flinkstack.controller.snapshot.SnapshotKeeper;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of a FlinkJob's deletion: the controller's finalizer on and off, and the FlinkSnapshot that records the
 * job's last savepoint so its path outlives the FlinkJob (whose status, savepoint history included, goes with it).
 * The FlinkSnapshot is named after the job and the savepoint's path ({@code <job>-final-<10 hex digits>}), so a
 * controller that stopped after creating it and before the finalizer came off finds it and does not create another.
 */
public final class FinalSavepoint {
  private static final Logger LOG = LoggerFactory.getLogger(FinalSavepoint.class);

  private final KubernetesGateway kubernetes;
  private final EventRecorder events;
  private final Clock clock;

  public FinalSavepoint(KubernetesGateway kubernetes, EventRecorder events, Clock clock) {
    this.kubernetes = kubernetes;
    this.events = events;
    this.clock = clock;
  }

  public static boolean deleting(FlinkJob job) {
    return job.getMetadata().getDeletionTimestamp() != null;
  }

  public static boolean skip(FlinkJob job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations != null && FlinkJob.SKIP.equals(annotations.get(FlinkJob.FINAL_SAVEPOINT_ANNOTATION));
  }

  static boolean hasFinalizer(FlinkJob job) {
    return Finalizers.has(job, FlinkJob.FINAL_SAVEPOINT_FINALIZER);
  }

  /**
   * Puts the finalizer on a FlinkJob that is not being deleted and does not skip the final savepoint.
   *
   * @return the FlinkJob as stored now (its resource version changed if the finalizer went on)
   */
  public FlinkJob ensureFinalizer(FlinkJob job) {
    if (deleting(job) || skip(job) || hasFinalizer(job)) {
      return job;
    }
    FlinkJob written = kubernetes.updateFlinkJob(Finalizers.with(job, FlinkJob.FINAL_SAVEPOINT_FINALIZER, true));
    return written != null ? written : job;
  }

  /**
   * Records the decision's savepoint in a FlinkSnapshot (if there is one), cancels the job it names (if any), and takes
   * the finalizer off {@code job} (the object as last written, with its resource version).
   */
  public void release(FlinkJob job, FinalSavepointDecision.Release release, FlinkRestClient flink, ObjectRef ref) {
    if (release.cancelJobId() != null && flink != null) {
      try {
        flink.cancel(release.cancelJobId());
      } catch (FlinkClientException e) {
        LOG.info("{}/{}: cancelling {}: {} (already ended?)", job.getMetadata().getNamespace(), job.getMetadata().getName(),
            release.cancelJobId(), e.getMessage());
      }
    }
    String recorded = release.savepoint() == null ? null : record(job, release.savepoint());
    String message = "FlinkJob deleted: " + release.reason()
        + (recorded == null ? "" : "; savepoint " + release.savepoint().path() + " is recorded in FlinkSnapshot " + recorded);
    if (release.warning()) {
      events.warning(ref, EventReasons.FINAL_SAVEPOINT_MISSING, message);
    } else {
      events.normal(ref, EventReasons.FINAL_SAVEPOINT, message);
    }
    removeFinalizer(job);
  }

  /** Takes the finalizer off a FlinkJob being deleted whose spec cannot be read (nothing can be stopped for it). */
  public void releaseInvalid(FlinkJob job, ObjectRef ref, String problem) {
    events.warning(ref, EventReasons.FINAL_SAVEPOINT_MISSING, "FlinkJob deleted while its spec cannot be read (" + problem
        + "): nothing was stopped or recorded");
    removeFinalizer(job);
  }

  private void removeFinalizer(FlinkJob job) {
    if (hasFinalizer(job)) {
      kubernetes.updateFlinkJob(Finalizers.with(job, FlinkJob.FINAL_SAVEPOINT_FINALIZER, false));
    }
  }

  /** The FlinkSnapshot's name, created if it is not there yet. */
  private String record(FlinkJob job, SavepointInfo savepoint) {
    String namespace = job.getMetadata().getNamespace();
    String jobName = job.getMetadata().getName();
    String name = snapshotName(jobName, savepoint.path());
    Optional<FlinkSnapshot> existing = kubernetes.flinkSnapshots(namespace, jobName).stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals(name)).findFirst();
    if (existing.isPresent()) {
      return name;
    }
    // No owner: it outlives the FlinkJob (that is what it is for).
    SnapshotKeeper.createRecord(kubernetes, clock, namespace, jobName, name, savepoint, Map.of(), null);
    return name;
  }

  static String snapshotName(String job, String path) {
    return job + "-final-" + Sha256.hex(path).substring(0, 10);
  }

}
