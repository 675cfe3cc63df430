package io.flinkstack.constructs.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.ClusterProps;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.units.Cpu;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.constructs.validation.Warnings;
import io.flinkstack.contract.FlinkPorts;
import io.flinkstack.contract.FlinkVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks {@link FlinkApplicationProps} the way the Apache operator's webhook checks a FlinkDeployment,
 * but before anything is applied, and resolves defaults into a {@link ClusterSpec}. Every problem is
 * reported at once, each naming the field and the fix.
 */
public final class ClusterValidator {
  /** Leaves room for "-taskmanager" and the StatefulSet's 11-character revision-hash suffix within 63. */
  static final int MAX_NAME_LENGTH = 40;

  private static final Set<String> REMOTE_JAR_SCHEMES =
      Set.of("http", "https", "s3", "s3a", "s3p", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "hdfs", "file");
  private static final Pattern JAVA_CLASS =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final MemorySize MIN_HEAP = MemorySize.ofMebibytes(1);

  /** Keys flinkstack derives from a typed property: an override would make the two disagree. */
  private static final Map<String, String> TYPED_KEYS =
      Map.of(
          "jobmanager.memory.process.size", "jobManager(Resources.of(memory, cpu))",
          "taskmanager.memory.process.size", "taskManager(Resources.of(memory, cpu))",
          "taskmanager.numberOfTaskSlots", "taskSlots(n)",
          "parallelism.default", "parallelism(n)");

  /** Flink 1.19+: lets the application entrypoint fetch a job jar over plain http. */
  static final String RAW_HTTP_KEY = "user.artifacts.raw-http-enabled";

  /** Keys the synthesized Services depend on. */
  private static final Set<String> FIXED_KEYS =
      Set.of("jobmanager.rpc.address", "jobmanager.rpc.port", "blob.server.port", "rest.port", "taskmanager.rpc.port");

  private ClusterValidator() {}

  /**
   * @param defaultName the construct id, used when the props name nothing
   * @param path the construct path, for messages (computed only when there is a problem)
   * @throws io.flinkstack.constructs.validation.ValidationException listing every problem
   */
  public static ClusterSpec validate(FlinkApplicationProps props, String defaultName, Supplier<String> path) {
    return validateCluster(props, props, defaultName, path, PeerNamespaces.of(props));
  }

  /** The same, admitting the controllers of {@code peers} (the app's, where the properties leave them unset). */
  public static ClusterSpec validate(FlinkApplicationProps props, String defaultName, Supplier<String> path,
      PeerNamespaces peers) {
    return validateCluster(props, props, defaultName, path, peers);
  }

  /** The same for a session cluster: no job of its own. */
  public static ClusterSpec validateSession(ClusterProps props, String defaultName, Supplier<String> path) {
    return validateCluster(props, null, defaultName, path, PeerNamespaces.of(props));
  }

  /** A session cluster admitting the controllers of {@code peers}. */
  public static ClusterSpec validateSession(ClusterProps props, String defaultName, Supplier<String> path,
      PeerNamespaces peers) {
    return validateCluster(props, null, defaultName, path, peers);
  }

