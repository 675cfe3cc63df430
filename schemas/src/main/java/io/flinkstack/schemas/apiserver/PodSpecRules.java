package io.flinkstack.schemas.apiserver;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pod template's spec, as {@code pkg/apis/core/validation/validation.go} ValidatePodSpec checks it with the
 * options a 1.32 API server uses for a new object: ValidateVolumes, validateContainers, validateInitContainers,
 * checkHostPortConflicts, validateRestartPolicy, validateDNSPolicy, ValidateLabels(nodeSelector),
 * validatePodSpecSecurityContext, validateAffinity, ValidateTolerations, validateTopologySpreadConstraints, and the
 * name checks of serviceAccountName, hostname, subdomain and priorityClassName.
 */
final class PodSpecRules {
  private static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
  private static final Set<String> DNS_POLICIES = Set.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final Set<String> TAINT_EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> UNSATISFIABLE_ACTIONS = Set.of("DoNotSchedule", "ScheduleAnyway");
  private static final Set<String> NODE_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
  private static final Set<String> FS_GROUP_POLICIES = Set.of("OnRootMismatch", "Always");
  private static final Set<String> OS_NAMES = Set.of("linux", "windows");
  private static final Set<String> INCLUSION_POLICIES = Set.of("Ignore", "Honor");
  private static final long DEFAULT_GRACE_PERIOD = 30;

  private PodSpecRules() {}

  /**
   * @param claimVolumes volume names the pod gets besides spec.volumes (a StatefulSet's volumeClaimTemplates)
   */
  static void check(Field spec, Set<String> claimVolumes, Problems problems) {
    Set<String> volumes = new LinkedHashSet<>(volumes(spec.get("volumes"), problems));
    volumes.addAll(claimVolumes);
    long grace = spec.get("terminationGracePeriodSeconds").integer().orElse(DEFAULT_GRACE_PERIOD);

    Field containers = spec.get("containers");
    if (containers.isArray() && containers.value().isEmpty()) {
      problems.report(containers, "a pod needs at least one container");
    }
    Set<String> names = new HashSet<>();
    for (Field container : containers.items()) {
      ContainerRules.check(container, ContainerRules.Kind.REGULAR, volumes, grace, problems);
      uniqueName(container, names, problems);
    }
    for (Field container : spec.get("initContainers").items()) {
      ContainerRules.check(container, ContainerRules.Kind.INIT, volumes, grace, problems);
      uniqueName(container, names, problems);
    }
    hostPorts(containers.items(), problems);
    for (Field init : spec.get("initContainers").items()) {
      hostPorts(List.of(init), problems);
    }
    if (spec.get("ephemeralContainers").hasEntries()) {
      problems.report(spec.get("ephemeralContainers"), "ephemeral containers are not allowed in a pod template");
    }

    ContainerRules.values(spec.get("restartPolicy"), RESTART_POLICIES, problems);
    ContainerRules.values(spec.get("dnsPolicy"), DNS_POLICIES, problems);
    if ("None".equals(spec.get("dnsPolicy").text()) && !spec.get("dnsConfig", "nameservers").hasEntries()) {
      problems.report(spec.get("dnsConfig", "nameservers"), "dnsPolicy None needs at least one dnsConfig nameserver");
    }
    Selectors.labels(spec.get("nodeSelector"), problems);
    name(spec.get("serviceAccountName"), Formats::dns1123Subdomain, "serviceAccountName", problems);
    name(spec.get("priorityClassName"), Formats::dns1123Subdomain, "priorityClassName", problems);
    name(spec.get("hostname"), Formats::dns1123Label, "hostname", problems);
    name(spec.get("subdomain"), Formats::dns1123Label, "subdomain", problems);
    ContainerRules.values(spec.get("os", "name"), OS_NAMES, problems);

    Field context = spec.get("securityContext");
    ContainerRules.ids(context, List.of("runAsUser", "runAsGroup", "fsGroup"), problems);
    for (Field group : context.get("supplementalGroups").items()) {
      group.integer().filter(g -> g < 0 || g > Integer.MAX_VALUE).ifPresent(g ->
          problems.report(group, "supplemental group must be between 0 and " + Integer.MAX_VALUE));
    }
    ContainerRules.values(context.get("fsGroupChangePolicy"), FS_GROUP_POLICIES, problems);
    ContainerRules.seccomp(context.get("seccompProfile"), problems);
    if (context.get("shareProcessNamespace").isTrue() && spec.get("hostPID").isTrue()) {
      problems.report(context.get("shareProcessNamespace"), "cannot be combined with hostPID");
    }

    tolerations(spec.get("tolerations"), problems);
    affinity(spec.get("affinity"), problems);
    spread(spec.get("topologySpreadConstraints"), problems);
  }

