package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.OperatorAutoscaler;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.JobDeclaration;
import io.flinkstack.contract.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.FlinkSessionJobSpec;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.IngressSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobManagerSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.Resource;
import org.apache.flink.kubernetes.operator.api.spec.TaskManagerSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;

/**
 * The operator backend: the same validated cluster as {@code FlinkDeployment} (and session jobs as
 * {@code FlinkSessionJob}) for the Apache Flink Kubernetes Operator, built with the operator-api jar's own
 * spec classes. The operator creates the workloads and Services itself, so flinkstack contributes what it
 * cannot: configuration derived from the typed props, the pod templates the features produced (security,
 * plugins, credentials, placement), RBAC for the native-mode JobManager, and disruption/network policies.
 */
public final class OperatorManifests {
  public static final String API_VERSION = "flink.apache.org/v1beta1";
  /** The container name the operator merges pod templates into. */
  static final String MAIN_CONTAINER = "flink-main-container";
  /** Keys the operator sets itself for each deployment. */
  private static final List<String> OPERATOR_OWNED = List.of("kubernetes.cluster-id", "kubernetes.namespace",
      "jobmanager.rpc.address", "jobmanager.rpc.port", "rest.address", "rest.port", "blob.server.port",
      "taskmanager.rpc.port", "jobmanager.bind-host", "taskmanager.bind-host", "rest.bind-address",
      "jobmanager.memory.process.size", "taskmanager.memory.process.size", "parallelism.default");
  /**
   * The directory keys the Apache operator 1.10.0 reads when it validates a job: Flink 1.19.1's
   * {@code CheckpointingOptions} (the operator's Flink), deprecated names included. 1.20's names are not among them.
   */
  private static final List<String> OPERATOR_CHECKPOINT_DIR_KEYS = List.of("state.checkpoints.dir", "state.backend.fs.checkpointdir");
  private static final List<String> OPERATOR_SAVEPOINT_DIR_KEYS = List.of("state.savepoints.dir", "savepoints.state.backend.fs.dir");
  static final String PERIODIC_SAVEPOINT_KEY = "kubernetes.operator.periodic.savepoint.interval";
  static final String CHECKPOINT_MAX_AGE_KEY = "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age";
  /** Keys the Apache operator 1.10.0 refuses in any FlinkDeployment: it sets them itself. */
  private static final List<String> FORBIDDEN_KEYS = List.of("kubernetes.namespace", "kubernetes.cluster-id",
      "high-availability.cluster-id");
  static final String ROLLBACK_KEY = "kubernetes.operator.deployment.rollback.enabled";
  /** The operator's readiness timeout of an upgrade, a per-resource option (1.10.0: 1 min by default). */
  static final String READINESS_TIMEOUT_KEY = "kubernetes.operator.deployment.readiness.timeout";
  static final String HEALTH_CHECK_KEY = "kubernetes.operator.cluster.health-check.enabled";
  static final String JM_RECOVERY_KEY = "kubernetes.operator.jm-deployment-recovery.enabled";
  /** What a native-mode JobManager does with the API: start TaskManager pods, HA, its own Services. */
  private static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private OperatorManifests() {}

