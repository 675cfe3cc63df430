package io.flinkstack.constructs;

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
 * The settings every Flink cluster shares, read-only. Nothing is checked here: the construct validates
 * every property at once and reports every problem.
 */
public abstract class ClusterProps {
  private final String name;
  private final String flinkVersion;
  private final String image;
  private final ImagePullPolicy imagePullPolicy;
  private final List<String> imagePullSecrets;
  private final int taskManagers;
  private final int taskSlots;
  private final Resources jobManager;
  private final Resources taskManager;
  private final Map<String, String> flinkConfiguration;
  private final String logConfiguration;
  private final Map<String, String> env;
  private final RestService restService;
  private final int jobManagerReplicas;
  private final HAConfig highAvailability;
  private final LocalRecoveryStatefulSet localRecovery;
  private final StateStorage stateStorage;
  private final TaskManagerAutoscaling autoscaling;
  private final Scheduler scheduler;
  private final Placement placement;
  private final boolean networkPolicy;
  private final String runtimeControllerNamespace;
  private final String operatorNamespace;
  final boolean runtimeControllerNamespaceSet;
  final boolean operatorNamespaceSet;
  private final String ingressControllerNamespace;
  private final String prometheusNamespace;
  private final List<NetworkAccess> restAccess;
  private final List<NetworkAccess> metricsAccess;
  private final boolean prometheus;
  private final RestIngress restIngress;
  private final Map<String, String> serviceAccountAnnotations;
  private final Map<String, String> podAnnotations;
  private final List<Volume> volumes;
  private final List<VolumeMount> volumeMounts;
  private final List<Container> sidecars;
  private final PodTemplateSpec podTemplate;
  private final PodTemplateSpec jobManagerPodTemplate;
  private final PodTemplateSpec taskManagerPodTemplate;
  private final Backend backend;
  private final OperatorAutoscaler operatorAutoscaler;

  ClusterProps(ClusterBuilder<?> b) {
    name = b.name;
    flinkVersion = b.flinkVersion;
    image = b.image;
    imagePullPolicy = b.imagePullPolicy;
    imagePullSecrets = copy(b.imagePullSecrets);
    taskManagers = b.taskManagers;
    taskSlots = b.taskSlots;
    jobManager = b.jobManager;
    taskManager = b.taskManager;
    flinkConfiguration = copy(b.flinkConfiguration);
    logConfiguration = b.logConfiguration;
    env = copy(b.env);
    restService = b.restService;
    jobManagerReplicas = b.jobManagerReplicas;
    highAvailability = b.highAvailability;
    localRecovery = b.localRecovery;
    stateStorage = b.stateStorage;
    autoscaling = b.autoscaling;
    scheduler = b.scheduler;
    placement = b.placement;
    networkPolicy = b.networkPolicy;
    runtimeControllerNamespace = b.runtimeControllerNamespace;
    operatorNamespace = b.operatorNamespace;
    runtimeControllerNamespaceSet = b.runtimeControllerNamespaceSet;
    operatorNamespaceSet = b.operatorNamespaceSet;
    ingressControllerNamespace = b.ingressControllerNamespace;
    prometheusNamespace = b.prometheusNamespace;
    restAccess = copy(b.restAccess);
    metricsAccess = copy(b.metricsAccess);
    prometheus = b.prometheus;
    restIngress = b.restIngress;
    serviceAccountAnnotations = copy(b.serviceAccountAnnotations);
    podAnnotations = copy(b.podAnnotations);
    volumes = copy(b.volumes);
    volumeMounts = copy(b.volumeMounts);
    sidecars = copy(b.sidecars);
    podTemplate = b.podTemplate;
    jobManagerPodTemplate = b.jobManagerPodTemplate;
    taskManagerPodTemplate = b.taskManagerPodTemplate;
    backend = b.backend == null ? Backend.STANDALONE : b.backend;
    operatorAutoscaler = b.operatorAutoscaler;
  }

  // Null-tolerant copies: null entries are reported by validation, not thrown here. Maps are sorted later,
  // after validation (Map.of iterates in a different order in every JVM, and output must not).
  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Base name of every object; null means the construct id. */
  public String getName() {
    return name;
  }

  /** As written by the user, e.g. {@code "2.1"}; null means the newest supported version. */
  public String getFlinkVersion() {
    return flinkVersion;
  }

