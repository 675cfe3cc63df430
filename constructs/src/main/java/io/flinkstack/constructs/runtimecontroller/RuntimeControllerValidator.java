package io.flinkstack.constructs.runtimecontroller;

import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RuntimeControllerProps;
import io.flinkstack.constructs.units.Cpu;
import io.flinkstack.constructs.units.MemorySize;
import io.flinkstack.constructs.validation.CommonChecks;
import io.flinkstack.constructs.validation.Names;
import io.flinkstack.constructs.validation.Problems;
import io.flinkstack.contract.ControllerRuntime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Validates {@link RuntimeControllerProps} and applies their defaults. Every problem is collected, each
 * naming the property and the fix, and thrown together before anything is built.
 */
public final class RuntimeControllerValidator {
  /** Leaves room for the longest suffix, {@code -leader-election}, within a 63-character label. */
  static final int MAX_NAME_LENGTH = 40;
  // A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  private RuntimeControllerValidator() {}

  /** @param path the construct path, for messages; asked for only when there is a problem */
  public static RuntimeControllerSpec validate(RuntimeControllerProps props, Supplier<String> path) {
    Problems problems = new Problems(path);
    String name = props.getName();
    problems.check(Names.isDns1123Label(name) && name.length() <= MAX_NAME_LENGTH, "name", String.format("'%s' is not"
        + " a usable name: lower-case letters, digits and '-', at most %d characters; e.g. %s", name,
        MAX_NAME_LENGTH, RuntimeControllerProps.DEFAULT_NAME));

    String namespace = props.getNamespace();
    if (problems.check(namespace != null && !namespace.isBlank(), "namespace",
        "is required; e.g. namespace(\"" + RuntimeControllerProps.DEFAULT_NAMESPACE + "\")")) {
      CommonChecks.namespace(problems, "namespace", namespace);
    }
    String image = props.getImage();
    problems.check(image != null && !image.isBlank() && !image.matches(".*\\s.*"), "image",
        (image == null || image.isBlank() ? "is required (flinkstack builds no controller image)" : "'" + image
            + "' contains white space") + "; e.g. image(\"registry.example.com/flinkstack-controller:0.1.0\")");
    CommonChecks.namespaces(problems, "watchNamespaces", props.getWatchNamespaces());

    int replicas = Objects.requireNonNullElse(props.getReplicas(), RuntimeControllerProps.DEFAULT_REPLICAS);
    problems.check(replicas >= 1, "replicas", replicas + " is less than 1; the controller needs one pod (2 for a"
        + " standby)");
    String leaseName = Objects.requireNonNullElse(props.getLeaseName(), ControllerRuntime.DEFAULT_LEASE_NAME);
    problems.check(Names.isDns1123Subdomain(leaseName), "leaseName", "'" + leaseName + "' is not a Lease name"
        + " (DNS-1123 subdomain: lower case letters, digits, '-', '.'); e.g. " + ControllerRuntime.DEFAULT_LEASE_NAME);
    String interval = props.getReconcileInterval();
    CommonChecks.flinkDuration(problems, "reconcileInterval", interval);
    List<String> jarHosts = jarHosts(props.getJarHosts(), problems);

    Resources resources = props.getResources();
    String memory = null;
    String cpu = null;
    if (problems.check(resources != null, "resources", "is null; leave it out for the default, or set e.g."
        + " resources(Resources.of(\"512Mi\", 0.25))")) {
      MemorySize size = MemorySize.parse(resources.memory()).orElse(null);
      if (problems.check(size != null, "resources.memory", String.format("'%s' is not a memory size; use %s",
          resources.memory(), MemorySize.ACCEPTED))) {
        memory = size.toQuantity();
      }
      if (problems.check(Cpu.isValid(resources.cpu()), "resources.cpu", String.format("%s is not a CPU amount; use"
          + " a positive number of cores with at most 3 decimals, e.g. 0.25 or 1", resources.cpu()))) {
        cpu = Cpu.toQuantity(resources.cpu());
      }
    }
    SortedMap<String, String> labels = labels(props.getLabels(), problems);

    problems.throwIfAny();
    return new RuntimeControllerSpec(name, namespace, image,
        Objects.requireNonNullElse(props.getImagePullPolicy(), ImagePullPolicy.IF_NOT_PRESENT).value(),
        // No namespaces given: the controller's own, never all of them (0.x dropped the all-namespaces mode).
        props.getWatchNamespaces() == null || props.getWatchNamespaces().isEmpty() ? List.of(namespace) : List.copyOf(props.getWatchNamespaces()), replicas, leaseName, interval == null ? null : interval.strip(), jarHosts,
        Boolean.TRUE.equals(props.getSavepointSnapshots()), memory, cpu,

        labels);
  }

  /** Host names or {@code *.}host names, lower-cased, without duplicates, in the given order. */
  private static List<String> jarHosts(List<String> given, Problems problems) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String host : given == null ? List.<String>of() : given) {
      String name = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
      String rest = name.startsWith("*.") ? name.substring(2) : name;
      if (problems.check(Names.isDns1123Subdomain(rest) && !rest.isEmpty(), "jarHosts", String.format("'%s' is not a"
          + " host name: give the host of the jar URIs (e.g. artifacts.example.com), or *.example.com for any host"
          + " under example.com; no scheme, port or path", host))) {
        hosts.add(name);
      }
    }
    return List.copyOf(hosts);
  }

  private static SortedMap<String, String> labels(Map<String, String> given, Problems problems) {
    SortedMap<String, String> labels = new TreeMap<>();
    given.forEach((key, value) -> {
      if (!problems.check(isLabelKey(key), "labels", String.format("'%s' is not a label key: an optional DNS"
          + " subdomain and '/', then at most 63 letters, digits, '-', '_' and '.'; e.g. team", key))) {
        return;
      }
      if (!problems.check(!RuntimeControllerManifests.RESERVED_LABELS.contains(key), "labels." + key,
          "is set by flinkstack (the app.kubernetes.io labels select and describe the controller); use another key")) {
        return;
      }
      if (problems.check(value != null && value.length() <= 63 && LABEL_NAME.matcher(value).matches(),
          "labels." + key, String.format("'%s' is not a label value: at most 63 letters, digits, '-', '_' and '.',"
              + " starting and ending with a letter or digit", value))) {
        labels.put(key, value);
      }
    });
    return labels;
  }

  private static boolean isLabelKey(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    return (prefix == null || Names.isDns1123Subdomain(prefix)) && !name.isEmpty() && name.length() <= 63
        && LABEL_NAME.matcher(name).matches();
  }
}
