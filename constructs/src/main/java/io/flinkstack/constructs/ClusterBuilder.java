package io.flinkstack.constructs;

import io.flinkstack.contract.FlinkVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings every Flink cluster construct shares (image, processes, configuration, HA, storage,
 * autoscaling, security, placement…), as builder methods that return the concrete builder. Subclassed by
 * the props and construct builders of {@link FlinkApplication} and {@link FlinkSessionCluster}.
 *
 * @param <B> the concrete builder
 */
public abstract class ClusterBuilder<B extends ClusterBuilder<B>> {
  String name;
  String flinkVersion;
  String image;
  ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;
  List<String> imagePullSecrets = List.of();
  int taskManagers = 1;
  int taskSlots = 1;
  Resources jobManager = Resources.of("1600m", 1);
  Resources taskManager = Resources.of("1728m", 1);
  Map<String, String> flinkConfiguration = Map.of();
  String logConfiguration;
  Map<String, String> env = Map.of();
  RestService restService = RestService.clusterIp();
  int jobManagerReplicas = 1;
  HAConfig highAvailability = null;
  LocalRecoveryStatefulSet localRecovery = null;
  StateStorage stateStorage = null;
  TaskManagerAutoscaling autoscaling = null;
  Scheduler scheduler = null;
  Placement placement = Placement.defaults();
  boolean networkPolicy = true;
  String runtimeControllerNamespace = io.flinkstack.contract.Labels.CONTROLLER_NAMESPACE;
  String operatorNamespace = FlinkOperatorInstallProps.DEFAULT_NAMESPACE;
  // Whether the two namespaces above were set: if not, a RuntimeController or FlinkOperatorInstall in the same app
  // that watches the cluster's namespace decides them (AppPeers).
  boolean runtimeControllerNamespaceSet;
  boolean operatorNamespaceSet;
  String ingressControllerNamespace = DEFAULT_INGRESS_CONTROLLER_NAMESPACE;
  String prometheusNamespace = DEFAULT_PROMETHEUS_NAMESPACE;
  List<NetworkAccess> restAccess = List.of(NetworkAccess.sameNamespace());
  List<NetworkAccess> metricsAccess = List.of(NetworkAccess.sameNamespace());
  boolean prometheus = true;
  RestIngress restIngress = null;
  Map<String, String> serviceAccountAnnotations = Map.of();
  Map<String, String> podAnnotations = Map.of();
  List<Volume> volumes = List.of();
  List<VolumeMount> volumeMounts = List.of();
  List<Container> sidecars = List.of();
  PodTemplateSpec podTemplate = null;
  PodTemplateSpec jobManagerPodTemplate = null;
  PodTemplateSpec taskManagerPodTemplate = null;
  Backend backend = Backend.STANDALONE;
  OperatorAutoscaler operatorAutoscaler;

  /** ingress-nginx's own manifests and Helm instructions install the controller here. */
  static final String DEFAULT_INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";
  /** kube-prometheus (and the usual kube-prometheus-stack install) runs Prometheus here. */
  static final String DEFAULT_PROMETHEUS_NAMESPACE = "monitoring";

  ClusterBuilder() {}

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** Base name of every object (a DNS-1123 label of at most 40 characters); default: the construct id. */
  public B name(String name) {
    this.name = name;
    return self();
  }

  public B flinkVersion(FlinkVersion flinkVersion) {
    this.flinkVersion = flinkVersion == null ? null : flinkVersion.toString();
    return self();
  }

  /** The version as text, e.g. {@code "1.20"}: an unknown one is reported when validating. */
  public B flinkVersion(String flinkVersion) {
    this.flinkVersion = flinkVersion;
    return self();
  }

  /** Container image with Flink and, for {@code local://} jars, the job (required). */
  public B image(String image) {
    this.image = image;
    return self();
  }

  public B imagePullPolicy(ImagePullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
    return self();
  }

  /** Names of docker-registry Secrets in the chart's namespace. */
  public B imagePullSecrets(List<String> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
    return self();
  }

