package io.flinkstack.stacks;

import com.pulumi.Config;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.HighAvailability;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The stack's configuration ({@code Pulumi.<stack>.yaml}, namespace {@code flinkstack}). Only this class
 * reads it: each value is parsed and checked for its form here, and the application's own rules (names,
 * images, jar URIs, parallelism against slots…) are left to the constructs, whose messages reach the user
 * unchanged.
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
    @Nullable Integer jobManagerReplicas) {

  static final String CONFIG_NAMESPACE = "flinkstack";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Reads every key, then fails once listing every problem. */
  static StackConfig read(Config config) {
    Reader r = new Reader(config);
    String name = r.optional("name").orElse("flink");
    String namespace = r.required("namespace");
    if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
      r.problem("namespace", "\"" + namespace + "\" is not a Kubernetes namespace name (lower-case letters, digits"
          + " and '-', at most 63 characters, starting and ending with a letter or digit)");
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
    r.failIfAny();
    return new StackConfig(name, namespace, createNamespace, image, jarUri, flinkVersion, parallelism,
        taskManagers, taskSlots, ha, haStorageDir, jobManagerReplicas);
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
    return FlinkApplicationArgs.builder()
        .namespace(namespace)
        .createNamespace(createNamespace)
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
