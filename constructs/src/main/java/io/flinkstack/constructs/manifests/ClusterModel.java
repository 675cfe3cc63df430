package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One cluster's objects while they are being put together: each feature (HA, local recovery, storage,
 * autoscaling, security…) adds configuration keys, pod parts and objects here, and {@link
 * ApplicationManifests} assembles the result. Mutable, and never seen outside this package.
 */
final class ClusterModel {
  /** What a feature adds to the JobManager or the TaskManager pods. */
  static final class PodParts {
    /** {@code key=value} pairs passed as {@code -D key=value}: for values that must not be in the ConfigMap. */
    final List<String> dynamicProperties = new ArrayList<>();
    final List<EnvVar> env = new ArrayList<>();
    final List<Volume> volumes = new ArrayList<>();
    final List<VolumeMount> volumeMounts = new ArrayList<>();
    final List<ContainerPort> ports = new ArrayList<>();
    final List<Container> initContainers = new ArrayList<>();
    final List<Container> sidecars = new ArrayList<>();
    final SortedMap<String, String> annotations = new TreeMap<>();
  }

  final ClusterSpec spec;
  /** Derived Flink configuration; the user's flinkConfiguration is applied over it last. */
  final SortedMap<String, String> config = new TreeMap<>();
  final PodParts jobManager = new PodParts();
  final PodParts taskManager = new PodParts();
  /** Applied before the workloads: RBAC, claims. */
  final List<HasMetadata> prerequisites = new ArrayList<>();
  /** Applied after the workloads: autoscaler, disruption budgets, network policy, ingress. */
  final List<HasMetadata> policies = new ArrayList<>();
  final List<PersistentVolumeClaim> taskManagerClaimTemplates = new ArrayList<>();
  /** Only HA talks to the API server; every other pod runs without a token. */
  boolean mountServiceAccountToken;
  /**
   * Both StatefulSets roll behind the upgrade gate (partition {@code UpgradeGate.CLOSED}): the runtime controller
   * opens it and rolls the pods (see ControllerUpgradeFeature).
   */
  boolean gatedUpdates;
  /** The application JobManager's start script gives the job an id per deployment (HA, see HighAvailabilityFeature). */
  boolean jobIdPerDeployment;
  /**
   * Configuration keys of stores the start script gives a location per deployment, the id of {@link #jobIdPerDeployment}
   * appended to the base location here, which has no last slash (Flink 2.3's result stores, see HighAvailabilityFeature).
   */
  final Map<String, String> storesPerDeployment = new LinkedHashMap<>();

  ClusterModel(ClusterSpec spec) {
    this.spec = spec;
  }

  void bothPods(Consumer<PodParts> change) {
    change.accept(jobManager);
    change.accept(taskManager);
  }
}
