package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.LocalRecoveryStatefulSet;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.contract.Labels;

/**
 * TaskManagers that keep their state across restarts: a claim template gives each pod its own volume,
 * the pod name becomes the TaskManager resource id (so a restarted pod is the same TaskManager to Flink),
 * and the working directory, where local state lives, is on that volume.
 */
final class LocalRecoveryFeature {
  static final String VOLUME = "flink-data";
  static final String WORKING_DIR_KEY = "process.taskmanager.working-dir";

  private LocalRecoveryFeature() {}

  static String workingDir(LocalRecoveryStatefulSet lr) {
    return lr.getMountPath() + "/working-dir";
  }

  static void apply(ClusterModel m) {
    LocalRecoveryStatefulSet lr = m.spec.props().getLocalRecovery();
    if (lr == null) {
      return;
    }
    for (String key : m.spec.flinkVersion().localRecoveryKeys()) {
      m.config.put(key, "true");
    }
    m.config.put(WORKING_DIR_KEY, workingDir(lr));
    m.taskManager.env.add(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
        .withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
    m.taskManager.dynamicProperties.add("taskmanager.resource-id=$(POD_NAME)");
    m.taskManager.volumeMounts.add(new VolumeMountBuilder().withName(VOLUME).withMountPath(lr.getMountPath()).build());
    String size = MemorySize.parse(lr.getSize()).orElseThrow().toQuantity();
    m.taskManagerClaimTemplates.add(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(VOLUME).withLabels(ClusterLabels.selector(m.spec, Labels.COMPONENT_TASKMANAGER)).endMetadata()
        .withNewSpec()
        .withAccessModes(lr.getAccessMode())
        .withStorageClassName(lr.getStorageClass())
        .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
        .endSpec()
        .build());
  }
}
