package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.RestoreState;
import java.util.List;

/**
 * Kubernetes HA as Flink's documentation describes it for standalone clusters: HA services in the config,
 * the namespace from the downward API, JobManagers advertising their pod IP, and a Role with exactly the
 * ConfigMap and Lease rights the HA services use.
 */
final class HighAvailabilityFeature implements ClusterFeature {
  static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /** The JobManager's StatefulSet revision, from the label the StatefulSet controller puts on every pod it creates. */
  static final String REVISION_ENV = RestoreState.POD_REVISION_ENV;

  static final HighAvailabilityFeature INSTANCE = new HighAvailabilityFeature();

  private HighAvailabilityFeature() {}

  /**
   * A finished job must not run again when its JobManager restarts (an eviction, a drain), and an upgraded or
   * resumed job must run although an earlier one finished. Under HA Flink fixes the job id of an application to the
   * cluster id and deletes a finished job's entry from the job result store once it is cleaned up, so a restarted
   * JobManager runs the job again from the start. Here the entry is kept ({@code job-result-store.delete-on-commit:
   * false}: a restarted JobManager finds the job globally terminated and runs nothing), and the job id is one per
   * deployment: the start script derives it from the pod's revision and the restore path (see
   * {@link ControllerUpgradeFeature#startScript}). The store keeps one small file per deployment.
   */
  private static void jobIdPerDeployment(ClusterModel m) {
    m.config.put("job-result-store.delete-on-commit", "false");
    revisionEnv(m);
    m.jobIdPerDeployment = true;
    if (m.spec.flinkVersion().recoversJobsPerApplication()) {
      resultStoresPerDeployment(m);
    }
  }

  /** Flink 2.3's two result stores, whose default locations are under the HA storage directory. */
  static final List<String> RESULT_STORE_KEYS = List.of("job-result-store.storage-path", "application-result-store.storage-path");

  /**
   * From 2.3 a JobManager takes every job in the job result store that is not yet cleaned up as a job of its own
   * application, and refuses to run an application whose job id is not among them (flink-clients 2.3.0
   * {@code ApplicationDispatcherGatewayServiceFactory}, {@code JobNameBasedJobIdManager}: "Base job ID … is not found
   * in the recovered jobs"); and Flink marks a job's result clean only after its application ended (flink-runtime
   * 2.3.0 {@code Dispatcher}), which the controller does not wait for: it replaces the JobManager right after the
   * stop. So the job stopped for an upgrade or a suspend stays in the store, and the next deployment's JobManager,
   * with another job id, ran nothing (found by {@code ApplicationRun} on 2.3.0's jars). Each deployment gets its own
   * job and application result stores, under the declared location or Flink's default one, the deployment's job id
   * appended: a restart of one deployment still finds its own results (a finished job is not run again), a new
   * deployment finds none of the previous one's. What is left behind is the previous deployment's small result
   * files, as with {@code delete-on-commit: false}.
   */
  private static void resultStoresPerDeployment(ClusterModel m) {
    for (String key : RESULT_STORE_KEYS) {
      String declared = m.spec.props().getFlinkConfiguration().get(key);
      String store = key.substring(0, key.indexOf(".storage-path"));
      String base = declared != null && !declared.isBlank() ? declared.strip()
          : withoutLastSlash(m.spec.haStorageDir()) + "/" + store + "/" + m.spec.haClusterId();
      m.storesPerDeployment.put(key, withoutLastSlash(base));
    }
  }

  private static String withoutLastSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  /** {@link #REVISION_ENV} in the JobManager's environment, once (the restore ConfigMap's guard reads it too). */
  static void revisionEnv(ClusterModel m) {
    if (m.jobManager.env.stream().noneMatch(variable -> variable.getName().equals(REVISION_ENV))) {
      m.jobManager.env.add(new EnvVarBuilder().withName(REVISION_ENV).withNewValueFrom().withNewFieldRef()
          .withFieldPath("metadata.labels['controller-revision-hash']").endFieldRef().endValueFrom().build());
    }
  }

