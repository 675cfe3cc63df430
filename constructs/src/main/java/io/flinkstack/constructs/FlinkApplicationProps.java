package io.flinkstack.constructs;

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

    public FlinkApplicationProps build() {
      return new FlinkApplicationProps(this);
    }
  }
}
