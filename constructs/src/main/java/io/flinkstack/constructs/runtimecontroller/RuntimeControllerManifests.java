package io.flinkstack.constructs.runtimecontroller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.flinkstack.constructs.operatorinstall.ObjectsByNamespace;
import io.flinkstack.contract.ControllerRuntime;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.resource.CustomResourceDefinitions;
import io.flinkstack.contract.resource.FlinkJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The runtime controller's objects: the CRDs of {@code FlinkJob} and {@code FlinkSnapshot}, ServiceAccount,
 * least-privilege RBAC (a Role per watched namespace, nothing cluster-wide; the leader-election Lease only in its own
 * namespace), a ValidatingAdmissionPolicy and its binding that keep the controller's StatefulSet writes to the fields it owns, the metrics Service, the
 * Deployment and, with a standby, a PodDisruptionBudget. Pure Java (fabric8's model), grouped by namespace.
 */
public final class RuntimeControllerManifests {
  static final String NAME_LABEL_VALUE = Labels.NAME_CONTROLLER;
  static final String COMPONENT = "controller";
  static final String CONTAINER = "controller";
  static final String METRICS_PORT_NAME = "metrics";
  /** A fixed non-root uid and gid; a controller image may name its user, which the kubelet cannot check. */
  static final long CONTROLLER_UID = 65532;
  static final Set<String> RESERVED_LABELS = Set.of(Labels.NAME, Labels.INSTANCE, Labels.COMPONENT, Labels.MANAGED_BY);
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private static final String TMP_VOLUME = "tmp";
  static final String FLINKJOBS = "flinkjobs";
  static final String FLINKSNAPSHOTS = "flinksnapshots";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RuntimeControllerManifests() {}

  /** What the controller does in every namespace it watches; every verb spelled out. */
  public static List<PolicyRule> watchRules() {
    return List.of(
        // The jobs it keeps alive, and their snapshots: read, and their status written through the subresource.
        // update: its finalizer (flinkstack.io/final-savepoint), on and off; nothing else of a FlinkJob is written.
        rule(FlinkJob.GROUP, FLINKJOBS, "get", "list", "watch", "update"),
        rule(FlinkJob.GROUP, FLINKJOBS + "/status", "get", "update", "patch"),
        // update: its finalizer (flinkstack.io/dispose-savepoint) on snapshots with disposeOnDelete, on and off;
        // create: the FlinkSnapshot recording a deleted FlinkJob's last savepoint, and (savepointSnapshots) one per
        // savepoint the controller takes itself; delete: such a record once its savepoint left the history (granted
        // whether or not savepointSnapshots is on, so that records made while it was on still go after it is off).

        rule(FlinkJob.GROUP, FLINKSNAPSHOTS, "get", "list", "watch", "create", "update", "delete"),
        rule(FlinkJob.GROUP, FLINKSNAPSHOTS + "/status", "get", "update", "patch"),
        // The restore ConfigMaps it writes before an upgrade, the clusters' configuration, and the HA ConfigMaps
        // a cluster leaves behind.
        rule("", "configmaps", "get", "list", "watch", "create", "update", "delete"),
        // Deleting the outdated pods, once the upgrade gate is open, is how the controller rolls a cluster.
        rule("", "pods", "get", "list", "watch", "delete"),
        // The readiness gate flinkstack.io/revision-verified of a gated cluster's pods: only their status conditions.
        rule("", "pods/status", "get", "update"),
        // update: the upgrade gate (spec.updateStrategy.rollingUpdate.partition), written by a replace with the
        // resource version read; statefulSetWritePolicy() keeps the controller to exactly that field.
        rule("apps", "statefulsets", "get", "list", "watch", "update"),
        // patch: replicas (suspend, resume, the autoscaler), one merge patch of the Scale, as kubectl scale sends it;
        // get: reading a Scale, which the controller does not do today (it reads the StatefulSet) but which
        // belongs with writing one. No update: the controller never PUTs a Scale.
        rule("apps", "statefulsets/scale", "get", "patch"),
        rule("", "events", "create", "patch"),
        // A session job's jarCredentials: the Secret is read (get, by name) when its jar is fetched. Not restricted by
        // resourceNames: FlinkJobs name their Secrets after this Role is made (kubectl, other charts), so no list
        // here could be complete. No list or watch either, so the controller cannot enumerate Secrets or hold
        // them; the trade-off is that it can read any Secret in a watched namespace whose name it is given.
        rule("", "secrets", "get"));
  }

  /** Leader election, in the controller's own namespace only. */
  public static PolicyRule leaderElectionRule() {
    // fabric8's LeaderElector renews the Lease with a PATCH (seen on the mock API server).
    return rule("coordination.k8s.io", "leases", "get", "create", "update", "patch");
  }

  public static String serviceAccount(RuntimeControllerSpec spec) {
    return spec.name();
  }

  public static String metricsService(RuntimeControllerSpec spec) {
    return spec.name() + "-metrics";
  }

  static String leaderElectionRole(RuntimeControllerSpec spec) {
    return spec.name() + "-leader-election";
  }

  /**
   * Objects in apply order within each namespace: identity, RBAC, Service, Deployment, disruption budget. The
   * cluster-scoped group starts with the CRDs of {@code FlinkJob} and {@code FlinkSnapshot} (the earliest deployment
   * tier, so FlinkJobs are applied after them), then the StatefulSet write policy and its binding, so they are in
   * force before the controller's rights. Nothing else is cluster-wide: a Role and RoleBinding per watched namespace.
   */
  public static ObjectsByNamespace build(RuntimeControllerSpec spec) {
    ObjectsByNamespace out = new ObjectsByNamespace();
    String ns = spec.namespace();
    Subject controller = new SubjectBuilder().withKind("ServiceAccount").withName(serviceAccount(spec))
        .withNamespace(ns).build();
    for (CustomResourceDefinition crd : customResourceDefinitions(spec)) {
      out.add(ObjectsByNamespace.CLUSTER, crd);
    }
    out.add(ObjectsByNamespace.CLUSTER, statefulSetWritePolicy(spec));
    out.add(ObjectsByNamespace.CLUSTER, statefulSetWritePolicyBinding(spec));
    out.add(ns, new ServiceAccountBuilder().withMetadata(meta(spec, serviceAccount(spec), ns))
        // The controller talks to the API server: it needs its token.
        .withAutomountServiceAccountToken(true).build());
    out.add(ns, new RoleBuilder().withMetadata(meta(spec, leaderElectionRole(spec), ns))
        .withRules(leaderElectionRule()).build());
    out.add(ns, new RoleBindingBuilder().withMetadata(meta(spec, leaderElectionRole(spec), ns))
        .withRoleRef(roleRef("Role", leaderElectionRole(spec))).withSubjects(controller).build());
    // The own namespace's rights first, so its group keeps apply order; then every other watched namespace.
    List<String> watched = new ArrayList<>(spec.watchNamespaces());
    if (watched.remove(ns)) {
      watched.add(0, ns);
    }
    for (String namespace : watched) {
      out.add(namespace, new RoleBuilder().withMetadata(meta(spec, spec.name(), namespace))
          .withRules(watchRules()).build());
      out.add(namespace, new RoleBindingBuilder().withMetadata(meta(spec, spec.name(), namespace))
          .withRoleRef(roleRef("Role", spec.name())).withSubjects(controller).build());
    }
    out.add(ns, metricsServiceObject(spec));
    out.add(ns, deployment(spec));
    if (spec.replicas() > 1) {
      out.add(ns, new PodDisruptionBudgetBuilder().withMetadata(meta(spec, spec.name(), ns))
          .withNewSpec()
          .withMinAvailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(selector(spec)).endSelector()
          .endSpec()
          .build());
    }
    return out;
  }

  /**
   * The CustomResourceDefinitions of flinkstack's API ({@code flinkjobs.flinkstack.io}, {@code
   * flinksnapshots.flinkstack.io}) as the contract generated them, with the controller's labels.
   */
  public static List<CustomResourceDefinition> customResourceDefinitions(RuntimeControllerSpec spec) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String yaml : CustomResourceDefinitions.yaml()) {
      try {
        CustomResourceDefinition crd = YAML.readValue(yaml, CustomResourceDefinition.class);
        SortedMap<String, String> labels = new TreeMap<>(labels(spec));
        if (crd.getMetadata().getLabels() != null) {
          labels.putAll(crd.getMetadata().getLabels());
        }
        crd.getMetadata().setLabels(labels);
        crds.add(crd);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a generated CRD of flinkstack-contract does not read as a"
            + " CustomResourceDefinition", e);
      }
    }
    return crds;
  }

  /** Name of the ValidatingAdmissionPolicy and of its binding (cluster-scoped). */
  public static String statefulSetWritePolicyName(RuntimeControllerSpec spec) {
    return spec.name() + "-statefulset-writes";
  }

  /** The user name the API server gives the controller's service account. */
  public static String serviceAccountUser(RuntimeControllerSpec spec) {
    return "system:serviceaccount:" + spec.namespace() + ":" + serviceAccount(spec);
  }

  /**
   * The only StatefulSet change the controller's service account may make (CEL, {@code object} and
   * {@code oldObject} as the API server has them after defaulting): {@code spec.updateStrategy.rollingUpdate.partition}
   * (the upgrade gate). Every other spec field, {@code spec.replicas} included, and the labels, annotations, owners and
   * finalizers, must stay as they were. Replicas (suspend, resume, autoscaling) go through the scale subresource,
   * which this policy does not match; RBAC grants it there, and a {@code Scale} carries nothing else.
   *
   * <p>Fields that defaulting always sets are compared directly; optional ones as "both absent, or both present
   * and equal". {@code spec.replicas} is optional in the schema ({@code *int32}) though {@code SetDefaults_StatefulSet}
   * always sets it, so it is compared as optional: no evaluation error should the default ever not be there. A spec
   * field added after Kubernetes 1.32 is not covered until it is listed here. {@code rollingUpdate} must be present in
   * both or neither, so the rule evaluates on {@code OnDelete} sets (clusters synthesized before the gate), which have
   * none.
   */
  public static final List<String> STATEFULSET_SPEC_RULE = List.of(
      optionalEqual("object.spec", "oldObject.spec", "replicas"),
      "object.spec.selector == oldObject.spec.selector",
      "object.spec.template == oldObject.spec.template",
      "object.spec.podManagementPolicy == oldObject.spec.podManagementPolicy",
      "object.spec.revisionHistoryLimit == oldObject.spec.revisionHistoryLimit",
      "object.spec.updateStrategy.type == oldObject.spec.updateStrategy.type",
      "has(object.spec.updateStrategy.rollingUpdate) == has(oldObject.spec.updateStrategy.rollingUpdate)",
      "(!has(object.spec.updateStrategy.rollingUpdate) || ("
          + "has(object.spec.updateStrategy.rollingUpdate.maxUnavailable)"
          + " == has(oldObject.spec.updateStrategy.rollingUpdate.maxUnavailable) &&"
          + " (!has(object.spec.updateStrategy.rollingUpdate.maxUnavailable) ||"
          + " object.spec.updateStrategy.rollingUpdate.maxUnavailable"
          + " == oldObject.spec.updateStrategy.rollingUpdate.maxUnavailable)))",
      optionalEqual("object.spec", "oldObject.spec", "serviceName"),
      optionalEqual("object.spec", "oldObject.spec", "minReadySeconds"),
      optionalEqual("object.spec", "oldObject.spec", "volumeClaimTemplates"),
      optionalEqual("object.spec", "oldObject.spec", "persistentVolumeClaimRetentionPolicy"),
      optionalEqual("object.spec", "oldObject.spec", "ordinals"));

  /** The metadata the controller must leave alone. */
  public static final List<String> STATEFULSET_METADATA_RULE = List.of(
      optionalEqual("object.metadata", "oldObject.metadata", "labels"),
      optionalEqual("object.metadata", "oldObject.metadata", "annotations"),
      optionalEqual("object.metadata", "oldObject.metadata", "ownerReferences"),
      optionalEqual("object.metadata", "oldObject.metadata", "finalizers"));

  /**
   * Keeps the controller's service account to the StatefulSet fields it owns (controller/README.md, "Who writes
   * StatefulSets, and the upgrade gate"). Matches UPDATE of {@code statefulsets} only: {@code /scale} is the
   * subresource {@code statefulsets/scale}, not matched; {@code matchConditions} skips every other user (GitOps,
   * the HPA). Needs Kubernetes 1.30+ ({@code admissionregistration.k8s.io/v1}); without it RBAC alone applies.
   */
  public static ValidatingAdmissionPolicy statefulSetWritePolicy(RuntimeControllerSpec spec) {
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(meta(spec, statefulSetWritePolicyName(spec), null))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .addNewResourceRule()
        .withApiGroups("apps").withApiVersions("v1").withOperations("UPDATE").withResources("statefulsets")
        .endResourceRule()
        .endMatchConstraints()
        .addNewMatchCondition()
        .withName("runtime-controller-only")
        .withExpression("request.userInfo.username == '" + serviceAccountUser(spec) + "'")
        .endMatchCondition()
        .addNewValidation()
        .withMessage("the runtime controller may change only spec.updateStrategy.rollingUpdate.partition of a"
            + " StatefulSet (replicas through the scale subresource)")
        .withExpression(String.join(" &&\n", STATEFULSET_SPEC_RULE))
        .endValidation()
        .addNewValidation()
        .withMessage("the runtime controller may not change a StatefulSet's labels, annotations, owners or"
            + " finalizers")
        .withExpression(String.join(" &&\n", STATEFULSET_METADATA_RULE))
        .endValidation()
        .endSpec()
        .build();
  }

  /** Binds {@link #statefulSetWritePolicy} cluster-wide, denying what it refuses. */
  public static ValidatingAdmissionPolicyBinding statefulSetWritePolicyBinding(RuntimeControllerSpec spec) {
    return new ValidatingAdmissionPolicyBindingBuilder()
        .withMetadata(meta(spec, statefulSetWritePolicyName(spec), null))
        .withNewSpec()
        .withPolicyName(statefulSetWritePolicyName(spec))
        .withValidationActions("Deny")
        .endSpec()
        .build();
  }

  /** Both absent, or both present and equal (CEL's has() on a field absent after defaulting). */
  private static String optionalEqual(String object, String oldObject, String field) {
    String now = object + "." + field;
    String before = oldObject + "." + field;
    return "has(" + now + ") == has(" + before + ") && (!has(" + now + ") || " + now + " == " + before + ")";
  }

  /**
   * The controller's command line after the image's entrypoint: a {@code --namespace} per watched namespace (there is
   * always one, the controller's own by default), so the controller never watches all namespaces.
   */
  public static List<String> args(RuntimeControllerSpec spec) {
    List<String> args = new ArrayList<>();
    args.add(ControllerRuntime.COMMAND);
    for (String namespace : spec.watchNamespaces()) {
      args.add(ControllerRuntime.FLAG_NAMESPACE);
      args.add(namespace);
    }
    args.add(ControllerRuntime.FLAG_LEASE_NAME);
    args.add(spec.leaseName());
    args.add(ControllerRuntime.FLAG_METRICS_PORT);
    args.add(Integer.toString(ControllerRuntime.METRICS_PORT));
    if (spec.reconcileInterval() != null) {
      args.add(ControllerRuntime.FLAG_INTERVAL);
      args.add(spec.reconcileInterval());
    }
    for (String host : spec.jarHosts()) {
      args.add(ControllerRuntime.FLAG_JAR_HOST);
      args.add(host);
    }
    if (spec.savepointSnapshots()) {
      args.add(ControllerRuntime.FLAG_SAVEPOINT_SNAPSHOTS);
    }
    return args;
  }

  private static io.fabric8.kubernetes.api.model.Service metricsServiceObject(RuntimeControllerSpec spec) {
    ObjectMeta meta = meta(spec, metricsService(spec), spec.namespace());
    Map<String, String> annotations = new TreeMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", Integer.toString(ControllerRuntime.METRICS_PORT));
    annotations.put("prometheus.io/path", ControllerRuntime.METRICS_PATH);
    meta.setAnnotations(annotations);
    return new ServiceBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector(spec))
        .addNewPort().withName(METRICS_PORT_NAME).withPort(ControllerRuntime.METRICS_PORT)
        .withTargetPort(new IntOrString(METRICS_PORT_NAME)).withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }

  private static Deployment deployment(RuntimeControllerSpec spec) {
    return new DeploymentBuilder()
        .withMetadata(meta(spec, spec.name(), spec.namespace()))
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withNewSelector().withMatchLabels(selector(spec)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(labels(spec)).endMetadata()
        .withNewSpec()
        .withServiceAccountName(serviceAccount(spec))
        .withAutomountServiceAccountToken(true)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(CONTROLLER_UID)
        .withRunAsGroup(CONTROLLER_UID)
        .withFsGroup(CONTROLLER_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        // Leader and standby on different nodes when the scheduler can: one node's loss never takes both.
        .withNewAffinity().withNewPodAntiAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector().withMatchLabels(selector(spec)).endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity().endAffinity()
        .withContainers(container(spec))
        // The JVM writes temporary files; the root file system is read-only.
        .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(RuntimeControllerSpec spec) {
    Map<String, Quantity> requests = new TreeMap<>();
    requests.put("cpu", new Quantity(spec.cpu()));
    requests.put("memory", new Quantity(spec.memory()));
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(spec.image())
        .withImagePullPolicy(spec.imagePullPolicy())
        .withArgs(args(spec))
        .withEnv(fieldRef(ControllerRuntime.ENV_POD_NAME, "metadata.name"),
            fieldRef(ControllerRuntime.ENV_POD_NAMESPACE, "metadata.namespace"))
        .addNewPort().withName(METRICS_PORT_NAME).withContainerPort(ControllerRuntime.METRICS_PORT)
        .withProtocol("TCP").endPort()
        // Memory request = limit (the JVM sizes its heap from the limit); CPU request only, so no throttling.
        .withNewResources().withRequests(requests).withLimits(Map.of("memory", new Quantity(spec.memory())))
        .endResources()
        .withLivenessProbe(health().withInitialDelaySeconds(30).withPeriodSeconds(10).withFailureThreshold(3).build())
        .withReadinessProbe(health().withInitialDelaySeconds(5).withPeriodSeconds(10).build())
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
        .build();
  }

  private static ProbeBuilder health() {
    return new ProbeBuilder().withNewHttpGet().withPath(ControllerRuntime.HEALTH_PATH)
        .withPort(new IntOrString(METRICS_PORT_NAME)).endHttpGet();
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
        .endValueFrom().build();
  }

  /** Stable labels only: a Deployment's selector never changes once applied. */
  static SortedMap<String, String> selector(RuntimeControllerSpec spec) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(Labels.NAME, NAME_LABEL_VALUE);
    labels.put(Labels.INSTANCE, spec.name());
    return labels;
  }

  static SortedMap<String, String> labels(RuntimeControllerSpec spec) {
    SortedMap<String, String> labels = new TreeMap<>(spec.labels());
    labels.putAll(selector(spec));
    labels.put(Labels.COMPONENT, COMPONENT);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK);
    return labels;
  }

  private static ObjectMeta meta(RuntimeControllerSpec spec, String name, String namespace) {
    return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels(spec)).build();
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static RoleRef roleRef(String kind, String name) {
    return new RoleRefBuilder().withApiGroup(RBAC_GROUP).withKind(kind).withName(name).build();
  }
}