  private static ClusterSpec validateCluster(
      ClusterProps props, FlinkApplicationProps app, String defaultName, Supplier<String> path, PeerNamespaces peers) {
    Problems problems = new Problems(path);

    String name = props.getName() != null ? props.getName() : defaultName;
    if (!Names.isDns1123Label(name) || name.length() > MAX_NAME_LENGTH || !Character.isLetter(name.charAt(0))) {
      String suggestion = Names.suggestLabel(name == null ? "" : name);
      if (suggestion.length() > MAX_NAME_LENGTH) {
        suggestion = suggestion.substring(0, MAX_NAME_LENGTH).replaceAll("-+$", "");
      }
      problems.add(
          "name",
          String.format(
              "'%s' is not a valid name: use lower-case letters, digits and '-', starting with a letter (Service"
                  + " names must) and ending with a letter or digit, at most %d characters%s",
              name, MAX_NAME_LENGTH, suggestion.isEmpty() ? "" : " (e.g. '" + suggestion + "')"));
    }

    FlinkVersion version = FlinkVersion.DEFAULT;
    if (props.getFlinkVersion() != null) {
      version = FlinkVersion.parse(props.getFlinkVersion()).orElse(null);
      if (version == null) {
        problems.add(
            "flinkVersion",
            String.format("'%s' is not a Flink version flinkstack supports; use one of %s",
                props.getFlinkVersion(), FlinkVersion.supported()));
        version = FlinkVersion.DEFAULT;
      }
    }

    if (app != null && version != null && !version.verified()) {
      Warnings.warn(path, "flinkVersion", String.format("Flink %s is accepted but not verified: its application"
          + " entrypoint (flink-container %s) is not available to flinkstack's tests, so these manifests have not run"
          + " on Flink %s's own classes; prefer %s or %s", version, version, version,
          FlinkVersion.V1_20, FlinkVersion.DEFAULT));
    }
    if (app != null && app.getJob() != null && props.getBackend() != Backend.OPERATOR && props.getHighAvailability() == null
        && ApplicationJobFeature.upgradeMode(app.getJob(), props) == UpgradeMode.SAVEPOINT) {
      // Flink's application mode without HA recovers nothing after a JobManager restart. The start script resumes from
      // the deployment's latest checkpoint with the runtime controller's resolver (ControllerUpgradeFeature), so without
      // a controller it goes back to the savepoint it last started from. Accepted, but said.
      Warnings.warn(path, "highAvailability", "is not set: after a JobManager restart (a crash, an eviction, a node drain)"
          + " the job resumes from its latest checkpoint only once the runtime controller has written its resolver into"
          + " the cluster's restore ConfigMap (at its first look at the cluster), else from the savepoint it last started"
          + " from, replaying everything since; and the TaskManagers rejoin only after Flink's heartbeat timeout. Set"
          + " highAvailability(HighAvailability.builder().build()) for a recovery that does not depend on the controller,"
          + " or upgrade mode STATELESS when the job's state does not matter");
    }
    String image = props.getImage();
    if (image == null || image.isBlank()) {
      problems.add("image", "is required: set the container image that runs Flink, e.g. image(\"flink:" + version + "\")");
    } else if (!image.equals(image.strip()) || image.chars().anyMatch(Character::isWhitespace)) {
      problems.add("image", String.format("'%s' contains white space; remove it", image));
    }

    ImagePullPolicy pullPolicy = props.getImagePullPolicy() == null ? ImagePullPolicy.IF_NOT_PRESENT : props.getImagePullPolicy();
    List<String> pullSecrets = props.getImagePullSecrets();
    for (int i = 0; i < pullSecrets.size(); i++) {
      problems.check(Names.isDns1123Subdomain(pullSecrets.get(i)), "imagePullSecrets[" + i + "]",
          String.format("'%s' is not a Secret name; use the name of a docker-registry Secret in the same namespace",
              pullSecrets.get(i)));
    }

    String entryClass = null;
    List<String> args = List.of();
    if (app != null) {
      checkJarUri(app.getJarUri(), version, props.getFlinkConfiguration(), problems);
      entryClass = app.getEntryClass();
      checkEntryClass(entryClass, "entryClass", problems);
      args = app.getArgs();
      checkArgs(args, "args", problems);
    }

    int taskManagers = props.getTaskManagers();
    int taskSlots = props.getTaskSlots();
    boolean countsOk = problems.check(taskManagers >= 1, "taskManagers",
        String.format("%d is not a TaskManager count; use 1 or more", taskManagers));
    countsOk &= problems.check(taskSlots >= 1, "taskSlots",
        String.format("%d is not a slot count; use 1 or more slots per TaskManager", taskSlots));
    // Under an autoscaler the job may grow to the most TaskManagers it allows.
    boolean autoscaled = props.getAutoscaling() != null;
    int poolSize = AutoscalingFeature.poolSize(props);
    String pool = autoscaled ? "autoscaling.maxReplicas" : "taskManagers";
    int slots = Math.max(1, poolSize) * Math.max(1, taskSlots);
    int parallelism = app == null ? 0 : app.getParallelism() == null ? slots : app.getParallelism();
    if (app == null) {
      // A session cluster's jobs bring their own parallelism (checked by SessionJob against these slots).
      problems.check(props.getScheduler() != Scheduler.REACTIVE, "scheduler", "reactive mode runs one job on every"
          + " slot, so it exists only in application mode; use Scheduler.ADAPTIVE for a session cluster");
    } else if (parallelism < 1) {
      problems.add("parallelism", String.format("%d is not a parallelism; use 1 or more, or leave it unset for"
          + " %s × taskSlots", parallelism, pool));
    } else if (countsOk && parallelism > slots && props.getBackend() != Backend.OPERATOR) {
      // (In the operator's native mode the JobManager starts as many TaskManagers as the parallelism needs.)
      problems.add("parallelism", String.format(
          "%d is more than the %d slots of %s × taskSlots = %d × %d, so the job would wait for slots"
              + " forever; raise %s to %d, or taskSlots to %d, or lower parallelism to %d",
          parallelism, slots, pool, poolSize, taskSlots, pool, ceilDiv(parallelism, taskSlots),
          ceilDiv(parallelism, poolSize), slots));
    }

    FeatureCheck featureInput = new FeatureCheck(props, app, name, version);
    for (ClusterFeature feature : ClusterFeature.ALL) {
      feature.check(featureInput, problems);
    }
    if (props.getPlacement() != null && props.getPlacement().getPriorityClassName() != null) {
      problems.check(Names.isDns1123Subdomain(props.getPlacement().getPriorityClassName()), "placement.priorityClassName",
          String.format("'%s' is not a PriorityClass name", props.getPlacement().getPriorityClassName()));
    }
    checkPodExtras(props, problems);
    OperatorManifests.check(props, version, problems);
    UpgradeMode upgradeMode = app == null ? null : ApplicationJobFeature.upgradeMode(app.getJob(), props);
    boolean acting = false;
    if (app != null) {
      acting = props.getBackend() != Backend.OPERATOR && ControllerAutoscalerFeature.acts(app.getControllerAutoscaler());
      if (acting) {
        checkActingScheduler(props.getScheduler(), "leave scheduler unset (ACT mode defaults it to ADAPTIVE)", problems);
        checkActingVersion(version, "flinkVersion", problems);
      } else if (autoscaled && props.getBackend() != Backend.OPERATOR && !version.updatesResourceRequirements()) {
        Warnings.warn(path, "flinkVersion", String.format("Flink %s has no PUT /jobs/:id/resource-requirements (it came"
            + " with %s), so the runtime controller cannot rescale the job to the TaskManagers autoscaling runs: Flink's"
            + " adaptive scheduler alone uses the slots there are, up to the job's parallelism; use Flink %s or newer for"
            + " rescaling in place", version, FlinkVersion.oldestUpdatingResourceRequirements(),
            FlinkVersion.oldestUpdatingResourceRequirements()));
      }
    }
    // Under an HPA, and for an autoscaler that rescales in place, the job must follow its slots.
    Scheduler scheduler = props.getScheduler() != null ? props.getScheduler()
        : autoscaled || acting ? Scheduler.ADAPTIVE : Scheduler.DEFAULT;

    SortedMap<String, String> config = checkConfiguration(props.getFlinkConfiguration(), version, problems);
    FlinkMemoryModel model = new FlinkMemoryModel(config);
    MemorySize jmMemory = checkMemory("jobManager", props.getJobManager(), problems);
    if (jmMemory != null && model.jobManagerHeap(jmMemory).compareTo(MIN_HEAP) < 0) {
      problems.add("jobManager.memory", String.format(
          "%s leaves no JVM heap in Flink's JobManager memory model (JVM metaspace, off-heap and JVM overhead"
              + " take %s); use at least %s", props.getJobManager().memory(),
          jmMemory.minus(model.jobManagerHeap(jmMemory)), model.smallestJobManager(MIN_HEAP)));
    }
    MemorySize tmMemory = checkMemory("taskManager", props.getTaskManager(), problems);
    if (tmMemory != null && model.taskManagerHeap(tmMemory).compareTo(MIN_HEAP) < 0) {
      problems.add("taskManager.memory", String.format(
          "%s leaves no task heap in Flink's TaskManager memory model (framework, network, managed memory,"
              + " JVM metaspace and overhead take %s); use at least %s", props.getTaskManager().memory(),
          tmMemory.minus(model.taskManagerHeap(tmMemory)), model.smallestTaskManager(MIN_HEAP)));
    }

    String log = props.getLogConfiguration();
    if (log != null) {
      problems.check(!log.isBlank(), "logConfiguration",
          "is empty; give the whole log4j-console.properties, or leave it unset for flinkstack's default");
    }

    SortedMap<String, String> env = new TreeMap<>();
    props.getEnv().forEach((k, v) -> {
      if (problems.check(Names.isEnvVarName(k), "env", String.format(
          "'%s' is not an environment variable name; use letters, digits, '_', '-' and '.', not starting with a"
              + " digit", k))
          && problems.check(v != null, "env." + k, "is null; give it a value (an empty string is fine)")
          && problems.check(!RESERVED_ENV.contains(k), "env." + k, "is set by flinkstack (downward API or"
              + " Secret references for HA, local recovery and state storage); use another name")
          && problems.check(!IMAGE_ENTRYPOINT_ENV.containsKey(k), "env." + k, "would have the image's"
              + " entrypoint edit the configuration files, which flinkstack mounts read-only, so it would do nothing"
              + " (the entrypoint reports success anyway); " + IMAGE_ENTRYPOINT_ENV.get(k))) {
        env.put(k, v);
      }
    });

    RestService rest = props.getRestService() == null ? RestService.clusterIp() : props.getRestService();
    Integer nodePort = rest.fixedNodePort();
    if (nodePort != null) {
      problems.check(nodePort >= 30000 && nodePort <= 32767, "restService",
          String.format("node port %d is outside Kubernetes' default NodePort range; use a port from 30000 to 32767,"
              + " or RestService.nodePort() to let Kubernetes pick one", nodePort));
    }

    problems.throwIfAny();
    return new ClusterSpec(name, version, image, pullPolicy, pullSecrets, app == null ? null : app.getJarUri(),
        entryClass, args,
        parallelism, taskManagers, taskSlots, jmMemory, props.getJobManager().cpu(), tmMemory,
        props.getTaskManager().cpu(), config, log, env, rest, props.getJobManagerReplicas(), scheduler,
        HighAvailabilityFeature.haStorageDir(props),
        props.getHighAvailability() == null ? null
            : props.getHighAvailability().getClusterId() != null ? props.getHighAvailability().getClusterId() : name,
        props, app == null, app == null ? null : app.getJob(), upgradeMode, peers);
  }

