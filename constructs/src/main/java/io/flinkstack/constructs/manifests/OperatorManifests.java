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
    config.putAll(spec.flinkConfiguration());

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

  private static void jobConfiguration(JobSettings job, Map<String, String> config) {
    if (job.getSavepointInterval() != null) {
      config.put("kubernetes.operator.periodic.savepoint.interval", job.getSavepointInterval());
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
    OperatorAutoscaler a = props.getOperatorAutoscaler();
    if (a != null) {
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
}