  /** ValidateVolumes: names unique DNS-1123 labels, at most one source each (none means emptyDir by default). */
  private static Set<String> volumes(Field volumes, Problems problems) {
    Set<String> names = new LinkedHashSet<>();
    for (Field volume : volumes.items()) {
      Field name = volume.get("name");
      if (name.isText()) {
        String problem = Formats.dns1123Label(name.text());
        if (problem != null) {
          problems.report(name, "volume name " + name.shown() + " " + problem);
        } else if (!names.add(name.text())) {
          problems.report(name, "volume name " + name.shown() + " is used twice; volume names must be unique");
        }
      }
      List<String> sources = volume.fields().keySet().stream()
          .filter(k -> !k.equals("name") && volume.get(k).isSet()).toList();
      if (sources.size() > 1) {
        problems.report(volume.get(sources.get(1)), "a volume has exactly one source, found " + sources
            + "; split it into separate volumes");
      }
      Field configMap = volume.get("configMap");
      if (configMap.isSet()) {
        required(configMap.get("name"), "configMap name", problems);
        keysToPaths(configMap, problems);
      }
      Field secret = volume.get("secret");
      if (secret.isSet()) {
        required(secret.get("secretName"), "secretName", problems);
        keysToPaths(secret, problems);
      }
      Field claim = volume.get("persistentVolumeClaim");
      if (claim.isSet()) {
        required(claim.get("claimName"), "claimName", problems);
      }
      Field emptyDir = volume.get("emptyDir");
      if (emptyDir.get("sizeLimit").isSet()) {
        ContainerRules.quantity(emptyDir.get("sizeLimit"), problems);
      }
      Field projected = volume.get("projected");
      if (projected.isSet()) {
        mode(projected.get("defaultMode"), problems);
        for (Field source : projected.get("sources").items()) {
          for (String kind : List.of("configMap", "secret")) {
            if (source.get(kind).isSet()) {
              required(source.get(kind, "name"), kind + " name", problems);
              keysToPaths(source.get(kind), problems);
            }
          }
        }
      }
    }
    return names;
  }

  /** validateKeyToPath and the defaultMode/mode range 0–0777 (octal). */
  private static void keysToPaths(Field source, Problems problems) {
    mode(source.get("defaultMode"), problems);
    for (Field item : source.get("items").items()) {
      required(item.get("key"), "key", problems);
      Field path = item.get("path");
      if (path.textOrEmpty().isEmpty()) {
        problems.report(path, "path is required");
      } else {
        ContainerRules.descendingPath(path, problems);
        if (path.text().startsWith("..")) {
          problems.report(path, path.shown() + " must not start with '..'");
        }
      }
      mode(item.get("mode"), problems);
    }
  }

  private static void mode(Field mode, Problems problems) {
    mode.integer().filter(m -> m < 0 || m > 0777).ifPresent(m ->
        problems.report(mode, m + " is not a file mode; use a number between 0 and 0777 octal (511 decimal)"));
  }

  private static void required(Field field, String what, Problems problems) {
    if (field.textOrEmpty().isEmpty()) {
      problems.report(field, what + " is required");
    }
  }

  private static void name(Field field, java.util.function.UnaryOperator<String> format, String what,
      Problems problems) {
    if (!field.textOrEmpty().isEmpty()) {
      String problem = format.apply(field.text());
      if (problem != null) {
        problems.report(field, what + " " + field.shown() + " " + problem);
      }
    }
  }

  /** Container names are unique across regular and init containers (validateInitContainers). */
  private static void uniqueName(Field container, Set<String> names, Problems problems) {
    Field name = container.get("name");
    if (name.isText() && !name.text().isEmpty() && !names.add(name.text())) {
      problems.report(name, "container name " + name.shown() + " is used twice; names must be unique across"
          + " containers and initContainers");
    }
  }