  static List<HasMetadata> build(ClusterSpec spec) {
    ClusterModel m = ApplicationManifests.model(spec);
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new ServiceAccountBuilder()
        .withMetadata(ClusterLabels.meta(spec, ClusterNames.serviceAccount(spec.name()), null))
        .editMetadata().withAnnotations(spec.props().getServiceAccountAnnotations().isEmpty() ? null
            : new TreeMap<>(spec.props().getServiceAccountAnnotations())).endMetadata()
        .build());
    String role = spec.name() + "-flink";
    objects.add(new RoleBuilder()
        .withMetadata(ClusterLabels.meta(spec, role, null))
        .withRules(
            new PolicyRuleBuilder().withApiGroups("").withResources("pods", "configmaps", "services").withVerbs(VERBS).build(),
            new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs(VERBS).build())
        .build());
    objects.add(new RoleBindingBuilder()
        .withMetadata(ClusterLabels.meta(spec, role, null))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(role).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(ClusterNames.serviceAccount(spec.name())).endSubject()
        .build());
    objects.addAll(m.prerequisites.stream().filter(o -> !(o.getKind().startsWith("Role"))).toList());
    objects.add(resource("FlinkDeployment", spec, deploymentSpec(spec, m)));
    // The operator's pods carry the pod templates' labels, so budgets and policies select them as before.
    objects.addAll(m.policies.stream().filter(o -> o.getKind().equals("PodDisruptionBudget")
        || o.getKind().equals("NetworkPolicy")).toList());
    return objects;
  }

  private static FlinkDeploymentSpec deploymentSpec(ClusterSpec spec, ClusterModel m) {
    SortedMap<String, String> config = new TreeMap<>(m.config);
    // The operator 1.10 checks a deployment with Flink 1.19's classes: on 1.20 it sees only the old directory keys.
    spec.flinkVersion().legacyCheckpointDirKeys().forEach((current, legacy) -> {
      String dir = config.remove(current);
      if (dir != null) {
        config.put(legacy, dir);
      }
    });
    config.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.taskSlots()));
    config.put("kubernetes.rest-service.exposed.type", spec.restService().type());
    OPERATOR_OWNED.forEach(config::remove);
    if (spec.job() != null) {
      jobConfiguration(spec.job(), config);
    }
    autoscalerConfiguration(spec.props().getOperatorAutoscaler(), config);
    config.putAll(withLegacyDirKeys(spec.flinkConfiguration(), spec.flinkVersion()));

    FlinkDeploymentSpec.FlinkDeploymentSpecBuilder<?, ?> b = FlinkDeploymentSpec.builder()
        .image(spec.image())
        .imagePullPolicy(spec.imagePullPolicy().value())
        .serviceAccount(ClusterNames.serviceAccount(spec.name()))
        .flinkVersion(FlinkVersion.valueOf("v" + spec.flinkVersion().toString().replace('.', '_')))
        .flinkConfiguration(config)
        .logConfiguration(Map.of(ApplicationManifests.LOG_CONFIG_FILE,
            ApplicationManifests.configFiles(m).get(ApplicationManifests.LOG_CONFIG_FILE)))
        .jobManager(JobManagerSpec.builder()
            .resource(new Resource(spec.jobManagerCpu(), spec.jobManagerMemory().toFlink(), null))
            .replicas(spec.jobManagerReplicas())
            .podTemplate(forOperator(ApplicationManifests.jobManagerPod(m)))
            .build())
        .taskManager(TaskManagerSpec.builder()
            .resource(new Resource(spec.taskManagerCpu(), spec.taskManagerMemory().toFlink(), null))
            .replicas(spec.session() ? spec.taskManagers() : null)
            .podTemplate(forOperator(ApplicationManifests.taskManagerPod(m)))
            .build());
    if (!spec.session()) {
      b.job(jobSpec(spec.jarUri(), spec.entryClass(), spec.args(), spec.parallelism(), spec.upgradeMode(), spec.job()));
      b.restartNonce(spec.job() == null ? null : spec.job().getRestartNonce());
    }
    RestIngress ingress = spec.props().getRestIngress();
    if (ingress != null) {
      IngressSpec.IngressSpecBuilder ib = IngressSpec.builder()
          .template(ingress.getHost() + ingress.getPath())
          .className(ingress.getIngressClassName())
          .annotations(ingress.getAnnotations().isEmpty() ? null : new TreeMap<>(ingress.getAnnotations()));
      if (ingress.getTlsSecretName() != null) {
        ib.tls(List.of(new IngressTLSBuilder().withHosts(ingress.getHost()).withSecretName(ingress.getTlsSecretName()).build()));
      }
      b.ingress(ib.build());
    }
    return b.build();
  }

  /** A session job as a FlinkSessionJob on the session cluster's FlinkDeployment. */
  public static List<HasMetadata> sessionJob(ClusterSpec cluster, JobDeclaration job, JobSettings settings, String sql) {
    SortedMap<String, String> config = new TreeMap<>();
    jobConfiguration(settings, config);
    List<String> args = new ArrayList<>(job.args() == null ? List.of() : job.args());
    if (sql != null) {
      args.add("--sql");
      args.add(sql);
    }
    FlinkSessionJobSpec spec = FlinkSessionJobSpec.builder()
        .deploymentName(cluster.name())
        .flinkConfiguration(config.isEmpty() ? null : config)
        .job(jobSpec(job.jarUri(), job.entryClass(), args, job.parallelism(),
            job.upgradeMode(), settings))
        .restartNonce(settings.getRestartNonce())
        .build();
    GenericKubernetesResource r = resource("FlinkSessionJob", cluster, spec);
    r.getMetadata().setName(cluster.name() + "-" + job.name());
    return List.of(r);
  }

  private static JobSpec jobSpec(String jarUri, String entryClass, List<String> args, int parallelism,
      io.flinkstack.contract.UpgradeMode mode, JobSettings job) {
    return JobSpec.builder()
        .jarURI(jarUri)
        .entryClass(entryClass)
        .args(args.isEmpty() ? null : args.toArray(String[]::new))
        .parallelism(parallelism)
        .state(job.getState() == io.flinkstack.contract.DesiredState.SUSPENDED ? JobState.SUSPENDED : JobState.RUNNING)
        .upgradeMode(UpgradeMode.valueOf(mode.name()))
        .savepointTriggerNonce(job.getSavepointTriggerNonce())
        .savepointRedeployNonce(job.getRedeployNonce())
        .initialSavepointPath(job.getInitialSavepointPath())
        .allowNonRestoredState(job.getAllowNonRestoredState())
        .build();
  }

  /**
   * The user's keys as the operator gets them: on 1.20, a directory given under its current name is written under
   * the old name too (unless that is given as well), which both Flink 1.20 and the operator read; otherwise the
   * operator would see no directory (or the one derived from stateStorage) where Flink uses the user's.
   */
  static Map<String, String> withLegacyDirKeys(Map<String, String> given, io.flinkstack.contract.FlinkVersion version) {
    Map<String, String> out = new java.util.LinkedHashMap<>(given);
    version.legacyCheckpointDirKeys().forEach((current, legacy) -> {
      if (given.get(current) != null && !given.containsKey(legacy)) {
        out.put(legacy, given.get(current));
      }
    });
    return out;
  }

  /**
   * The job's settings the operator has keys for. {@code readinessTimeout} and {@code rollback} are the operator's own
   * rollback (flink-kubernetes-operator 1.10.0, {@code AbstractFlinkResourceReconciler#shouldRollBack}: an upgrade not
   * stable within the readiness timeout goes back to the last stable spec, with HA metadata); unset, the operator's
   * defaults apply (no rollback, 1 min), not the runtime controller's.
   */
  private static void jobConfiguration(JobSettings job, Map<String, String> config) {
    if (job.getReadinessTimeout() != null) {
      config.put(READINESS_TIMEOUT_KEY, job.getReadinessTimeout());
    }
    if (job.getRollback() != null) {
      config.put(ROLLBACK_KEY, job.getRollback().toString());
    }
    if (job.getSavepointInterval() != null) {
      config.put(PERIODIC_SAVEPOINT_KEY, job.getSavepointInterval());
    }
    if (job.getSavepointHistoryMaxCount() != null) {
      config.put("kubernetes.operator.savepoint.history.max.count", job.getSavepointHistoryMaxCount().toString());
    }
    if (job.getSavepointHistoryMaxAge() != null) {
      config.put("kubernetes.operator.savepoint.history.max.age", job.getSavepointHistoryMaxAge());
    }
  }

  private static void autoscalerConfiguration(OperatorAutoscaler a, Map<String, String> config) {
    if (a == null) {
      return;
    }
    config.put("job.autoscaler.enabled", "true");
    config.put("job.autoscaler.target.utilization", Double.toString(a.getTargetUtilization()));
    config.put("job.autoscaler.target.utilization.boundary", Double.toString(a.getTargetUtilizationBoundary()));
    config.put("job.autoscaler.stabilization.interval", a.getStabilizationInterval());
    config.put("job.autoscaler.metrics.window", a.getMetricsWindow());
    config.put("job.autoscaler.catch-up.duration", a.getCatchUpDuration());
    if (a.getScaleUpMaxFactor() != null) {
      config.put("job.autoscaler.scale-up.max-factor", Double.toString(a.getScaleUpMaxFactor()));
    }
    if (a.getScaleDownMaxFactor() != null) {
      config.put("job.autoscaler.scale-down.max-factor", Double.toString(a.getScaleDownMaxFactor()));
    }
  }

  /**
   * flinkstack's pod template as the operator wants it: the main container renamed, and what the operator
   * sets itself (image, command, ports, resources, probes, its config volume, service account) left out.
   */
  static PodTemplateSpec forOperator(PodTemplateSpec standalone) {
    PodTemplateSpec t = ManifestJson.MAPPER.convertValue(standalone, PodTemplateSpec.class);
    PodSpec pod = t.getSpec();
    pod.setServiceAccountName(null);
    pod.setAutomountServiceAccountToken(null);
    pod.getVolumes().removeIf(v -> v.getName().equals(ApplicationManifests.CONFIG_VOLUME));
    Container main = pod.getContainers().get(0);
    main.setName(MAIN_CONTAINER);
    main.setImage(null);
    main.setImagePullPolicy(null);
    main.setArgs(null);
    main.setPorts(null);
    main.setResources(null);
    main.setLivenessProbe(null);
    main.setReadinessProbe(null);
    main.getVolumeMounts().removeIf(v -> v.getName().equals(ApplicationManifests.CONFIG_VOLUME));
    // The operator passes the namespace and advertises pod IPs itself; the HA feature's downward-API
    // variables serve only flinkstack's own entrypoint arguments (users cannot set these names).
    main.getEnv().removeIf(e -> e.getName().equals("POD_IP") || e.getName().equals("POD_NAMESPACE"));
    // The operator labels its pods itself; keep only the selector labels the budgets and policies use.
    t.getMetadata().getLabels().remove(Labels.VERSION);
    return t;
  }

  private static GenericKubernetesResource resource(String kind, ClusterSpec spec, Object resourceSpec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind(kind);
    r.setMetadata(ClusterLabels.meta(spec, spec.name(), null));
    r.setAdditionalProperty("spec", resourceSpec);
    return r;
  }

  /** What the chosen backend cannot express is an error here, never a silent drop. */
  static void check(ClusterProps props, io.flinkstack.contract.FlinkVersion version, Problems problems) {
    if (props.getBackend() != Backend.OPERATOR) {
      problems.check(props.getOperatorAutoscaler() == null, "operatorAutoscaler", "is the Apache operator's autoscaler;"
          + " set backend(Backend.OPERATOR), or scale TaskManagers with autoscaling(HpaAutoscaler...)");
      return;
    }
    problems.check(!version.isAtLeast(io.flinkstack.contract.FlinkVersion.V2_0), "flinkVersion", String.format("Flink %s is newer than the"
        + " Apache operator flinkstack targets (1.10, up to Flink 1.20); use FlinkVersion.V1_20 or the standalone"
        + " backend", version));
    problems.check(props.getLocalRecovery() == null, "localRecovery", "the Apache operator runs TaskManagers as plain"
        + " pods, not a StatefulSet, so they cannot keep a volume across restarts; use the standalone backend for"
        + " local recovery, or remove localRecovery");
    problems.check(props.getAutoscaling() == null, "autoscaling", "the Apache operator manages TaskManager pods itself,"
        + " so an HPA has nothing to scale; use operatorAutoscaler(OperatorAutoscaler.builder()...build()) instead");
    problems.check(props.getScheduler() != Scheduler.REACTIVE, "scheduler", "reactive mode needs the operator's"
        + " standalone mode, which flinkstack does not use; use Scheduler.ADAPTIVE or the standalone backend");
    problems.check(props.getRestService() == null || props.getRestService().fixedNodePort() == null, "restService",
        "the Apache operator cannot fix a node port; use RestService.nodePort() and let Kubernetes pick one");
    checkValidatorConfiguration(props, problems);
    problems.check(props.getHighAvailability() == null || props.getHighAvailability().getClusterId() == null,
        "highAvailability.clusterId", "the Apache operator names the HA ConfigMaps after the FlinkDeployment (it sets"
            + " kubernetes.cluster-id itself), so another id would be ignored; remove clusterId, or name the cluster"
            + " as the id");
    OperatorAutoscaler a = props.getOperatorAutoscaler();
    if (a != null) {
      // DefaultValidator#validateAutoScalerFlinkConfiguration (flink-kubernetes-operator 1.10.0) refuses a negative
      // scale-up or scale-down factor once job.autoscaler.enabled is true ("The AutoScalerOption ... is invalid").
      for (Object[] f : new Object[][] {{"scaleUpMaxFactor", a.getScaleUpMaxFactor(), "job.autoscaler.scale-up.max-factor"},
          {"scaleDownMaxFactor", a.getScaleDownMaxFactor(), "job.autoscaler.scale-down.max-factor"}}) {
        Double factor = (Double) f[1];
        problems.check(factor == null || factor >= 0, "operatorAutoscaler." + f[0], String.format("%s is below 0, so the"
            + " Apache operator would refuse the FlinkDeployment (its validator: \"The AutoScalerOption %s is invalid\");"
            + " use 0 or more, or leave it unset for the operator's default", factor, f[2]));
      }
      problems.check(a.getTargetUtilization() > 0 && a.getTargetUtilization() <= 1, "operatorAutoscaler.targetUtilization",
          a.getTargetUtilization() + " is not a fraction; use a value above 0 and at most 1, e.g. 0.7");
      problems.check(a.getTargetUtilizationBoundary() >= 0 && a.getTargetUtilizationBoundary() < 1,
          "operatorAutoscaler.targetUtilizationBoundary", a.getTargetUtilizationBoundary() + " is not a fraction below 1");
      for (String[] d : new String[][] {{"stabilizationInterval", a.getStabilizationInterval()},
          {"metricsWindow", a.getMetricsWindow()}, {"catchUpDuration", a.getCatchUpDuration()}}) {
        problems.check(d[1] != null && CommonChecks.isFlinkDuration(d[1]), "operatorAutoscaler." + d[0],
            String.format("'%s' is not a Flink duration; e.g. 5 min", d[1]));
      }
    }
  }

  /**
   * Keys of flinkConfiguration that the Apache operator's validator refuses in a FlinkDeployment, alone or together
   * (flink-kubernetes-operator 1.10.0, DefaultValidator#validateFlinkDeploymentConfig). The operator's own default
   * configuration also counts there; flinkstack cannot see it, so only what the props set is checked.
   */
  private static void checkValidatorConfiguration(ClusterProps props, Problems problems) {
    Map<String, String> given = props.getFlinkConfiguration();
    for (String key : FORBIDDEN_KEYS) {
      problems.check(!given.containsKey(key), "flinkConfiguration." + key, String.format("is set by the Apache operator"
          + " itself, which refuses it in a FlinkDeployment (its validator: \"Forbidden Flink config key: %s\"); remove"
          + " the key%s", key, key.endsWith("cluster-id") ? " (the operator uses the FlinkDeployment's name)" : ""));
    }
    if (isTrue(given.get(ROLLBACK_KEY))) {
      problems.check(props.getHighAvailability() != null || haActivated(given), "flinkConfiguration." + ROLLBACK_KEY,
          "needs high availability: the Apache operator refuses rollbacks without it (its validator: \"HA must be"
              + " enabled for rollback support.\"); set highAvailability(HighAvailability.builder().build()), or remove"
              + " the key");
    }
    String recovery = given.containsKey(JM_RECOVERY_KEY) ? given.get(JM_RECOVERY_KEY)
        : given.get("kubernetes.operator.reconciler.jm-deployment-recovery.enabled");
    if (isTrue(given.get(HEALTH_CHECK_KEY))) {
      problems.check(recovery == null || !recovery.strip().equalsIgnoreCase("false"), "flinkConfiguration." + JM_RECOVERY_KEY,
          String.format("false with %s true: the Apache operator refuses the cluster health check without JobManager"
              + " deployment recovery (its validator: \"Deployment recovery (...) must be enabled for job health check"
              + " (...) support.\"); remove one of the two keys", HEALTH_CHECK_KEY));
    }
  }

  private static boolean isTrue(String value) {
    return value != null && value.strip().equalsIgnoreCase("true");
  }

  /** Flink's HighAvailabilityMode#isHighAvailabilityModeActivated on the user's keys (1.19: the type, or its old names). */
  /**
   * The job's rollback on the operator backend: it needs HA (the operator's validator refuses the key without it in a
   * FlinkDeployment, and rolls nothing back without HA metadata, a session job included), and it must not contradict the
   * same key given in flinkConfiguration, which would win silently.
   */
  private static void checkRollback(JobSettings job, ClusterProps cluster, String field, Problems problems) {
    Map<String, String> given = cluster.getFlinkConfiguration();
    if (Boolean.TRUE.equals(job.getRollback())) {
      problems.check(cluster.getHighAvailability() != null || haActivated(given), field + ".rollback", "needs high"
          + " availability on the operator backend: the Apache operator refuses rollbacks without it (its validator: \"HA"
          + " must be enabled for rollback support.\") and rolls back only from HA metadata; set"
          + " highAvailability(HighAvailability.builder().build()) on the cluster, or rollback(false)");
    }
    for (Object[] f : new Object[][] {{"rollback", job.getRollback(), ROLLBACK_KEY}, {"readinessTimeout", job.getReadinessTimeout(), READINESS_TIMEOUT_KEY}}) {
      String key = (String) f[2];
      problems.check(f[1] == null || !given.containsKey(key) || String.valueOf(f[1]).strip().equalsIgnoreCase(String.valueOf(given.get(key)).strip()),
          field + "." + f[0], String.format("is %s but flinkConfiguration.%s is %s, which the operator would read instead;"
              + " set one of the two", f[1], key, given.get(key)));
    }
  }

  private static boolean haActivated(Map<String, String> given) {
    String mode = given.containsKey("high-availability.type") ? given.get("high-availability.type")
        : given.containsKey("high-availability") ? given.get("high-availability") : given.get("recovery.mode");
    return mode != null && !mode.strip().equalsIgnoreCase("none") && !mode.strip().equalsIgnoreCase("standalone");
  }

  /**
   * What the Apache operator refuses in a job against its cluster's configuration (flink-kubernetes-operator 1.10.0,
   * DefaultValidator#validateJobSpec, for a FlinkDeployment's job and a FlinkSessionJob alike): it reads the
   * directories with Flink 1.19.1's keys ({@link #withLegacyDirKeys} writes 1.20's under those names too).
   *
   * @param mode the upgrade mode after defaulting
   * @param savepointDir whether {@link ApplicationJobFeature#checkJob}'s own check found a savepoint directory
   * @param selfRefused whether that check already refused the job for want of one (the same fix serves both)
   */
  static void checkJob(JobSettings job, io.flinkstack.contract.UpgradeMode mode, ClusterProps cluster, boolean savepointDir,
      boolean selfRefused, String field, Problems problems) {
    io.flinkstack.contract.FlinkVersion version = cluster.getFlinkVersion() == null ? io.flinkstack.contract.FlinkVersion.DEFAULT
        : io.flinkstack.contract.FlinkVersion.parse(cluster.getFlinkVersion()).orElse(io.flinkstack.contract.FlinkVersion.DEFAULT);
    checkRollback(job, cluster, field, problems);
    Map<String, String> seen = withLegacyDirKeys(cluster.getFlinkConfiguration(), version);
    boolean storage = cluster.getStateStorage() != null;
    String where = "set stateStorage(StateStorage.objectStore(...)) on the cluster, or flinkConfiguration ";
    if (mode != null && mode != io.flinkstack.contract.UpgradeMode.STATELESS) {
      problems.check(storage || isSet(seen, OPERATOR_CHECKPOINT_DIR_KEYS), field + ".upgradeMode", String.format("UpgradeMode.%s%s"
          + " needs a checkpoint directory: the Apache operator refuses last-state and savepoint upgrades without one (its"
          + " validator: \"Checkpoint directory[state.checkpoints.dir] must be defined for last-state and savepoint upgrade"
          + " modes\"); %s%s, or use UpgradeMode.STATELESS", mode.name(),
          job.getUpgradeMode() == null ? " (the default with a savepoint directory)" : "", where, version.checkpointsDirKey()));
    }
    if (storage || isSet(seen, OPERATOR_SAVEPOINT_DIR_KEYS)) {
      return;
    }
    String newKey = "execution.checkpointing.savepoint-dir";
    boolean periodicKey = cluster.getFlinkConfiguration().containsKey(PERIODIC_SAVEPOINT_KEY);
    boolean maxAgeKey = cluster.getFlinkConfiguration().containsKey(CHECKPOINT_MAX_AGE_KEY);
    boolean needed = mode == io.flinkstack.contract.UpgradeMode.SAVEPOINT || job.getSavepointTriggerNonce() != null
        || job.getSavepointInterval() != null || periodicKey || maxAgeKey;
    if (!needed || selfRefused) {
      return;
    }
    String refusal = " (its validator refuses it \"while config key[state.savepoints.dir] is not set\")";
    if (savepointDir && isSet(seen, List.of(newKey)) && !version.isAtLeast(io.flinkstack.contract.FlinkVersion.V1_20)) {
      problems.add("flinkConfiguration." + newKey, String.format("is Flink 1.20's key: neither Flink %s nor the Apache"
          + " operator reads it, so the operator sees no savepoint directory for this job%s; rename the key to"
          + " state.savepoints.dir", version, refusal));
      return;
    }
    String fix = "; " + where + version.savepointsDirKey();
    if (mode == io.flinkstack.contract.UpgradeMode.SAVEPOINT) {
      problems.add(field + ".upgradeMode", "UpgradeMode.SAVEPOINT needs a savepoint directory the Apache operator can see" + refusal + fix
          + ", or use UpgradeMode.STATELESS");
    }
    if (job.getSavepointTriggerNonce() != null) {
      problems.add(field + ".savepointTriggerNonce", "triggers a savepoint, which needs a savepoint directory: the Apache"
          + " operator refuses the job without one" + refusal + fix + ", or remove savepointTriggerNonce");
    }
    if (job.getSavepointInterval() != null || periodicKey) {
      problems.add(job.getSavepointInterval() != null ? field + ".savepointInterval" : "flinkConfiguration." + PERIODIC_SAVEPOINT_KEY,
          "takes periodic savepoints, which need a savepoint directory: the Apache operator refuses the job without"
              + " one" + refusal + fix);
    }
    if (maxAgeKey) {
      problems.add("flinkConfiguration." + CHECKPOINT_MAX_AGE_KEY, "has the Apache operator take a savepoint when the"
          + " latest checkpoint is older, which needs a savepoint directory: the operator refuses the job without one"
          + refusal + fix + ", or remove the key");
    }
  }

  private static boolean isSet(Map<String, String> config, List<String> keys) {
    return keys.stream().anyMatch(k -> config.get(k) != null && !config.get(k).isBlank());
  }

  /**
   * A FlinkDeployment's savepointRedeployNonce: the Apache operator refuses any change of it without
   * initialSavepointPath (flink-kubernetes-operator 1.10.0, DefaultValidator#validateSpecChange: "InitialSavepointPath
   * must not be empty for savepoint redeployment"). Whether an apply changes the nonce is not known here, but an
   * unchanged nonce does nothing, so without a path the nonce can only be refused. (A FlinkSessionJob is not
   * checked: its redeploy without a path starts the job without state.)
   */
  static void checkApplicationJob(JobSettings job, String field, Problems problems) {
    if (job.getRedeployNonce() != null) {
      problems.check(job.getInitialSavepointPath() != null && !job.getInitialSavepointPath().isBlank(), field + ".redeployNonce",
          "needs initialSavepointPath on the operator backend: the Apache operator refuses a changed savepointRedeployNonce"
              + " without one (its validator: \"InitialSavepointPath must not be empty for savepoint redeployment\"); set"
              + " initialSavepointPath to the savepoint to start from, or remove redeployNonce (to restart without state,"
              + " change restartNonce with UpgradeMode.STATELESS)");
    }
  }
}
