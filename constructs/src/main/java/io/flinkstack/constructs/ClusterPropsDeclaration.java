package io.flinkstack.constructs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.Labels;
import io.flinkstack.props.Prop;
import io.flinkstack.props.PropSetter;
import io.flinkstack.props.Props;
import java.util.List;
import java.util.Map;

/**
 * The settings every Flink cluster shares (image, processes, configuration, HA, storage, autoscaling, security,
 * placement…), read-only; extended by {@link FlinkApplicationProps} and {@link FlinkSessionClusterProps}. Nothing is
 * checked here: the construct validates every property at once and reports every problem.
 */
@Props(isAbstract = true)
class ClusterPropsDeclaration {
  /** ingress-nginx's own manifests and Helm instructions install the controller here. */
  static final String DEFAULT_INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";
  /** kube-prometheus (and the usual kube-prometheus-stack install) runs Prometheus here. */
  static final String DEFAULT_PROMETHEUS_NAMESPACE = "monitoring";

  /**
   * Base name of every object (a DNS-1123 label of at most 40 characters).
   *
   * @default the construct id
   */
  String name;

  /**
   * The Flink version as written, e.g. {@code "1.20"}: an unknown one is reported when validating.
   *
   * @default the newest supported version
   */
  String flinkVersion;

  /** Container image with Flink and, for {@code local://} jars, the job (required). */
  String image;

  /**
   * Pull policy of the Flink containers.
   *
   * @default {@code IF_NOT_PRESENT}
   */
  ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;

  /**
   * Names of docker-registry Secrets in the chart's namespace.
   *
   * @default none
   */
  List<String> imagePullSecrets = List.of();

  /**
   * Number of TaskManager pods (ignored under {@code autoscaling}).
   *
   * @default 1
   */
  int taskManagers = 1;

  /**
   * Task slots per TaskManager.
   *
   * @default 1
   */
  int taskSlots = 1;

  /**
   * JobManager memory and CPU.
   *
   * @default 1600m, 1 core: Flink's own default process size
   */
  Resources jobManager = Resources.of("1600m", 1);

  /**
   * TaskManager memory and CPU.
   *
   * @default 1728m, 1 core: Flink's own default process size
   */
  Resources taskManager = Resources.of("1728m", 1);

  /**
   * Flink configuration keys; they win over every key flinkstack derives (written to the config file sorted by key).
   *
   * @default none
   */
  Map<String, String> flinkConfiguration = Map.of();

  /**
   * The whole {@code log4j-console.properties}, replacing flinkstack's.
   *
   * @default flinkstack's console logging
   */
  String logConfiguration;

  /**
   * Environment variables of every Flink container (written sorted by name).
   *
   * @default none
   */
  Map<String, String> env = Map.of();

  /**
   * How the REST API is exposed.
   *
   * @default {@link RestService#clusterIp()}
   */
  RestService restService = RestService.clusterIp();

  /**
   * JobManager pods; 2 or more run standby JobManagers and need {@code highAvailability}.
   *
   * @default 1
   */
  int jobManagerReplicas = 1;

  /**
   * Kubernetes high availability: leader election in ConfigMaps/Leases, RBAC, restart strategy.
   *
   * @default none
   */
  HighAvailability highAvailability;

  /**
   * A volume per TaskManager, a stable resource id and task-local recovery.
   *
   * @default none
   */
  LocalRecovery localRecovery;

  /**
   * Where checkpoints and savepoints go.
   *
   * @default none
   */
  StateStorage stateStorage;

  /**
   * A HorizontalPodAutoscaler on the TaskManagers (then {@code taskManagers} is ignored and replicas omitted).
   *
   * @default none: a fixed number of TaskManagers
   */
  HpaAutoscaler autoscaling;

  /**
   * Flink's scheduler.
   *
   * @default ADAPTIVE under autoscaling or an application's controllerAutoscaler in ACT mode, else DEFAULT
   */
  Scheduler scheduler;

  /**
   * Node selectors, tolerations, spreading and priority of Flink pods.
   *
   * @default {@link Placement#defaults()}
   */
  Placement placement = Placement.defaults();

  /**
   * Synthesize a NetworkPolicy that admits rpc/blob/data traffic only between the cluster's own pods.
   *
   * @default true
   */
  boolean networkPolicy = true;

  /**
   * The namespace of the runtime controller that manages this cluster: its pods are admitted to the REST API by the
   * NetworkPolicy (savepoints, upgrades, rescaling go through REST); null admits no controller. Standalone backend
   * only.
   *
   * @default the namespace of the {@link RuntimeController} declared earlier in the same app that watches this
   *     cluster's namespace, else {@code flinkstack-system}, the {@code RuntimeController}'s default
   */
  @Prop(trackSet = true)
  String runtimeControllerNamespace = Labels.CONTROLLER_NAMESPACE;

