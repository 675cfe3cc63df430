package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.constructs.bridge.ManifestObjects;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterSpec;
import io.flinkstack.constructs.manifests.NetworkReachability;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.ClusterNames;
import java.util.List;
import software.constructs.Construct;

/**
 * What {@link FlinkApplication} and {@link FlinkSessionCluster} share: a validated cluster whose objects
 * are built once and handed to cdk8s together with the construct, in one JSII call (round trips dominate
 * synthesis time).
 */
public abstract class FlinkCluster extends ManifestObjects {
  private final ClusterSpec spec;
  private final List<HasMetadata> manifests;

  FlinkCluster(Construct scope, String id, AppPeers.Admission admission, ClusterSpec spec) {
    // Reachability is checked on the objects themselves, so a podTemplate that relabels pods is caught too.
    this(scope, id, spec, NetworkReachability.checked(spec, List.copyOf(ApplicationManifests.build(spec)),
        () -> ConstructPaths.of(scope, id)));
    admission.joined(spec, () -> getNode().getPath());
  }

  private FlinkCluster(Construct scope, String id, ClusterSpec spec, List<HasMetadata> manifests) {
    super(scope, id, ManifestJson.write(manifests));
    this.spec = spec;
    this.manifests = manifests;
  }

  /** The base name of every object. */
  public String getName() {
    return spec.name();
  }

  /** The Service in front of the JobManager's REST API and web UI (port 8081). */
  public String getRestServiceName() {
    return ClusterNames.restService(spec.name());
  }

  /** The objects handed to cdk8s, in order (fabric8 model; changing them changes nothing). */
  public List<HasMetadata> getManifests() {
    return manifests;
  }

  /**
   * The workloads among {@link #getManifests()} whose replica count belongs to this cluster's
   * HorizontalPodAutoscaler: the TaskManager StatefulSet when autoscaling is declared, else none. They carry no
   * {@code replicas}; whoever applies the objects must leave the live count alone on updates.
   */
  public List<HasMetadata> getAutoscaledWorkloads() {
    if (!spec.autoscaled()) {
      return List.of();
    }
    String taskManagers = ClusterNames.taskManager(spec.name());
    return manifests.stream()
        .filter(o -> o instanceof StatefulSet && o.getMetadata().getName().equals(taskManagers))
        .toList();
  }

  ClusterSpec spec() {
    return spec;
  }
}
