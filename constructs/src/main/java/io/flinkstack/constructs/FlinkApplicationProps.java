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
 * Everything a {@link FlinkApplication} needs: an application-mode Flink cluster that runs one job.
 * Immutable; build it with {@link #builder()} or through {@link FlinkApplication.Builder}. Nothing is
 * checked here: {@link FlinkApplication} validates all properties at once and reports every problem.
 */
public final class FlinkApplicationProps {
  private final String name;
  private final String flinkVersion;
  private final String image;
  private final ImagePullPolicy imagePullPolicy;
  private final List<String> imagePullSecrets;
  private final String jarUri;
  private final String entryClass;
  private final List<String> args;
  private final Integer parallelism;
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

  private FlinkApplicationProps(Builder b) {
    name = b.name;
    flinkVersion = b.flinkVersion;
    image = b.image;
    imagePullPolicy = b.imagePullPolicy;
    imagePullSecrets = copy(b.imagePullSecrets);
    jarUri = b.jarUri;
    entryClass = b.entryClass;
    args = copy(b.args);
    parallelism = b.parallelism;
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
  }

  // Null-tolerant copies: null entries are reported by validation, not thrown here. Maps are sorted later,
  // after validation (Map.of iterates in a different order in every JVM, and output must not).
  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public static Builder builder() {
    return new Builder();
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

  public String getJarUri() {
    return jarUri;
  }

  public String getEntryClass() {
    return entryClass;
  }

  public List<String> getArgs() {
    return args;
  }

  /** Null means taskManagers × taskSlots. */
  public Integer getParallelism() {
    return parallelism;
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

  /** Null means ADAPTIVE under autoscaling, else DEFAULT. */
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

  /** Builder of {@link FlinkApplicationProps}; every property but image and jarUri has a default. */
  public static final class Builder {
    private String name;
    private String flinkVersion;
    private String image;
    private ImagePullPolicy imagePullPolicy = ImagePullPolicy.IF_NOT_PRESENT;
    private List<String> imagePullSecrets = List.of();
    private String jarUri;
    private String entryClass;
    private List<String> args = List.of();
    private Integer parallelism;
    private int taskManagers = 1;
    private int taskSlots = 1;
    private Resources jobManager = Resources.of("1600m", 1);
    private Resources taskManager = Resources.of("1728m", 1);
    private Map<String, String> flinkConfiguration = Map.of();
    private String logConfiguration;
    private Map<String, String> env = Map.of();
    private RestService restService = RestService.clusterIp();
    private int jobManagerReplicas = 1;
    private HAConfig highAvailability = null;
    private LocalRecoveryStatefulSet localRecovery = null;
    private StateStorage stateStorage = null;
    private TaskManagerAutoscaling autoscaling = null;
    private Scheduler scheduler = null;
    private Placement placement = Placement.defaults();
    private boolean networkPolicy = true;
    private List<NetworkAccess> restAccess = List.of(NetworkAccess.sameNamespace());
    private List<NetworkAccess> metricsAccess = List.of(NetworkAccess.sameNamespace());
    private boolean prometheus = true;
    private RestIngress restIngress = null;
    private Map<String, String> serviceAccountAnnotations = Map.of();
    private Map<String, String> podAnnotations = Map.of();
    private List<Volume> volumes = List.of();
    private List<VolumeMount> volumeMounts = List.of();
    private List<Container> sidecars = List.of();
    private PodTemplateSpec podTemplate = null;
    private PodTemplateSpec jobManagerPodTemplate = null;
    private PodTemplateSpec taskManagerPodTemplate = null;

    private Builder() {}

    /** Base name of every object (a DNS-1123 label of at most 40 characters); default: the construct id. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder flinkVersion(FlinkVersion flinkVersion) {
      this.flinkVersion = flinkVersion == null ? null : flinkVersion.toString();
      return this;
    }

    /** The version as text, e.g. {@code "1.20"}: an unknown one is reported when validating. */
    public Builder flinkVersion(String flinkVersion) {
      this.flinkVersion = flinkVersion;
      return this;
    }

    /** Container image with Flink and, for {@code local://} jars, the job (required). */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder imagePullPolicy(ImagePullPolicy imagePullPolicy) {
      this.imagePullPolicy = imagePullPolicy;
      return this;
    }

    /** Names of docker-registry Secrets in the chart's namespace. */
    public Builder imagePullSecrets(List<String> imagePullSecrets) {
      this.imagePullSecrets = imagePullSecrets;
      return this;
    }

    /** The job jar: {@code local:///opt/flink/usrlib/job.jar} (in the image) or, Flink 1.18+, a remote URI. */
    public Builder jarUri(String jarUri) {
      this.jarUri = jarUri;
      return this;
    }

    /** The job's main class; default: the jar manifest's Main-Class. */
    public Builder entryClass(String entryClass) {
      this.entryClass = entryClass;
      return this;
    }

    /** Program arguments of the job's main method. */
    public Builder args(List<String> args) {
      this.args = args;
      return this;
    }

    /** Default parallelism of the job; default: taskManagers × taskSlots. */
    public Builder parallelism(Integer parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** Number of TaskManager pods (default 1). */
    public Builder taskManagers(int taskManagers) {
      this.taskManagers = taskManagers;
      return this;
    }

    /** Task slots per TaskManager (default 1). */
    public Builder taskSlots(int taskSlots) {
      this.taskSlots = taskSlots;
      return this;
    }

    /** JobManager memory and CPU (default 1600m, 1 core: Flink's own default process size). */
    public Builder jobManager(Resources jobManager) {
      this.jobManager = jobManager;
      return this;
    }

    /** TaskManager memory and CPU (default 1728m, 1 core: Flink's own default process size). */
    public Builder taskManager(Resources taskManager) {
      this.taskManager = taskManager;
      return this;
    }

    /** Flink configuration keys; they win over every key flinkstack derives. */
    public Builder flinkConfiguration(Map<String, String> flinkConfiguration) {
      this.flinkConfiguration = flinkConfiguration;
      return this;
    }

    /** Replaces flinkstack's {@code log4j-console.properties}. */
    public Builder logConfiguration(String logConfiguration) {
      this.logConfiguration = logConfiguration;
      return this;
    }

    /** Environment variables of every Flink container. */
    public Builder env(Map<String, String> env) {
      this.env = env;
      return this;
    }

    /** How the REST API is exposed (default {@link RestService#clusterIp()}). */
    public Builder restService(RestService restService) {
      this.restService = restService;
      return this;
    }

    /** JobManager pods (default 1); 2 or more run standby JobManagers and need {@link #highAvailability(HAConfig)}. */
    public Builder jobManagerReplicas(int jobManagerReplicas) {
      this.jobManagerReplicas = jobManagerReplicas;
      return this;
    }

    /** Kubernetes high availability: leader election in ConfigMaps/Leases, RBAC, restart strategy. */
    public Builder highAvailability(HAConfig highAvailability) {
      this.highAvailability = highAvailability;
      return this;
    }

    /** A volume per TaskManager, a stable resource id and task-local recovery. */
    public Builder localRecovery(LocalRecoveryStatefulSet localRecovery) {
      this.localRecovery = localRecovery;
      return this;
    }

    /** Where checkpoints and savepoints go. */
    public Builder stateStorage(StateStorage stateStorage) {
      this.stateStorage = stateStorage;
      return this;
    }

    /** A HorizontalPodAutoscaler on the TaskManagers (then taskManagers is ignored and replicas omitted). */
    public Builder autoscaling(TaskManagerAutoscaling autoscaling) {
      this.autoscaling = autoscaling;
      return this;
    }

    /** Flink's scheduler; default ADAPTIVE under autoscaling, else DEFAULT. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** Node selectors, tolerations, spreading and priority of Flink pods. */
    public Builder placement(Placement placement) {
      this.placement = placement;
      return this;
    }

    /** Synthesize a NetworkPolicy that admits rpc/blob/data traffic only between the cluster's own pods (default true). */
    public Builder networkPolicy(boolean networkPolicy) {
      this.networkPolicy = networkPolicy;
      return this;
    }

    /** Who may reach the REST API through the NetworkPolicy (default: pods in the same namespace). */
    public Builder restAccess(List<NetworkAccess> restAccess) {
      this.restAccess = restAccess;
      return this;
    }

    /** Who may scrape Prometheus metrics through the NetworkPolicy (default: pods in the same namespace). */
    public Builder metricsAccess(List<NetworkAccess> metricsAccess) {
      this.metricsAccess = metricsAccess;
      return this;
    }

    /** Flink's Prometheus reporter on port 9249, named {@code metrics} on every pod (default true). */
    public Builder prometheus(boolean prometheus) {
      this.prometheus = prometheus;
      return this;
    }

    /** An Ingress to the REST API and web UI. */
    public Builder restIngress(RestIngress restIngress) {
      this.restIngress = restIngress;
      return this;
    }

    /** Annotations of the Flink ServiceAccount, e.g. for workload identity (IRSA, GKE, Azure). */
    public Builder serviceAccountAnnotations(Map<String, String> serviceAccountAnnotations) {
      this.serviceAccountAnnotations = serviceAccountAnnotations;
      return this;
    }

    /** Annotations of every Flink pod. */
    public Builder podAnnotations(Map<String, String> podAnnotations) {
      this.podAnnotations = podAnnotations;
      return this;
    }

    /** Extra volumes of every Flink pod (mount them with volumeMounts). */
    public Builder volumes(List<Volume> volumes) {
      this.volumes = volumes;
      return this;
    }

    /** Extra volume mounts of the Flink containers. */
    public Builder volumeMounts(List<VolumeMount> volumeMounts) {
      this.volumeMounts = volumeMounts;
      return this;
    }

    /** Extra containers in every Flink pod. */
    public Builder sidecars(List<Container> sidecars) {
      this.sidecars = sidecars;
      return this;
    }

    /** Escape hatch: merged into every Flink pod after flinkstack's settings (containers, volumes and env by name). */
    public Builder podTemplate(PodTemplateSpec podTemplate) {
      this.podTemplate = podTemplate;
      return this;
    }

    /** Escape hatch for JobManager pods, merged after podTemplate. */
    public Builder jobManagerPodTemplate(PodTemplateSpec jobManagerPodTemplate) {
      this.jobManagerPodTemplate = jobManagerPodTemplate;
      return this;
    }

    /** Escape hatch for TaskManager pods, merged after podTemplate. */
    public Builder taskManagerPodTemplate(PodTemplateSpec taskManagerPodTemplate) {
      this.taskManagerPodTemplate = taskManagerPodTemplate;
      return this;
    }

    public FlinkApplicationProps build() {
      return new FlinkApplicationProps(this);
    }
  }
}