  /** AccumulateUniqueHostPorts: one protocol/hostIP/hostPort per pod (per init container for init containers). */
  private static void hostPorts(List<Field> containers, Problems problems) {
    Set<String> seen = new HashSet<>();
    for (Field container : containers) {
      for (Field port : container.get("ports").items()) {
        long hostPort = port.get("hostPort").integer().orElse(0L);
        if (hostPort == 0) {
          continue;
        }
        String protocol = port.get("protocol").textOrEmpty().isEmpty() ? "TCP" : port.get("protocol").text();
        String key = protocol + "/" + port.get("hostIP").textOrEmpty() + "/" + hostPort;
        if (!seen.add(key)) {
          problems.report(port.get("hostPort"), "hostPort " + key + " is used twice in this pod");
        }
      }
    }
  }

  /** ValidateTolerations. */
  private static void tolerations(Field tolerations, Problems problems) {
    for (Field toleration : tolerations.items()) {
      String key = toleration.get("key").textOrEmpty();
      String operator = toleration.get("operator").textOrEmpty();
      if (!key.isEmpty()) {
        String problem = Formats.qualifiedName(key);
        if (problem != null) {
          problems.report(toleration.get("key"), "toleration key " + problem);
        }
      } else if (!operator.equals("Exists")) {
        problems.report(toleration.get("operator"), "an empty key (match every taint) needs operator: Exists");
      }
      if (toleration.get("tolerationSeconds").isSet() && !"NoExecute".equals(toleration.get("effect").text())) {
        problems.report(toleration.get("effect"), "tolerationSeconds only works with effect: NoExecute");
      }
      String value = toleration.get("value").textOrEmpty();
      switch (operator) {
        case "", "Equal" -> {
          String problem = Formats.labelValue(value);
          if (problem != null) {
            problems.report(toleration.get("value"), "toleration value " + problem);
          }
        }
        case "Exists" -> {
          if (!value.isEmpty()) {
            problems.report(toleration.get("value"), "must be empty when the operator is Exists");
          }
        }
        default -> problems.report(toleration.get("operator"), toleration.get("operator").shown()
            + " is not supported; use Equal or Exists");
      }
      ContainerRules.values(toleration.get("effect"), TAINT_EFFECTS, problems);
    }
  }

  /** validateAffinity: node affinity terms and pod (anti-)affinity terms. */
  private static void affinity(Field affinity, Problems problems) {
    Field nodeRequired = affinity.get("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
    if (nodeRequired.isSet()) {
      Field terms = nodeRequired.get("nodeSelectorTerms");
      if (!terms.hasEntries()) {
        problems.report(terms, "must have at least one node selector term");
      }
      terms.items().forEach(term -> nodeSelectorTerm(term, false, problems));
    }
    for (Field preferred : affinity.get("nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution").items()) {
      weight(preferred.get("weight"), problems);
      nodeSelectorTerm(preferred.get("preference"), true, problems);
    }
    for (String kind : List.of("podAffinity", "podAntiAffinity")) {
      for (Field term : affinity.get(kind, "requiredDuringSchedulingIgnoredDuringExecution").items()) {
        podAffinityTerm(term, problems);
      }
      for (Field weighted : affinity.get(kind, "preferredDuringSchedulingIgnoredDuringExecution").items()) {
        weight(weighted.get("weight"), problems);
        podAffinityTerm(weighted.get("podAffinityTerm"), problems);
      }
    }
  }

  private static void weight(Field weight, Problems problems) {
    weight.integer().filter(w -> w < 1 || w > 100).ifPresent(w ->
        problems.report(weight, "weight " + w + " must be between 1 and 100"));
  }

  /** ValidateNodeSelectorTerm; preferred terms may hold any value (they can still match on one node). */
  private static void nodeSelectorTerm(Field term, boolean anyValue, Problems problems) {
    for (Field requirement : term.get("matchExpressions").items()) {
      Field operator = requirement.get("operator");
      Field values = requirement.get("values");
      String op = operator.textOrEmpty();
      int count = values.isArray() ? values.value().size() : 0;
      if (!NODE_OPERATORS.contains(op)) {
        problems.report(operator, operator.shown() + " is not a node selector operator; use one of "
            + ContainerRules.sorted(NODE_OPERATORS));
      } else if ((op.equals("In") || op.equals("NotIn")) && count == 0) {
        problems.report(values, "must list at least one value when the operator is " + op);
      } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && count > 0) {
        problems.report(values, "must be empty when the operator is " + op);
      } else if ((op.equals("Gt") || op.equals("Lt")) && count != 1) {
        problems.report(values, "must hold exactly one value when the operator is " + op);
      }
      String key = requirement.get("key").textOrEmpty();
      String keyProblem = Formats.qualifiedName(key);
      if (keyProblem != null) {
        problems.report(requirement.get("key"), "key " + keyProblem);
      }
      if (!anyValue) {
        for (Field value : values.items()) {
          String problem = value.isText() ? Formats.labelValue(value.text()) : null;
          if (problem != null) {
            problems.report(value, "value " + value.shown() + " " + problem);
          }
        }
      }
    }
  }