  /** Number of TaskManager pods (default 1). */
  public B taskManagers(int taskManagers) {
    this.taskManagers = taskManagers;
    return self();
  }

  /** Task slots per TaskManager (default 1). */
  public B taskSlots(int taskSlots) {
    this.taskSlots = taskSlots;
    return self();
  }

  /** JobManager memory and CPU (default 1600m, 1 core: Flink's own default process size). */
  public B jobManager(Resources jobManager) {
    this.jobManager = jobManager;
    return self();
  }

  /** TaskManager memory and CPU (default 1728m, 1 core: Flink's own default process size). */
  public B taskManager(Resources taskManager) {
    this.taskManager = taskManager;
    return self();
  }

  /** Flink configuration keys; they win over every key flinkstack derives. */
  public B flinkConfiguration(Map<String, String> flinkConfiguration) {
    this.flinkConfiguration = flinkConfiguration;
    return self();
  }

  /** Replaces flinkstack's {@code log4j-console.properties}. */
  public B logConfiguration(String logConfiguration) {
    this.logConfiguration = logConfiguration;
    return self();
  }

  /** Environment variables of every Flink container. */
  public B env(Map<String, String> env) {
    this.env = env;
    return self();
  }

  /** How the REST API is exposed (default {@link RestService#clusterIp()}). */
  public B restService(RestService restService) {
    this.restService = restService;
    return self();
  }

  /** JobManager pods (default 1); 2 or more run standby JobManagers and need {@link #highAvailability(HAConfig)}. */
  public B jobManagerReplicas(int jobManagerReplicas) {
    this.jobManagerReplicas = jobManagerReplicas;
    return self();
  }

  /** Kubernetes high availability: leader election in ConfigMaps/Leases, RBAC, restart strategy. */
  public B highAvailability(HAConfig highAvailability) {
    this.highAvailability = highAvailability;
    return self();
  }

  /** A volume per TaskManager, a stable resource id and task-local recovery. */
  public B localRecovery(LocalRecoveryStatefulSet localRecovery) {
    this.localRecovery = localRecovery;
    return self();
  }

  /** Where checkpoints and savepoints go. */
  public B stateStorage(StateStorage stateStorage) {
    this.stateStorage = stateStorage;
    return self();
  }

  /** A HorizontalPodAutoscaler on the TaskManagers (then taskManagers is ignored and replicas omitted). */
  public B autoscaling(TaskManagerAutoscaling autoscaling) {
    this.autoscaling = autoscaling;
    return self();
  }

