package io.flinkstack.contract.resource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The job of a Flink cluster that flinkstack's runtime controller keeps alive: an application cluster's own job, or a
 * jar or SQL job of a session cluster. What the job is and how its state is kept is the spec; what the controller
 * observed and did is the status, written through the status subresource.
 */
@Group(FlinkJob.GROUP)
@Version(FlinkJob.VERSION)
@Kind("FlinkJob")
@Plural("flinkjobs")
@Singular("flinkjob")
@ShortNames("fj")
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.cluster", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Job", jsonPath = ".status.jobState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Lifecycle", jsonPath = ".status.lifecycle", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Parallelism", jsonPath = ".status.parallelism",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last savepoint", jsonPath = ".status.lastSavepoint.path",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FlinkJob extends CustomResource<FlinkJobSpec, FlinkJobStatus> implements Namespaced {
  public static final String GROUP = "flinkstack.io";
  public static final String VERSION = "v1alpha1";

  /**
   * The runtime controller's finalizer on every FlinkJob it acts on: a deleted FlinkJob stays (marked for deletion)
   * until the controller has stopped a session job with a savepoint, or recorded the last savepoint of an application,
   * in a FlinkSnapshot that outlives it.
   */
  public static final String FINAL_SAVEPOINT_FINALIZER = "flinkstack.io/final-savepoint";

  /**
   * Set to {@value #SKIP} on a FlinkJob, deleting it stops nothing and records nothing first (the controller takes its
   * finalizer off, or never puts it on).
   */
  public static final String FINAL_SAVEPOINT_ANNOTATION = "flinkstack.io/final-savepoint";

  /** The value of {@link #FINAL_SAVEPOINT_ANNOTATION} that skips the final savepoint. */
  public static final String SKIP = "skip";
}