  /** validatePodAffinityTerm: selector, namespaces and a required, qualified topologyKey. */
  private static void podAffinityTerm(Field term, Problems problems) {
    Selectors.selector(term.get("labelSelector"), problems);
    Selectors.selector(term.get("namespaceSelector"), problems);
    for (Field namespace : term.get("namespaces").items()) {
      String problem = namespace.isText() ? Formats.dns1123Label(namespace.text()) : null;
      if (problem != null) {
        problems.report(namespace, "namespace " + problem);
      }
    }
    Field topologyKey = term.get("topologyKey");
    if (topologyKey.textOrEmpty().isEmpty()) {
      problems.report(topologyKey, "topologyKey is required, e.g. 'kubernetes.io/hostname'");
    } else {
      String problem = Formats.qualifiedName(topologyKey.text());
      if (problem != null) {
        problems.report(topologyKey, "topologyKey " + topologyKey.shown() + " " + problem);
      }
    }
  }

  /** validateTopologySpreadConstraints. */
  private static void spread(Field constraints, Problems problems) {
    Set<String> seen = new HashSet<>();
    for (Field constraint : constraints.items()) {
      Field maxSkew = constraint.get("maxSkew");
      maxSkew.integer().filter(s -> s <= 0).ifPresent(s -> problems.report(maxSkew, "maxSkew must be greater than 0"));
      Field topologyKey = constraint.get("topologyKey");
      if (topologyKey.isText() && topologyKey.text().isEmpty()) {
        problems.report(topologyKey, "topologyKey is required, e.g. 'topology.kubernetes.io/zone'");
      }
      Field action = constraint.get("whenUnsatisfiable");
      if (action.isText() && !UNSATISFIABLE_ACTIONS.contains(action.text())) {
        problems.report(action, action.shown() + " is not supported; use DoNotSchedule or ScheduleAnyway");
      }
      if (!seen.add(topologyKey.textOrEmpty() + "\n" + action.textOrEmpty())) {
        problems.report(constraint, "another constraint already has topologyKey " + topologyKey.shown()
            + " and whenUnsatisfiable " + action.shown() + "; merge them");
      }
      Field minDomains = constraint.get("minDomains");
      if (minDomains.isSet()) {
        minDomains.integer().filter(d -> d <= 0).ifPresent(d ->
            problems.report(minDomains, "minDomains must be greater than 0"));
        if (!"DoNotSchedule".equals(action.text())) {
          problems.report(minDomains, "minDomains only works with whenUnsatisfiable: DoNotSchedule");
        }
      }
      ContainerRules.values(constraint.get("nodeAffinityPolicy"), INCLUSION_POLICIES, problems);
      ContainerRules.values(constraint.get("nodeTaintsPolicy"), INCLUSION_POLICIES, problems);
      Field selector = constraint.get("labelSelector");
      Selectors.selector(selector, problems);
      for (Field key : constraint.get("matchLabelKeys").items()) {
        if (!selector.isSet()) {
          problems.report(key, "matchLabelKeys need a labelSelector");
          break;
        }
        String problem = key.isText() ? Formats.qualifiedName(key.text()) : null;
        if (problem != null) {
          problems.report(key, "label key " + problem);
        } else if (key.isText() && (selector.get("matchLabels").get(key.text()).isSet()
            || selector.get("matchExpressions").items().stream()
                .anyMatch(e -> key.text().equals(e.get("key").text())))) {
          problems.report(key, "key " + key.shown() + " is also in labelSelector; keep it in one place");
        }
      }
    }
  }
}
