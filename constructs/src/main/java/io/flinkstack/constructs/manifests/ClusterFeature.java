package io.flinkstack.constructs.manifests;

import io.flinkstack.constructs.validation.Problems;
import java.util.List;

/**
 * One production feature of a cluster (high availability, local recovery, state storage, autoscaling, metrics,
 * security, Ingress, the runtime controller's upgrades, the application's job): the one file that knows it checks
 * its own properties and applies itself to the cluster model. A cluster is resolved by a loop over {@link #ALL}:
 * every check first (every problem reported at once), then, for a valid cluster, every apply in the same order.
 */
interface ClusterFeature {
  /**
   * In the order they are applied: later features read what earlier ones put in the model (security sees every
   * volume, the controller's upgrade gate every workload, the job feature the final configuration).
   */
  List<ClusterFeature> ALL = List.of(HighAvailabilityFeature.INSTANCE, LocalRecoveryFeature.INSTANCE,
      StateStorageFeature.INSTANCE, AutoscalingFeature.INSTANCE, MetricsFeature.INSTANCE, SecurityFeature.INSTANCE,
      IngressFeature.INSTANCE, ControllerUpgradeFeature.INSTANCE, ControllerAutoscalerFeature.INSTANCE,
      ApplicationJobFeature.INSTANCE);

  /** Adds a problem for each of this feature's properties that is wrong, naming the field and the fix. */
  void check(FeatureCheck in, Problems problems);

  /** Adds the feature's objects and settings to the model of a valid standalone cluster. */
  void apply(ClusterModel m);
}