  /**
   * The namespace of the Apache Flink Kubernetes Operator that runs this cluster (operator backend): its pods
   * ({@code app.kubernetes.io/name: flink-kubernetes-operator}, as {@link FlinkOperatorInstall} and the operator's
   * Helm chart label them) are admitted to the REST API, which the operator observes and savepoints through; null
   * admits no operator.
   *
   * @default the namespace of the {@link FlinkOperatorInstall} declared earlier in the same app that watches this
   *     cluster's namespace, else {@code flink-operator}, {@link FlinkOperatorInstall}'s default (with Helm,
   *     {@code helm install -n flink-operator})
   */
  @Prop(trackSet = true)
  String operatorNamespace = FlinkOperatorInstallProps.DEFAULT_NAMESPACE;

  /**
   * The namespace of the Ingress controller that serves {@code restIngress}: with an Ingress, its pods are admitted
   * to the REST API (the controller proxies every request from its own pods); null admits none (then admit the
   * controller in {@code restAccess}).
   *
   * @default {@code ingress-nginx}
   */
  String ingressControllerNamespace = DEFAULT_INGRESS_CONTROLLER_NAMESPACE;

  /**
   * The namespace of the Prometheus that scrapes the metrics port (9249): with {@code prometheus} on, its pods are
   * admitted to it; null admits none beyond {@code metricsAccess}.
   *
   * @default {@code monitoring} (kube-prometheus' namespace)
   */
  String prometheusNamespace = DEFAULT_PROMETHEUS_NAMESPACE;

  /**
   * Who else may reach the REST API through the NetworkPolicy (the runtime controller is admitted by {@code
   * runtimeControllerNamespace}).
   *
   * @default pods in the same namespace
   */
  List<NetworkAccess> restAccess = List.of(NetworkAccess.sameNamespace());

  /**
   * Who may scrape Prometheus metrics through the NetworkPolicy.
   *
   * @default pods in the same namespace
   */
  List<NetworkAccess> metricsAccess = List.of(NetworkAccess.sameNamespace());

  /**
   * Flink's Prometheus reporter on port 9249, named {@code metrics} on every pod.
   *
   * @default true
   */
  boolean prometheus = true;

  /**
   * An Ingress to the REST API and web UI.
   *
   * @default none
   */
  RestIngress restIngress;

  /**
   * Annotations of the Flink ServiceAccount, e.g. for workload identity (IRSA, GKE, Azure).
   *
   * @default none
   */
  Map<String, String> serviceAccountAnnotations = Map.of();

  /**
   * Annotations of every Flink pod.
   *
   * @default none
   */
  Map<String, String> podAnnotations = Map.of();

  /**
   * Extra volumes of every Flink pod (mount them with {@code volumeMounts}).
   *
   * @default none
   */
  List<Volume> volumes = List.of();

  /**
   * Extra volume mounts of the Flink containers.
   *
   * @default none
   */
  List<VolumeMount> volumeMounts = List.of();

  /**
   * Extra containers in every Flink pod.
   *
   * @default none
   */
  List<Container> sidecars = List.of();

  /**
   * Escape hatch: merged into every Flink pod after flinkstack's settings (containers, volumes and env by name).
   *
   * @default none
   */
  PodTemplateSpec podTemplate;

  /**
   * Escape hatch for JobManager pods, merged after {@code podTemplate}.
   *
   * @default none
   */
  PodTemplateSpec jobManagerPodTemplate;

  /**
   * Escape hatch for TaskManager pods, merged after {@code podTemplate}.
   *
   * @default none
   */
  PodTemplateSpec taskManagerPodTemplate;

  /**
   * Which Kubernetes objects run the cluster: flinkstack's own workloads or the Apache operator's resources; null
   * means the default.
   *
   * @default {@code STANDALONE}
   */
  @Prop(nullMeansDefault = true)
  Backend backend = Backend.STANDALONE;

  /**
   * The Apache operator's job autoscaler (operator backend only).
   *
   * @default none
   */
  OperatorAutoscaler operatorAutoscaler;

  /** {@code flinkVersion} from a known version, e.g. {@code FlinkVersion.V2_1}. */
  @PropSetter
  static String flinkVersion(FlinkVersion flinkVersion) {
    return flinkVersion == null ? null : flinkVersion.toString();
  }
}