  /**
   * A Flink autoscaler in ACT mode rescales through {@code PUT /jobs/:id/resource-requirements}, which only the
   * adaptive scheduler accepts.
   */
  static void checkActingScheduler(Scheduler scheduler, String fix, Problems problems) {
    if (scheduler == Scheduler.DEFAULT) {
      problems.add("scheduler", "Scheduler.DEFAULT cannot rescale a running job, which controllerAutoscaler in ACT mode"
          + " does; use Scheduler.ADAPTIVE, or " + fix + ", or AutoscalerMode.MONITOR");
    } else if (scheduler == Scheduler.REACTIVE) {
      problems.add("scheduler", "reactive mode runs every vertex on every slot, so it would override what"
          + " controllerAutoscaler in ACT mode sets; use Scheduler.ADAPTIVE, or " + fix + ", or AutoscalerMode.MONITOR");
    }
  }

  /**
   * A Flink autoscaler in ACT mode sets each vertex's parallelism through {@code PUT /jobs/:id/resource-requirements},
   * which Flink has only from 1.18 on ({@link FlinkVersion#updatesResourceRequirements()}, checked against each version's
   * own flink-runtime in the versions module): on an older cluster every rescale it decided would be refused.
   *
   * @param field the field that names the version, where the fix is
   */
  static void checkActingVersion(FlinkVersion version, String field, Problems problems) {
    FlinkVersion oldest = FlinkVersion.oldestUpdatingResourceRequirements();
    problems.check(version.updatesResourceRequirements(), field, String.format("Flink %s has no PUT"
        + " /jobs/:id/resource-requirements, which controllerAutoscaler in ACT mode rescales the job through (it came with"
        + " %s); use Flink %s or newer, or AutoscalerMode.MONITOR", version, oldest, oldest));
  }