  @Override
  public void apply(ClusterModel m) {
    ClusterSpec spec = m.spec;
    if (!spec.highlyAvailable()) {
      return;
    }
    HighAvailability ha = spec.props().getHighAvailability();
    m.config.put(spec.flinkVersion().highAvailabilityTypeKey(), "kubernetes");
    m.config.put("high-availability.storageDir", spec.haStorageDir());
    m.config.put("kubernetes.cluster-id", spec.haClusterId());
    m.config.put(spec.flinkVersion().restartStrategyKey(), "fixed-delay");
    m.config.put("restart-strategy.fixed-delay.attempts", Integer.toString(ha.getRestartAttempts()));
    m.config.put("restart-strategy.fixed-delay.delay", ha.getRestartDelay());

    // Flink's HA services otherwise look for their ConfigMaps in the "default" namespace.
    m.bothPods(p -> {
      p.env.add(new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
          .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
      p.dynamicProperties.add("kubernetes.namespace=$(POD_NAMESPACE)");
    });
    // The leader is found through HA, not the Service: each JobManager advertises its own address. As a dynamic
    // property, the one spelling every version's entrypoints accept (2.0 removed standalone-job's --host, and the
    // parser hands an unknown option and everything after it to the job as program arguments).
    m.jobManager.env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
        .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
    m.jobManager.dynamicProperties.add("jobmanager.rpc.address=$(POD_IP)");
    m.mountServiceAccountToken = true;
    if (ApplicationJobFeature.applies(spec)) {
      jobIdPerDeployment(m);
    }

    String role = spec.name() + "-ha";
    m.prerequisites.add(new RoleBuilder()
        .withMetadata(ClusterLabels.meta(spec, role, null))
        .withRules(
            new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs(VERBS).build(),
            new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs(VERBS).build())
        .build());
    m.prerequisites.add(new RoleBindingBuilder()
        .withMetadata(ClusterLabels.meta(spec, role, null))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(role).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(ClusterNames.serviceAccount(spec.name())).endSubject()
        .build());

    if (spec.jobManagerReplicas() > 1) {
      m.policies.add(SecurityFeature.disruptionBudget(spec, ClusterNames.jobManager(spec.name()), Labels.COMPONENT_JOBMANAGER));
    }
  }

  @Override
  public void check(FeatureCheck in, Problems problems) {
    checkHighAvailability(in.props(), in.name(), problems);
  }

  /** Flink refuses longer cluster ids: they name ConfigMaps with suffixes. */
  static final int MAX_CLUSTER_ID = 45;

  /** The HA storage directory after defaulting, or null without HA. */
  static String haStorageDir(ClusterProps props) {
    HighAvailability ha = props.getHighAvailability();
    if (ha == null) {
      return null;
    }
    if (ha.getStorageDir() != null) {
      return ha.getStorageDir();
    }
    StateStorage storage = props.getStateStorage();
    return storage == null || storage.getBaseUri() == null ? null : StateStorageFeature.trimmed(storage.getBaseUri()) + "/ha";
  }

  static void checkHighAvailability(ClusterProps props, String name, Problems problems) {
    HighAvailability ha = props.getHighAvailability();
    int replicas = props.getJobManagerReplicas();
    problems.check(replicas >= 1, "jobManagerReplicas", replicas + " is not a JobManager count; use 1, or 2 and more"
        + " for standby JobManagers");
    if (ha == null) {
      problems.check(replicas <= 1, "jobManagerReplicas", String.format("%d JobManagers need high availability to elect"
          + " a leader; set highAvailability(HighAvailability.kubernetes(\"s3://bucket/ha\")) or use 1", replicas));
      return;
    }
    String storageDir = haStorageDir(props);
    if (storageDir == null) {
      problems.add("highAvailability.storageDir", "is required: set HighAvailability.builder().storageDir(\"s3://bucket/flink/ha\"),"
          + " or set stateStorage to keep HA metadata under it");
    } else {
      String scheme = StateStorageFeature.schemeOf(storageDir);
      if (scheme == null) {
        problems.add("highAvailability.storageDir", String.format("'%s' is not a URI with a scheme; e.g. s3://bucket/flink/ha",
            storageDir));
      } else if (!scheme.equals("file") && !StateStorageFeature.PLUGINS.containsKey(scheme)
          && !StateStorageFeature.providedByImage(props, scheme)) {
        problems.add("highAvailability.storageDir", String.format("'%s' is on a file system flinkstack cannot enable;"
            + " use s3://, s3p://, gs://, abfs(s):// or wasb(s)://, or a shared volume (file://%s/...), or, when the"
            + " image brings that file system, stateStorage(StateStorage.providedByImage(\"%s://...\"))", storageDir,
            StateStorage.SHARED_MOUNT_PATH, scheme));
      } else if (scheme.equals("file") && !StateStorageFeature.onSharedVolume(props, storageDir)) {
        problems.add("highAvailability.storageDir", String.format("'%s' is on a pod's local disk, which a standby"
            + " JobManager cannot read; use an object store, or StateStorage.sharedVolume(...) and a directory under"
            + " file://%s", storageDir, StateStorage.SHARED_MOUNT_PATH));
      }
    }
    String clusterId = ha.getClusterId() != null ? ha.getClusterId() : name;
    problems.check(Names.isDns1123Label(clusterId) && clusterId.length() <= MAX_CLUSTER_ID, "highAvailability.clusterId",
        String.format("'%s' is not a valid cluster id: lower-case letters, digits and '-', at most %d characters",
            clusterId, MAX_CLUSTER_ID));
    problems.check(ha.getRestartAttempts() >= 0, "highAvailability.restartAttempts",
        ha.getRestartAttempts() + " is not an attempt count; use 0 or more");
    problems.check(ha.getRestartDelay() != null && CommonChecks.isFlinkDuration(ha.getRestartDelay()),
        "highAvailability.restartDelay", String.format("'%s' is not a Flink duration; e.g. 10 s, 500 ms, 1 min",
            ha.getRestartDelay()));
  }
}