  /** Flink's scheduler; default ADAPTIVE under autoscaling or an acting flinkAutoscaler, else DEFAULT. */
  public B scheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
    return self();
  }

  /** Node selectors, tolerations, spreading and priority of Flink pods. */
  public B placement(Placement placement) {
    this.placement = placement;
    return self();
  }

  /** Synthesize a NetworkPolicy that admits rpc/blob/data traffic only between the cluster's own pods (default true). */
  public B networkPolicy(boolean networkPolicy) {
    this.networkPolicy = networkPolicy;
    return self();
  }

  /**
   * The namespace of the runtime controller that manages this cluster: its pods are admitted to the REST API by the
   * NetworkPolicy (savepoints, upgrades, rescaling go through REST). Default: the namespace of the {@link
   * RuntimeController} declared earlier in the same app that watches this cluster's namespace, else
   * {@code flinkstack-system}, the {@code RuntimeController}'s default; null admits no controller. Standalone backend
   * only.
   */
  public B runtimeControllerNamespace(String namespace) {
    this.runtimeControllerNamespace = namespace;
    this.runtimeControllerNamespaceSet = true;
    return self();
  }

  /**
   * The namespace of the Apache Flink Kubernetes Operator that runs this cluster (operator backend): its pods
   * ({@code app.kubernetes.io/name: flink-kubernetes-operator}, as {@link FlinkOperatorInstall} and the operator's
   * Helm chart label them) are admitted to the REST API, which the operator observes and savepoints through.
   * Default: the namespace of the {@link FlinkOperatorInstall} declared earlier in the same app that watches this
   * cluster's namespace, else {@code flink-operator}, {@link FlinkOperatorInstall}'s default (with Helm, {@code helm
   * install -n flink-operator}); null admits no operator.
   */
  public B operatorNamespace(String namespace) {
    this.operatorNamespace = namespace;
    this.operatorNamespaceSet = true;
    return self();
  }

  /**
   * The namespace of the Ingress controller that serves {@link #restIngress(RestIngress)}: with an Ingress, its pods
   * are admitted to the REST API (the controller proxies every request from its own pods). Default
   * {@code ingress-nginx}; null admits none (then admit the controller in {@link #restAccess(List)}).
   */
  public B ingressControllerNamespace(String namespace) {
    this.ingressControllerNamespace = namespace;
    return self();
  }

  /**
   * The namespace of the Prometheus that scrapes the metrics port (9249): with {@link #prometheus(boolean)} on, its
   * pods are admitted to it. Default {@code monitoring} (kube-prometheus' namespace); null admits none beyond
   * {@link #metricsAccess(List)}.
   */
  public B prometheusNamespace(String namespace) {
    this.prometheusNamespace = namespace;
    return self();
  }

  /**
   * Who else may reach the REST API through the NetworkPolicy (default: pods in the same namespace; the runtime
   * controller is admitted by {@link #runtimeControllerNamespace(String)}).
   */
  public B restAccess(List<NetworkAccess> restAccess) {
    this.restAccess = restAccess;
    return self();
  }

  /** Who may scrape Prometheus metrics through the NetworkPolicy (default: pods in the same namespace). */
  public B metricsAccess(List<NetworkAccess> metricsAccess) {
    this.metricsAccess = metricsAccess;
    return self();
  }

  /** Flink's Prometheus reporter on port 9249, named {@code metrics} on every pod (default true). */
  public B prometheus(boolean prometheus) {
    this.prometheus = prometheus;
    return self();
  }

  /** An Ingress to the REST API and web UI. */
  public B restIngress(RestIngress restIngress) {
    this.restIngress = restIngress;
    return self();
  }

  /** Annotations of the Flink ServiceAccount, e.g. for workload identity (IRSA, GKE, Azure). */
  public B serviceAccountAnnotations(Map<String, String> serviceAccountAnnotations) {
    this.serviceAccountAnnotations = serviceAccountAnnotations;
    return self();
  }

  /** Annotations of every Flink pod. */
  public B podAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
    return self();
  }

  /** Extra volumes of every Flink pod (mount them with volumeMounts). */
  public B volumes(List<Volume> volumes) {
    this.volumes = volumes;
    return self();
  }

  /** Extra volume mounts of the Flink containers. */
  public B volumeMounts(List<VolumeMount> volumeMounts) {
    this.volumeMounts = volumeMounts;
    return self();
  }

  /** Extra containers in every Flink pod. */
  public B sidecars(List<Container> sidecars) {
    this.sidecars = sidecars;
    return self();
  }

  /** Escape hatch: merged into every Flink pod after flinkstack's settings (containers, volumes and env by name). */
  public B podTemplate(PodTemplateSpec podTemplate) {
    this.podTemplate = podTemplate;
    return self();
  }

  /** Escape hatch for JobManager pods, merged after podTemplate. */
  public B jobManagerPodTemplate(PodTemplateSpec jobManagerPodTemplate) {
    this.jobManagerPodTemplate = jobManagerPodTemplate;
    return self();
  }

  /** Escape hatch for TaskManager pods, merged after podTemplate. */
  public B taskManagerPodTemplate(PodTemplateSpec taskManagerPodTemplate) {
    this.taskManagerPodTemplate = taskManagerPodTemplate;
    return self();
  }

  /** The Apache operator's job autoscaler (operator backend only). */
  public B operatorAutoscaler(OperatorAutoscaler operatorAutoscaler) {
    this.operatorAutoscaler = operatorAutoscaler;
    return self();
  }

  /** Which Kubernetes objects run the cluster: flinkstack's own workloads (default) or the Apache operator's resources. */
  public B backend(Backend backend) {
    this.backend = backend;
    return self();
  }
}
