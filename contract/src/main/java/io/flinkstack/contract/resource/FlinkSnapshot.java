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
 * One savepoint or checkpoint of a {@link FlinkJob}: created to ask for it (declaratively, instead of changing a
 * nonce), or to record one that exists; its status carries the path once Flink wrote it, and deleting the object
 * disposes the savepoint when the spec says so.
 */
@Group(FlinkJob.GROUP)
@Version(FlinkJob.VERSION)
@Kind("FlinkSnapshot")
@Plural("flinksnapshots")
@Singular("flinksnapshot")
@ShortNames("fsnap")
@AdditionalPrinterColumn(name = "Job", jsonPath = ".spec.job", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Path", jsonPath = ".status.path", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FlinkSnapshot extends CustomResource<FlinkSnapshotSpec, FlinkSnapshotStatus> implements Namespaced {
  /**
   * The runtime controller's finalizer on a FlinkSnapshot with {@code disposeOnDelete}: the object stays, marked for
   * deletion, until the controller has disposed its savepoint (or found there is nothing to dispose).
   */
  public static final String DISPOSE_FINALIZER = "flinkstack.io/dispose-savepoint";
}
