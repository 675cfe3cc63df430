package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flinkstack.constructs.ControllerAutoscaler;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.AutoscalerDeclaration;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.SessionJobs;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.contract.resource.FlinkJobSpec;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@link FlinkJob}s that declare jobs to flinkstack's runtime controller (standalone backend): an application
 * cluster's job, named like the cluster, and a session job's, named like the job; {@code spec.cluster} names the
 * cluster that runs it. Built from the contract's types, so the objects are what the generated CRD describes.
 */
public final class FlinkJobs {
  /** {@code apiVersion} of a FlinkJob: {@code flinkstack.io/v1alpha1}. */
  public static final String API_VERSION = FlinkJob.GROUP + "/" + FlinkJob.VERSION;
  public static final String KIND = "FlinkJob";

  private FlinkJobs() {}

  /**
   * An application cluster's job for the runtime controller: FlinkJob {@code <name>}, kind {@code application},
   * with the cluster's upgrade mode, desired state, savepoint policy, rescale bounds and controller autoscaler.
   */
  static FlinkJob application(ClusterSpec spec) {
    JobSettings job = spec.job();
    JobDeclaration declaration = new JobDeclaration(spec.name(), JobKind.APPLICATION, spec.jarUri(), spec.entryClass(),
        spec.args().isEmpty() ? null : spec.args(), spec.parallelism(),
        spec.upgradeMode(), job.getState(),
        job.getSavepointTriggerNonce(), job.getInitialSavepointPath(), job.getAllowNonRestoredState(),
        job.getSavepointInterval(), job.getSavepointHistoryMaxCount(), job.getSavepointHistoryMaxAge(),
        // The lower bound is at most the declared parallelism (the FlinkJob CRD refuses a parallelism below
        // parallelismMin): a job declared below the slots of the HPA's fewest TaskManagers may stay there.
        spec.rescaleMin() == null ? null : Math.min(spec.parallelism(), spec.rescaleMin()), spec.rescaleMax(),
        spec.rescaleMin() == null ? null : job.getSavepointBeforeScaleDown(),
        // The application cluster's jar is fetched by Flink (or the operator), not by the runtime controller.
        null, job.getRestartNonce(), job.getRedeployNonce(), null, job.getReadinessTimeout(),
        job.getRollback());
    ControllerAutoscaler autoscaler = spec.props() instanceof FlinkApplicationProps app ? app.getControllerAutoscaler() : null;
    return flinkJob(spec, declaration, autoscaler, null);
  }

  /** A session job's FlinkJob, named like the job ({@link JobDeclaration#name()}), of kind {@code jar} or {@code sql}. */
  public static FlinkJob sessionJob(ClusterSpec cluster, JobDeclaration job, ControllerAutoscaler autoscaler, String sql) {
    return flinkJob(cluster, job, autoscaler, sql);
  }

  /**
   * What {@code spec.autoscaler} holds: enabled, the mode in lower case, and only the fields that are set (the
   * runtime controller applies its defaults to the rest); vertex bounds sorted by vertex.
   */
  public static AutoscalerDeclaration autoscalerDeclaration(ControllerAutoscaler a) {
    return new AutoscalerDeclaration(true,
        a.getMode() == null ? null : a.getMode().name().toLowerCase(Locale.ROOT), a.getTargetUtilization(),
        a.getUtilizationBand(), trimmed(a.getCatchUpDuration()), trimmed(a.getRestartTime()), trimmed(a.getWindow()),
        trimmed(a.getInterval()), trimmed(a.getStabilization()), trimmed(a.getScaleDownDelay()),
        a.getScaleDownMinEvaluations(), a.getScaleUpMaxFactor(), a.getScaleDownMaxFactor(), a.getMaxParallelism(),
        a.getVertexBounds().isEmpty() ? null : vertexBounds(a.getVertexBounds()));
  }

  /** Sorted by vertex, each range written {@code min..max} (validation accepted white space around the numbers). */
  private static SortedMap<String, String> vertexBounds(java.util.Map<String, String> bounds) {
    SortedMap<String, String> sorted = new TreeMap<>();
    bounds.forEach((vertex, range) -> sorted.put(vertex, range.replaceAll("\\s+", "")));
    return sorted;
  }

  private static String trimmed(String s) {
    return s == null ? null : s.strip();
  }

  /** The labels of a cluster's FlinkJobs: the cluster's own and {@code flinkstack.io/session-cluster: <cluster>}. */
  public static SortedMap<String, String> labels(ClusterSpec cluster) {
    SortedMap<String, String> labels = ClusterLabels.labels(cluster, null);
    labels.put(SessionJobs.LABEL_SESSION_CLUSTER, cluster.name());
    return labels;
  }

  private static FlinkJob flinkJob(ClusterSpec cluster, JobDeclaration job, ControllerAutoscaler autoscaler,
      String sql) {
    FlinkJobSpec spec = new FlinkJobSpec();
    spec.cluster = cluster.name();
    spec.kind = job.kind();
    spec.jarUri = job.jarUri();
    spec.jarSha256 = job.jarSha256();
    spec.jarCredentials = job.jarCredentials();
    spec.entryClass = job.entryClass();
    spec.args = job.args() == null || job.args().isEmpty() ? null : job.args();
    spec.sqlStatements = sql == null ? null : sql.endsWith("\n") ? sql : sql + "\n";
    spec.parallelism = job.parallelism();
    spec.upgradeMode = job.upgradeMode();
    spec.state = job.state();
    spec.savepointTriggerNonce = job.savepointTriggerNonce();
    spec.restartNonce = job.restartNonce();
    spec.redeployNonce = job.redeployNonce();
    spec.initialSavepointPath = job.initialSavepointPath();
    spec.allowNonRestoredState = job.allowNonRestoredState();
    spec.savepointInterval = job.savepointInterval();
    spec.savepointHistoryMaxCount = job.savepointHistoryMaxCount();
    spec.savepointHistoryMaxAge = job.savepointHistoryMaxAge();
    spec.parallelismMin = job.parallelismMin();
    spec.parallelismMax = job.parallelismMax();
    spec.savepointBeforeScaleDown = job.savepointBeforeScaleDown();
    spec.readinessTimeout = job.readinessTimeout();
    spec.rollback = job.rollback();
    spec.autoscaler = autoscaler == null ? null : autoscalerDeclaration(autoscaler);
    FlinkJob flinkJob = new FlinkJob();
    flinkJob.setApiVersion(API_VERSION);
    flinkJob.setKind(KIND);
    flinkJob.setMetadata(new ObjectMetaBuilder().withName(job.name()).withLabels(labels(cluster)).build());
    flinkJob.setSpec(spec);
    flinkJob.setStatus(null); // the controller writes it, through the status subresource
    return flinkJob;
  }
}
