package io.flinkstack.stacks;

import com.pulumi.Config;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RuntimeControllerProps;
import io.flinkstack.constructs.StateStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The stack's configuration ({@code Pulumi.<stack>.yaml}, namespace {@code flinkstack}). Only this class
 * reads it: each value is parsed and checked for its form here, and the application's own rules (names,
 * images, jar URIs, parallelism against slots…) are left to the constructs, whose messages reach the user
 * unchanged. Values that belong to a construct of their own (state storage, resources, the autoscaler, the Ingress,
 * the runtime controller) are handed over through that construct's own factory or builder, defaults included.
 */
record StackConfig(
    String name,
    String namespace,
    boolean createNamespace,
    String image,
    String jarUri,
    @Nullable String flinkVersion,
    @Nullable Integer parallelism,
    int taskManagers,
    int taskSlots,
    boolean ha,
    @Nullable String haStorageDir,
    @Nullable Integer jobManagerReplicas,
    @Nullable StateStorage stateStorage,
    @Nullable Resources jobManager,
    @Nullable Resources taskManager,
    @Nullable HpaAutoscaler autoscaling,
    @Nullable RestIngress restIngress,
    @Nullable String ingressControllerNamespace,
    @Nullable RuntimeControllerProps runtimeController) {

  static final String CONFIG_NAMESPACE = "flinkstack";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Reads every key, then fails once listing every problem. */
  static StackConfig read(Config config) {
    Reader r = new Reader(config);
    String name = r.optional("name").orElse("flink");
    String namespace = r.required("namespace");
    if (namespace != null && !r.namespaceName("namespace", namespace)) {
      namespace = null;
    }
    boolean createNamespace = r.bool("createNamespace", false);
    String image = r.required("image");
    String jarUri = r.required("jarUri");
    String flinkVersion = r.optional("flinkVersion").orElse(null);
    Integer parallelism = r.integer("parallelism", null);
    Integer taskManagers = r.integer("taskManagers", 1);
    Integer taskSlots = r.integer("taskSlots", 1);
    boolean ha = r.bool("ha", false);
    String haStorageDir = r.optional("haStorageDir").orElse(null);
    if (haStorageDir != null && !ha) {
      r.problem("haStorageDir",
          "is only used with high availability; set " + CONFIG_NAMESPACE + ":ha to true or remove it");
    }
    Integer jobManagerReplicas = r.integer("jobManagerReplicas", null);
    StateStorage stateStorage = stateStorage(r);
    // A half left out keeps the constructs' default for that half.
    FlinkApplicationProps defaults = FlinkApplicationProps.builder().build();
    Resources jobManager = resources(r, "jobManager", defaults.getJobManager());
    Resources taskManager = resources(r, "taskManager", defaults.getTaskManager());
    HpaAutoscaler autoscaling = autoscaling(r);
    RestIngress restIngress = restIngress(r);
    String ingressControllerNamespace = r.optional("ingressControllerNamespace").orElse(null);
    if (ingressControllerNamespace != null && restIngress == null) {
      r.onlyWith("ingressControllerNamespace", "ingressHost", "an Ingress");
    }
    RuntimeControllerProps runtimeController = runtimeController(r, namespace);
    r.failIfAny();
    return new StackConfig(name, namespace, createNamespace, image, jarUri, flinkVersion, parallelism,
        taskManagers, taskSlots, ha, haStorageDir, jobManagerReplicas, stateStorage, jobManager, taskManager,
        autoscaling, restIngress, ingressControllerNamespace, runtimeController);
  }

  /** An object store at {@code stateStorage}, or a new shared volume of {@code stateStorageVolumeSize}; not both. */
  @Nullable
  private static StateStorage stateStorage(Reader r) {
    String baseUri = r.optional("stateStorage").orElse(null);
    String volumeSize = r.optional("stateStorageVolumeSize").orElse(null);
    String storageClass = r.optional("stateStorageClass").orElse(null);
    if (baseUri != null && volumeSize != null) {
      r.problem("stateStorageVolumeSize", "a shared volume and an object store (" + CONFIG_NAMESPACE
          + ":stateStorage) are two places for the same state; keep one");
      return null;
    }
    if (storageClass != null && volumeSize == null) {
      r.onlyWith("stateStorageClass", "stateStorageVolumeSize", "a shared state volume");
    }
    if (baseUri != null) {
      return StateStorage.objectStore(baseUri);
    }
    return volumeSize == null ? null : StateStorage.sharedVolume(volumeSize, storageClass);
  }

  /** {@code <process>Memory} and {@code <process>Cpu}; null when neither is set (the constructs' default). */
  @Nullable
  private static Resources resources(Reader r, String process, Resources defaults) {
    String memory = r.optional(process + "Memory").orElse(null);
    Double cpu = r.decimal(process + "Cpu");
    if (memory == null && cpu == null) {
      return null;
    }
    return Resources.of(memory == null ? defaults.memory() : memory, cpu == null ? defaults.cpu() : cpu);
  }

  /** An HPA on the TaskManagers when {@code autoscalingMaxTaskManagers} is set; the other keys refine it. */
  @Nullable
  private static HpaAutoscaler autoscaling(Reader r) {
    if (r.optional("autoscalingMaxTaskManagers").isEmpty()) {
      for (String key : List.of("autoscalingMinTaskManagers", "autoscalingCpuUtilization")) {
        if (r.optional(key).isPresent()) {
          r.onlyWith(key, "autoscalingMaxTaskManagers", "autoscaling");
        }
      }
      return null;
    }
    Integer max = r.integer("autoscalingMaxTaskManagers", null);
    Integer min = r.integer("autoscalingMinTaskManagers", null);
    Integer cpu = r.integer("autoscalingCpuUtilization", null);
    if (r.optional("taskManagers").isPresent()) {
      r.problem("taskManagers", "is ignored under autoscaling (the HorizontalPodAutoscaler sets the count, between "
          + CONFIG_NAMESPACE + ":autoscalingMinTaskManagers and " + CONFIG_NAMESPACE
          + ":autoscalingMaxTaskManagers); remove it");
    }
    if (max == null) {
      return null; // not a number: reported
    }
    HpaAutoscaler.Builder hpa = HpaAutoscaler.builder().maxReplicas(max);
    if (min != null) {
      hpa.minReplicas(min);
    }
    if (cpu != null) {
      hpa.cpuUtilization(cpu);
    }
    return hpa.build();
  }

  /**
   * An Ingress to the REST API when {@code ingressHost} is set. Flink's REST API has no authentication, so the
   * configuration must say what protects it, as the constructs demand of every exposure.
   */
  @Nullable
  private static RestIngress restIngress(Reader r) {
    String host = r.optional("ingressHost").orElse(null);
    String className = r.optional("ingressClassName").orElse(null);
    String tlsSecret = r.optional("ingressTlsSecret").orElse(null);
    String authenticatedBy = r.optional("ingressAuthenticatedBy").orElse(null);
    if (host == null) {
      for (String key : List.of("ingressClassName", "ingressTlsSecret", "ingressAuthenticatedBy",
          "ingressUnauthenticated")) {
        if (r.optional(key).isPresent()) {
          r.onlyWith(key, "ingressHost", "an Ingress");
        }
      }
      return null;
    }
    boolean unauthenticated = r.bool("ingressUnauthenticated", false);
    RestProtection protection = null;
    if (authenticatedBy != null && unauthenticated) {
      r.problem("ingressUnauthenticated", "contradicts " + CONFIG_NAMESPACE
          + ":ingressAuthenticatedBy (something authenticates the requests); keep one");
    } else if (authenticatedBy != null) {
      protection = RestProtection.authenticatedBy(authenticatedBy);
    } else if (unauthenticated) {
      protection = RestProtection.unauthenticated();
    } else {
      r.problem("ingressHost", "publishes Flink's REST API, which has no authentication and runs any job it is sent;"
          + " say what protects it with `pulumi config set " + CONFIG_NAMESPACE
          + ":ingressAuthenticatedBy \"<what authenticates every request>\"`, or set " + CONFIG_NAMESPACE
          + ":ingressUnauthenticated to true to accept that anyone who reaches it can run code");
    }
    RestIngress.Builder ingress = RestIngress.builder().host(host).protectedBy(protection);
    if (className != null) {
      ingress.ingressClassName(className);
    }
    if (tlsSecret != null) {
      ingress.tlsSecretName(tlsSecret);
    }
    return ingress.build();
  }

  /**
   * flinkstack's runtime controller, watching the application's namespace only, when {@code runtimeController} is
   * true. It runs in {@code runtimeControllerNamespace}, by default the application's namespace.
   */
  @Nullable
  private static RuntimeControllerProps runtimeController(Reader r, @Nullable String appNamespace) {
    String image = r.optional("runtimeControllerImage").orElse(null);
    String namespace = r.optional("runtimeControllerNamespace").orElse(null);
    if (!r.bool("runtimeController", false)) {
      for (String key : List.of("runtimeControllerImage", "runtimeControllerNamespace")) {
        if (r.optional(key).isPresent()) {
          r.problem(key, "is only used with the runtime controller; set " + CONFIG_NAMESPACE
              + ":runtimeController to true or remove it");
        }
      }
      return null;
    }
    if (image == null) {
      r.problem("runtimeControllerImage", "required with the runtime controller (flinkstack builds no controller"
          + " image); set it with `pulumi config set " + CONFIG_NAMESPACE + ":runtimeControllerImage <value>`");
    }
    if (namespace != null) {
      r.namespaceName("runtimeControllerNamespace", namespace);
    }
    if (appNamespace == null || image == null) {
      return null; // reported
    }
    return RuntimeControllerProps.builder()
        .image(image)
        .namespace(namespace == null ? appNamespace : namespace)
        .watchNamespaces(List.of(appNamespace))
        .build();
  }

  /**
   * The construct's props. {@code ha} is the constructs' Kubernetes HA ({@link HighAvailability}), with its storage
   * directory when given; whatever it still lacks is the constructs' to report. Everything else keeps the
   * constructs' defaults.
   */
  FlinkApplicationArgs toArgs() {
    FlinkApplicationProps.Builder props = FlinkApplicationProps.builder()
        .name(name)
        .image(image)
        .jarUri(jarUri)
        .parallelism(parallelism)
        .taskManagers(taskManagers)
        .taskSlots(taskSlots);
    if (flinkVersion != null) {
      props.flinkVersion(flinkVersion);
    }
    if (ha) {
      props.highAvailability(HighAvailability.builder().storageDir(haStorageDir).build());
    }
    if (jobManagerReplicas != null) {
      props.jobManagerReplicas(jobManagerReplicas);
    }
    if (stateStorage != null) {
      props.stateStorage(stateStorage);
    }
    if (jobManager != null) {
      props.jobManager(jobManager);
    }
    if (taskManager != null) {
      props.taskManager(taskManager);
    }
    if (autoscaling != null) {
      props.autoscaling(autoscaling);
    }
    if (restIngress != null) {
      props.restIngress(restIngress);
    }
    if (ingressControllerNamespace != null) {
      props.ingressControllerNamespace(ingressControllerNamespace);
    }
    return FlinkApplicationArgs.builder()
        .namespace(namespace)
        .createNamespace(createNamespace)
        .runtimeController(runtimeController)
        .props(props.build())
        .build();
  }

  private static final class Reader {
    private final Config config;
    private final List<String> problems = new ArrayList<>();

    Reader(Config config) {
      this.config = config;
    }

    Optional<String> optional(String key) {
      return config.get(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    @Nullable
    String required(String key) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        problem(key, "required; set it with `pulumi config set " + CONFIG_NAMESPACE + ":" + key + " <value>`");
      }
      return value.orElse(null);
    }

    @Nullable
    Integer integer(String key, @Nullable Integer defaultValue) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        return defaultValue;
      }
      try {
        return Integer.valueOf(value.get());
      } catch (NumberFormatException e) {
        problem(key, "expected a whole number, got \"" + value.get() + "\"");
        return defaultValue;
      }
    }

    @Nullable
    Double decimal(String key) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        return null;
      }
      try {
        double d = Double.parseDouble(value.get());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problem(key, "expected a number (e.g. 1 or 0.5), got \"" + value.get() + "\"");
      return null;
    }

    /** Whether {@code value} is a namespace name; reports it under {@code key} when not. */
    boolean namespaceName(String key, String value) {
      if (DNS_LABEL.matcher(value).matches()) {
        return true;
      }
      problem(key, "\"" + value + "\" is not a Kubernetes namespace name (lower-case letters, digits"
          + " and '-', at most 63 characters, starting and ending with a letter or digit)");
      return false;
    }

    /** {@code key} was set without {@code requiredKey}, which turns {@code feature} on. */
    void onlyWith(String key, String requiredKey, String feature) {
      problem(key, "is only used with " + feature + "; set " + CONFIG_NAMESPACE + ":" + requiredKey
          + " or remove it");
    }

    boolean bool(String key, boolean defaultValue) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        return defaultValue;
      }
      if (value.get().equals("true") || value.get().equals("false")) {
        return Boolean.parseBoolean(value.get());
      }
      problem(key, "expected true or false, got \"" + value.get() + "\"");
      return defaultValue;
    }

    void problem(String key, String message) {
      problems.add(CONFIG_NAMESPACE + ":" + key + ": " + message);
    }

    void failIfAny() {
      if (!problems.isEmpty()) {
        throw new StackConfigException(problems);
      }
    }
  }
}