  public String getImage() {
    return image;
  }

  public ImagePullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public List<String> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public int getTaskManagers() {
    return taskManagers;
  }

  public int getTaskSlots() {
    return taskSlots;
  }

  public Resources getJobManager() {
    return jobManager;
  }

  public Resources getTaskManager() {
    return taskManager;
  }

  /** Overrides every key flinkstack derives (written to the config file sorted by key). */
  public Map<String, String> getFlinkConfiguration() {
    return flinkConfiguration;
  }

  /** The whole {@code log4j-console.properties}; null means flinkstack's default. */
  public String getLogConfiguration() {
    return logConfiguration;
  }

  /** Environment variables (written sorted by name). */
  public Map<String, String> getEnv() {
    return env;
  }

  public RestService getRestService() {
    return restService;
  }

  /** JobManager pods; more than 1 are standbys and need highAvailability. */
  public int getJobManagerReplicas() {
    return jobManagerReplicas;
  }

  /** Kubernetes HA; null for none. */
  public HAConfig getHighAvailability() {
    return highAvailability;
  }

  /** TaskManager volumes for local recovery; null for none. */
  public LocalRecoveryStatefulSet getLocalRecovery() {
    return localRecovery;
  }

  /** Checkpoint and savepoint storage; null for none. */
  public StateStorage getStateStorage() {
    return stateStorage;
  }

  /** HPA on the TaskManagers; null for a fixed count. */
  public TaskManagerAutoscaling getAutoscaling() {
    return autoscaling;
  }

  /** Null means ADAPTIVE under autoscaling or an application's flinkAutoscaler in ACT mode, else DEFAULT. */
  public Scheduler getScheduler() {
    return scheduler;
  }

  /** Node selection and spreading. */
  public Placement getPlacement() {
    return placement;
  }

  /** Whether a NetworkPolicy is synthesized. */
  public boolean isNetworkPolicy() {
    return networkPolicy;
  }

  /** The runtime controller's namespace, admitted to REST; null for none. */
  public String getRuntimeControllerNamespace() {
    return runtimeControllerNamespace;
  }

  /** The Apache operator's namespace, admitted to REST under the operator backend; null for none. */
  public String getOperatorNamespace() {
    return operatorNamespace;
  }

  /** The Ingress controller's namespace, admitted to REST when there is a restIngress; null for none. */
  public String getIngressControllerNamespace() {
    return ingressControllerNamespace;
  }

  /** Prometheus' namespace, admitted to the metrics port; null for none. */
  public String getPrometheusNamespace() {
    return prometheusNamespace;
  }

  /** Who may reach the REST port. */
  public List<NetworkAccess> getRestAccess() {
    return restAccess;
  }

  /** Who may scrape the metrics port. */
  public List<NetworkAccess> getMetricsAccess() {
    return metricsAccess;
  }

  /** Whether the Prometheus reporter is on. */
  public boolean isPrometheus() {
    return prometheus;
  }

  /** Ingress to the REST API; null for none. */
  public RestIngress getRestIngress() {
    return restIngress;
  }

  /** Annotations of the ServiceAccount. */
  public Map<String, String> getServiceAccountAnnotations() {
    return serviceAccountAnnotations;
  }

  /** Annotations of every Flink pod. */
  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  /** Extra volumes of every Flink pod. */
  public List<Volume> getVolumes() {
    return volumes;
  }

  /** Extra mounts of every Flink container. */
  public List<VolumeMount> getVolumeMounts() {
    return volumeMounts;
  }

  /** Extra containers of every Flink pod. */
  public List<Container> getSidecars() {
    return sidecars;
  }

  /** Merged into every Flink pod; null for none. */
  public PodTemplateSpec getPodTemplate() {
    return podTemplate;
  }

  /** Merged into JobManager pods after podTemplate. */
  public PodTemplateSpec getJobManagerPodTemplate() {
    return jobManagerPodTemplate;
  }

  /** Merged into TaskManager pods after podTemplate. */
  public PodTemplateSpec getTaskManagerPodTemplate() {
    return taskManagerPodTemplate;
  }

  public Backend getBackend() {
    return backend;
  }

  /** Null for none. */
  public OperatorAutoscaler getOperatorAutoscaler() {
    return operatorAutoscaler;
  }
}