  /** A fully qualified class name, or null for the jar's Main-Class. */
  public static void checkEntryClass(String entryClass, String field, Problems problems) {
    if (entryClass != null) {
      problems.check(JAVA_CLASS.matcher(entryClass).matches(), field,
          String.format("'%s' is not a Java class name; use the fully qualified name, e.g. com.example.MyJob, or leave"
              + " it unset to use the jar's Main-Class", entryClass));
    }
  }

  public static void checkArgs(List<String> args, String field, Problems problems) {
    for (int i = 0; i < args.size(); i++) {
      problems.check(args.get(i) != null, field + "[" + i + "]", "is null; remove it or give it a value");
    }
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static void checkJarUri(String jarUri, FlinkVersion version, Map<String, String> flinkConfiguration,
      Problems problems) {
    if (jarUri == null || jarUri.isBlank()) {
      problems.add("jarUri", "is required: set the job jar, e.g. jarUri(\"local:///opt/flink/usrlib/my-job.jar\")"
          + " for a jar inside the image");
      return;
    }
    URI uri;
    try {
      uri = new URI(jarUri);
    } catch (URISyntaxException e) {
      problems.add("jarUri", String.format("'%s' is not a URI (%s); e.g. local:///opt/flink/usrlib/my-job.jar",
          jarUri, e.getReason()));
      return;
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      problems.add("jarUri", String.format("'%s' has no scheme; write local://%s for a jar inside the image",
          jarUri, jarUri.startsWith("/") ? jarUri : "/" + jarUri));
      return;
    }
    if (scheme.equals("local")) {
      if (uri.getAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
        problems.add("jarUri", String.format("'%s' is not an absolute local path; local URIs take three slashes,"
            + " e.g. local:///opt/flink/usrlib/my-job.jar", jarUri));
      } else if (!uri.getPath().endsWith(".jar")) {
        problems.add("jarUri", String.format("'%s' does not name a .jar file; point it at the job jar", jarUri));
      } else if (!version.fetchesJobJars() && !uri.getPath().startsWith(FlinkVersion.USRLIB_DIR)) {
        problems.add("jarUri", String.format("Flink %s runs only jars in /opt/flink/usrlib; put the jar there,"
            + " e.g. local:///opt/flink/usrlib/my-job.jar, or use Flink %s or newer", version,
            FlinkVersion.oldestFetchingJobJars()));
      }
      return;
    }
    if (!REMOTE_JAR_SCHEMES.contains(scheme)) {
      problems.add("jarUri", String.format("scheme '%s' cannot be fetched by Flink; use local:// (in the image) or"
          + " one of %s", scheme, REMOTE_JAR_SCHEMES.stream().sorted().toList()));
    } else if (scheme.equals("http") && version.fetchesJobJars()
        && !"true".equalsIgnoreCase(String.valueOf(flinkConfiguration.get(RAW_HTTP_KEY)).strip())) {
      // Flink's ArtifactFetchManager refuses plain http unless told otherwise (https needs nothing); the JobManager
      // would fail at start with "Artifact fetching from raw HTTP endpoints are disabled".
      problems.add("jarUri", String.format("'%s' is plain http, which Flink refuses to fetch from by default; use"
          + " https://, or accept an unencrypted download with flinkConfiguration(Map.of(\"%s\", \"true\"))",
          jarUri, RAW_HTTP_KEY));
    } else if (!version.fetchesJobJars()) {
      problems.add("jarUri", String.format("Flink %s cannot fetch a job jar from '%s'; put the jar in the image and"
          + " use local:///opt/flink/usrlib/<jar>, or use Flink %s or newer", version, scheme,
          FlinkVersion.oldestFetchingJobJars()));
    }
  }

  private static SortedMap<String, String> checkConfiguration(
      Map<String, String> given, FlinkVersion version, Problems problems) {
    SortedMap<String, String> config = new TreeMap<>();
    boolean legacyFile = version.configFileName().equals("flink-conf.yaml");
    given.forEach((key, value) -> {
      String field = "flinkConfiguration." + key;
      if (key == null || key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
        problems.add("flinkConfiguration", String.format("'%s' is not a configuration key; keys are dotted words"
            + " without spaces, e.g. state.backend.type", key));
        return;
      }
      if (value == null) {
        problems.add(field, "is null; give it a value or remove the key");
        return;
      }
      String typed = TYPED_KEYS.get(key);
      if (typed != null) {
        problems.add(field, "is derived by flinkstack; remove the key and set " + typed + " instead");
        return;
      }
      if (FIXED_KEYS.contains(key)) {
        problems.add(field, String.format("is fixed by flinkstack so that the Services match (ports %d/%d/%d/%d);"
            + " remove the key", FlinkPorts.JOBMANAGER_RPC, FlinkPorts.BLOB_SERVER, FlinkPorts.REST,
            FlinkPorts.TASKMANAGER_RPC));
        return;
      }
      if (legacyFile && (key.contains("#") || value.contains("#") || value.contains("\n") || value.contains("\r"))) {
        problems.add(field, String.format("Flink %s reads flink-conf.yaml line by line and cuts keys and values at"
            + " '#' and line ends; remove them or use Flink 1.19 or newer", version));
        return;
      }
      // Flink's legacy reader trims with String.trim(), so the same test decides what survives.
      if (legacyFile && (value.isEmpty() || !value.equals(value.trim()))) {
        problems.add(field, String.format("Flink %s trims flink-conf.yaml values and skips empty ones, so '%s' would"
            + " not reach Flink as written; remove the surrounding blanks or use Flink 1.19 or newer", version, value));
        return;
      }
      config.put(key, value);
    });
    return config;
  }

  private static MemorySize checkMemory(String field, Resources resources, Problems problems) {
    if (resources == null) {
      problems.add(field, "is null; set it, e.g. " + field + "(Resources.of(\"2048m\", 1))");
      return null;
    }
    problems.check(Cpu.isValid(resources.cpu()), field + ".cpu", String.format(
        "%s is not a CPU amount; use a positive number of cores with at most 3 decimals, e.g. 1 or 0.5",
        resources.cpu()));
    MemorySize memory = MemorySize.parse(resources.memory()).orElse(null);
    if (memory == null) {
      problems.add(field + ".memory", String.format("'%s' is not a memory size; use %s", resources.memory(),
          MemorySize.ACCEPTED));
    }
    return memory;
  }

  /** Environment variables flinkstack's features set; a user value would shadow them (POD_IP breaks HA). */
  static final Set<String> RESERVED_ENV = Set.of("POD_IP", "POD_NAME", "POD_NAMESPACE", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS", "AZURE_STORAGE_KEY", HighAvailabilityFeature.REVISION_ENV,
      io.flinkstack.contract.RestoreState.POD_UID_ENV);

  /**
   * Variables the official image's {@code docker-entrypoint.sh} (apache/flink-docker) turns into edits of the
   * files under {@code /opt/flink/conf} or {@code /opt/flink/plugins}. flinkstack mounts the configuration
   * read-only on a read-only root, so the edits fail — and the script carries on and reports success. Each maps
   * to the way flinkstack expresses the same thing.
   */
  static final Map<String, String> IMAGE_ENTRYPOINT_ENV = Map.of(
      "FLINK_PROPERTIES", "set the keys with flinkConfiguration(Map.of(...)) instead",
      "TASK_MANAGER_NUMBER_OF_TASK_SLOTS", "set taskSlots(n) instead",
      "JOB_MANAGER_RPC_ADDRESS", "remove it: flinkstack sets jobmanager.rpc.address to the JobManager Service"
          + " (under high availability, to each JobManager's pod IP)",
      "ENABLE_BUILT_IN_PLUGINS", "remove it: stateStorage(...) enables the file-system plugin its scheme needs; for"
          + " other plugins, build them into the image under /opt/flink/plugins/<name>/");

  private static final Set<String> OWN_VOLUMES = Set.of(ApplicationManifests.CONFIG_VOLUME, SecurityFeature.TMP_VOLUME,
      SecurityFeature.LOG_VOLUME, ApplicationJobFeature.ARTIFACTS_VOLUME, LocalRecoveryFeature.VOLUME, StateStorageFeature.STATE_VOLUME,
      StateStorageFeature.GCS_KEY_VOLUME, io.flinkstack.contract.RestoreState.VOLUME_NAME);

  static void checkPodExtras(ClusterProps props, Problems problems) {
    Set<String> names = new HashSet<>(Set.of("jobmanager", "taskmanager"));
    for (int i = 0; i < props.getSidecars().size(); i++) {
      Container c = props.getSidecars().get(i);
      String name = c == null ? null : c.getName();
      problems.check(name != null && Names.isDns1123Label(name) && names.add(name), "sidecars[" + i + "]",
          String.format("'%s' is not a unique container name (jobmanager and taskmanager are taken)", name));
    }
    Set<String> volumes = new HashSet<>(OWN_VOLUMES);
    for (int i = 0; i < props.getVolumes().size(); i++) {
      Volume v = props.getVolumes().get(i);
      String name = v == null ? null : v.getName();
      problems.check(name != null && Names.isDns1123Label(name) && !name.startsWith(StateStorageFeature.PLUGIN_VOLUME_PREFIX)
          && volumes.add(name), "volumes[" + i + "]",
          String.format("'%s' is not a unique volume name (flinkstack uses %s)", name, new java.util.TreeSet<>(OWN_VOLUMES)));
    }
  }
}
