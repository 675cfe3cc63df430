package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.Labels;
import java.util.Map;
import java.util.Set;

/**
 * TaskManagers that keep their state across restarts: a claim template gives each pod its own volume,
 * the pod name becomes the TaskManager resource id (so a restarted pod is the same TaskManager to Flink),
 * and the working directory, where local state lives, is on that volume.
 */
final class LocalRecoveryFeature implements ClusterFeature {
  static final String VOLUME = "flink-data";
  static final String WORKING_DIR_KEY = "process.taskmanager.working-dir";

  static final LocalRecoveryFeature INSTANCE = new LocalRecoveryFeature();

  private LocalRecoveryFeature() {}

  static String workingDir(LocalRecovery lr) {
    return lr.getMountPath() + "/working-dir";
  }

  @Override
  public void apply(ClusterModel m) {
    LocalRecovery lr = m.spec.props().getLocalRecovery();
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

  @Override
  public void check(FeatureCheck in, Problems problems) {
    checkLocalRecovery(in.props(), in.version(), problems);
  }

  private static final Set<String> TASK_LOCAL_ACCESS_MODES = Set.of("ReadWriteOnce", "ReadWriteOncePod");

  static void checkLocalRecovery(ClusterProps props, FlinkVersion version, Problems problems) {
    LocalRecovery lr = props.getLocalRecovery();
    Map<String, String> config = props.getFlinkConfiguration();
    if (lr == null) {
      for (String key : version.localRecoveryKeys()) {
        if ("true".equalsIgnoreCase(String.valueOf(config.get(key)).trim())) {
          problems.add("flinkConfiguration." + key, "local recovery needs a volume that outlives the pod; remove the key"
              + " and set localRecovery(LocalRecovery.withVolume(\"50Gi\"))");
        }
      }
      return;
    }
    if (lr.getSize() == null || MemorySize.parse(lr.getSize()).filter(s -> s.bytes() > 0).isEmpty()) {
      problems.add("localRecovery.size", String.format("'%s' is not a volume size; use %s", lr.getSize(), MemorySize.ACCEPTED));
    }
    problems.check(lr.getAccessMode() != null && TASK_LOCAL_ACCESS_MODES.contains(lr.getAccessMode()), "localRecovery.accessMode",
        String.format("'%s' is not an access mode for a TaskManager's own volume; use ReadWriteOnce or ReadWriteOncePod",
            lr.getAccessMode()));
    String mount = lr.getMountPath();
    boolean mountOk = mount != null && mount.startsWith("/") && mount.length() > 1 && !mount.endsWith("/")
        && !mount.startsWith("/opt/flink") && !mount.equals("/tmp") && !mount.startsWith("/tmp/")
        && !(mount + "/").startsWith(StateStorage.SHARED_MOUNT_PATH + "/");
    problems.check(mountOk, "localRecovery.mountPath", String.format("'%s' is not a usable mount path; use an absolute"
        + " path outside /opt/flink, /tmp and %s, e.g. %s", mount, StateStorage.SHARED_MOUNT_PATH,
        LocalRecovery.DEFAULT_MOUNT_PATH));
    String workingDir = config.get(LocalRecoveryFeature.WORKING_DIR_KEY);
    if (workingDir != null && mount != null && !workingDir.startsWith(mount + "/")) {
      problems.add("flinkConfiguration." + LocalRecoveryFeature.WORKING_DIR_KEY, String.format("'%s' is not on the"
          + " local-recovery volume, so local state would not survive a restart; use a directory under %s or remove"
          + " the key (default %s)", workingDir, mount, LocalRecoveryFeature.workingDir(lr)));
    }
  }
}
