package io.flinkstack.schemas.apiserver;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One container of a pod template, as {@code pkg/apis/core/validation/validation.go} validateContainerCommon checks
 * it (name, image, validateContainerPorts, ValidateEnv, ValidateEnvFrom, ValidateVolumeMounts,
 * validateResourceRequirements, validatePullPolicy, ValidateSecurityContext), plus the probe and lifecycle checks of
 * validateContainers (validateProbe, validateHandler) and, at run time, the kubelet's pkg/probe/util.go
 * ResolveContainerPort.
 */
final class ContainerRules {
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final Set<String> TERMINATION_MESSAGE_POLICIES = Set.of("File", "FallbackToLogsOnError");
  private static final Set<String> MOUNT_PROPAGATIONS = Set.of("None", "HostToContainer", "Bidirectional");
  /** validEnvDownwardAPIFieldPathExpressions (1.32). */
  private static final Set<String> ENV_FIELD_PATHS = Set.of("metadata.name", "metadata.namespace", "metadata.uid",
      "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
  /** validContainerResourceFieldPathExpressions; hugepages-&lt;size&gt; is accepted by prefix. */
  private static final Set<String> RESOURCE_FIELD_PATHS = Set.of("limits.cpu", "limits.memory",
      "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage");
  private static final Set<String> STANDARD_CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");
  private static final Set<String> SCHEMES = Set.of("HTTP", "HTTPS");
  private static final Set<String> SECCOMP_TYPES = Set.of("Localhost", "RuntimeDefault", "Unconfined");
  private static final Set<String> PROC_MOUNTS = Set.of("Default", "Unmasked");
  private static final long MAX_ID = Integer.MAX_VALUE;

  /** Which list the container is in; init containers without restartPolicy Always may not have probes. */
  enum Kind { REGULAR, INIT }

  private ContainerRules() {}

  /**
   * @param volumes names of the pod's volumes, including the ones a StatefulSet adds for its claim templates
   * @param gracePeriod the pod's terminationGracePeriodSeconds (defaulted to 30), bounding sleep hooks
   */
  static void check(Field container, Kind kind, Set<String> volumes, long gracePeriod, Problems problems) {
    Field name = container.get("name");
    if (name.isText()) {
      String problem = Formats.dns1123Label(name.text());
      if (problem != null) {
        problems.report(name, "container name " + name.shown() + " " + problem);
      }
    }
    Field image = container.get("image");
    if (image.textOrEmpty().isEmpty()) {
      problems.report(image, "image is required; set the container image, e.g. 'flink:2.1'");
    }
    values(container.get("imagePullPolicy"), PULL_POLICIES, problems);
    values(container.get("terminationMessagePolicy"), TERMINATION_MESSAGE_POLICIES, problems);
    ports(container.get("ports"), problems);
    env(container.get("env"), problems);
    envFrom(container.get("envFrom"), problems);
    mounts(container.get("volumeMounts"), volumes, problems);
    resources(container.get("resources"), problems);
    securityContext(container.get("securityContext"), problems);

    Field restartPolicy = container.get("restartPolicy");
    boolean sidecar = kind == Kind.INIT && "Always".equals(restartPolicy.text());
    if (restartPolicy.isSet()) {
      if (kind == Kind.REGULAR) {
        problems.report(restartPolicy, "restartPolicy may only be set on init containers; remove it");
      } else if (!sidecar) {
        problems.report(restartPolicy, restartPolicy.shown() + " is not supported; the only container"
            + " restartPolicy is 'Always' (a sidecar), or leave it unset");
      }
    }
    List<String> probes = List.of("livenessProbe", "readinessProbe", "startupProbe");
    if (kind == Kind.INIT && !sidecar) {
      for (String member : List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")) {
        if (container.get(member).isSet()) {
          problems.report(container.get(member), member + " may not be set on an init container unless it is a"
              + " sidecar (restartPolicy: Always); move it to a regular container");
        }
      }
      return;
    }
    for (String member : probes) {
      Field probe = container.get(member);
      if (probe.isSet()) {
        probe(probe, member, container, problems);
      }
    }
    Field lifecycle = container.get("lifecycle");
    for (String hook : List.of("postStart", "preStop")) {
      Field handler = lifecycle.get(hook);
      if (handler.isSet()) {
        handler(handler, container, gracePeriod, true, problems);
      }
    }
  }

  private static void ports(Field ports, Problems problems) {
    Set<String> names = new HashSet<>();
    for (Field port : ports.items()) {
      Field name = port.get("name");
      if (name.isText() && !name.text().isEmpty()) {
        String problem = Formats.ianaPortName(name.text());
        if (problem != null) {
          problems.report(name, "port name " + name.shown() + " " + problem);
        } else if (!names.add(name.text())) {
          problems.report(name, "port name " + name.shown() + " is used twice in this container; names must be"
              + " unique per container");
        }
      }
      Field containerPort = port.get("containerPort");
      containerPort.integer().ifPresent(p -> portNumber(containerPort, p, "containerPort", problems));
      Field hostPort = port.get("hostPort");
      hostPort.integer().filter(p -> p != 0).ifPresent(p -> portNumber(hostPort, p, "hostPort", problems));
      values(port.get("protocol"), PROTOCOLS, problems);
    }
  }

  static void portNumber(Field field, long port, String what, Problems problems) {
    if (port < 1 || port > 65535) {
      problems.report(field, what + " " + port + " must be between 1 and 65535");
    }
  }

  private static void env(Field env, Problems problems) {
    for (Field variable : env.items()) {
      Field name = variable.get("name");
      if (name.isText()) {
        String problem = Formats.envVarName(name.text());
        if (problem != null) {
          problems.report(name, "environment variable name " + name.shown() + " " + problem);
        }
      }
      Field valueFrom = variable.get("valueFrom");
      if (!valueFrom.isSet()) {
        continue;
      }
      List<String> sources = List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef");
      long count = sources.stream().filter(s -> valueFrom.get(s).isSet()).count();
      if (count == 0) {
        problems.report(valueFrom, "must set one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef");
      } else if (!variable.get("value").textOrEmpty().isEmpty()) {
        problems.report(valueFrom, "may not be set together with a non-empty value; keep one of them");
      } else if (count > 1) {
        problems.report(valueFrom, "may set only one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef");
      }
      fieldRef(valueFrom.get("fieldRef"), problems);
      Field resourceRef = valueFrom.get("resourceFieldRef");
      String resource = resourceRef.get("resource").text();
      if (resourceRef.isSet() && resource != null && !RESOURCE_FIELD_PATHS.contains(resource)
          && !resource.startsWith("requests.hugepages-") && !resource.startsWith("limits.hugepages-")) {
        problems.report(resourceRef.get("resource"), resourceRef.get("resource").shown() + " is not supported; use"
            + " one of " + sorted(RESOURCE_FIELD_PATHS));
      }
      for (String selector : List.of("configMapKeyRef", "secretKeyRef")) {
        Field ref = valueFrom.get(selector);
        if (ref.isSet()) {
          keySelector(ref, problems);
        }
      }
    }
  }

  private static void fieldRef(Field fieldRef, Problems problems) {
    if (!fieldRef.isSet()) {
      return;
    }
    String apiVersion = fieldRef.get("apiVersion").textOrEmpty();
    if (!apiVersion.isEmpty() && !apiVersion.equals("v1")) {
      problems.report(fieldRef.get("apiVersion"), "only 'v1' field paths exist; set apiVersion: v1 or leave it unset");
    }
    String path = fieldRef.get("fieldPath").text();
    if (path == null) {
      return;
    }
    int bracket = path.indexOf('[');
    if (bracket > 0 && path.endsWith("']") && path.startsWith("['", bracket)) {
      String base = path.substring(0, bracket);
      String key = path.substring(bracket + 2, path.length() - 2);
      if (!base.equals("metadata.labels") && !base.equals("metadata.annotations")) {
        problems.report(fieldRef.get("fieldPath"), "'" + base + "' does not support a subscript; only"
            + " metadata.labels['…'] and metadata.annotations['…'] do");
      } else {
        String problem = Formats.qualifiedName(base.equals("metadata.annotations") ? key.toLowerCase() : key);
        if (problem != null) {
          problems.report(fieldRef.get("fieldPath"), "key '" + key + "' " + problem);
        }
      }
    } else if (!ENV_FIELD_PATHS.contains(path)) {
      problems.report(fieldRef.get("fieldPath"), "'" + path + "' is not a field path environment variables can read;"
          + " use one of " + sorted(ENV_FIELD_PATHS) + ", metadata.labels['…'] or metadata.annotations['…']");
    }
  }

  /** validateConfigMapKeySelector / validateSecretKeySelector: name a valid object name, key a valid key. */
  private static void keySelector(Field ref, Problems problems) {
    String name = ref.get("name").textOrEmpty();
    String nameProblem = Formats.dns1123Subdomain(name);
    if (nameProblem != null) {
      problems.report(ref.get("name"), name.isEmpty() ? "name is required; name the object that holds the key"
          : "name " + nameProblem);
    }
    String key = ref.get("key").textOrEmpty();
    if (key.isEmpty()) {
      problems.report(ref.get("key"), "key is required");
    } else {
      String problem = Formats.configMapKey(key);
      if (problem != null) {
        problems.report(ref.get("key"), "key '" + key + "' " + problem);
      }
    }
  }

  private static void envFrom(Field envFrom, Problems problems) {
    for (Field source : envFrom.items()) {
      Field prefix = source.get("prefix");
      if (!prefix.textOrEmpty().isEmpty()) {
        String problem = Formats.envVarName(prefix.text());
        if (problem != null) {
          problems.report(prefix, "prefix " + problem);
        }
      }
      int count = 0;
      for (String member : List.of("configMapRef", "secretRef")) {
        Field ref = source.get(member);
        if (ref.isSet()) {
          count++;
          String name = ref.get("name").textOrEmpty();
          String problem = name.isEmpty() ? "is required" : Formats.dns1123Subdomain(name);
          if (problem != null) {
            problems.report(ref.get("name"), "name " + problem);
          }
        }
      }
      if (count != 1) {
        problems.report(source, count == 0 ? "must set configMapRef or secretRef" : "may set only one of"
            + " configMapRef and secretRef; split it into two envFrom entries");
      }
    }
  }

  private static void mounts(Field mounts, Set<String> volumes, Problems problems) {
    Set<String> paths = new HashSet<>();
    for (Field mount : mounts.items()) {
      Field name = mount.get("name");
      if (name.isText() && !volumes.contains(name.text())) {
        problems.report(name, "no volume named " + name.shown() + " in this pod; add it to spec.volumes"
            + (volumes.isEmpty() ? "" : " or mount one of " + sorted(volumes)));
      }
      Field path = mount.get("mountPath");
      if (path.isText()) {
        if (path.text().isEmpty()) {
          problems.report(path, "mountPath is required");
        } else if (!paths.add(path.text())) {
          problems.report(path, "mountPath " + path.shown() + " is used twice in this container; mount paths must"
              + " be unique per container");
        }
      }
      Field subPath = mount.get("subPath");
      Field subPathExpr = mount.get("subPathExpr");
      if (!subPath.textOrEmpty().isEmpty()) {
        descendingPath(subPath, problems);
        if (!subPathExpr.textOrEmpty().isEmpty()) {
          problems.report(subPathExpr, "subPathExpr and subPath are mutually exclusive; keep one");
        }
      } else if (!subPathExpr.textOrEmpty().isEmpty()) {
        descendingPath(subPathExpr, problems);
      }
      values(mount.get("mountPropagation"), MOUNT_PROPAGATIONS, problems);
    }
  }

  /** validateLocalDescendingPath: relative, and no '..' element. */
  static void descendingPath(Field path, Problems problems) {
    String text = path.text();
    if (text.startsWith("/")) {
      problems.report(path, path.shown() + " must be a relative path");
    }
    for (String element : text.split("[/\\\\]")) {
      if (element.equals("..")) {
        problems.report(path, path.shown() + " must not contain '..'");
        return;
      }
    }
  }

  private static void resources(Field resources, Problems problems) {
    Map<String, Field> limits = resources.get("limits").fields();
    Map<String, Field> requests = resources.get("requests").fields();
    boolean cpuOrMemory = false;
    boolean hugePages = false;
    for (Map.Entry<String, Field> limit : limits.entrySet()) {
      resourceName(limit.getKey(), limit.getValue(), problems);
      quantity(limit.getValue(), problems);
      cpuOrMemory |= limit.getKey().equals("cpu") || limit.getKey().equals("memory");
      hugePages |= limit.getKey().startsWith("hugepages-");
    }
    for (Map.Entry<String, Field> request : requests.entrySet()) {
      String resource = request.getKey();
      resourceName(resource, request.getValue(), problems);
      Optional<BigDecimal> requested = quantity(request.getValue(), problems);
      cpuOrMemory |= resource.equals("cpu") || resource.equals("memory");
      hugePages |= resource.startsWith("hugepages-");
      Field limitField = limits.get(resource);
      Optional<BigDecimal> limit = limitField == null ? Optional.empty() : Quantity.parse(limitField.value());
      // helper.IsOvercommitAllowed: native resources (no domain, or kubernetes.io) except hugepages.
      boolean nativeResource = !resource.contains("/") || resource.contains("kubernetes.io/");
      boolean overcommitAllowed = nativeResource && !resource.startsWith("hugepages-");
      if (limit.isPresent() && requested.isPresent()) {
        int order = requested.get().compareTo(limit.get());
        if (!overcommitAllowed && order != 0) {
          problems.report(request.getValue(), resource + " request " + request.getValue().shown() + " must equal its"
              + " limit " + limitField.shown() + " (" + resource + " cannot be overcommitted)");
        } else if (order > 0) {
          problems.report(request.getValue(), resource + " request " + request.getValue().shown() + " is more than"
              + " its limit " + limitField.shown() + "; lower the request or raise the limit");
        }
      } else if (limitField == null && !overcommitAllowed) {
        problems.report(resources.get("limits"), "a limit for " + resource + " is required, equal to its request ("
            + resource + " cannot be overcommitted)");
      }
    }
    if (hugePages && !cpuOrMemory) {
      problems.report(resources, "hugepages require a cpu or memory request or limit in the same container");
    }
  }

  /** validateContainerResourceName: standard names, hugepages-&lt;size&gt;, or a domain-qualified extended resource. */
  private static void resourceName(String name, Field at, Problems problems) {
    if (!name.contains("/")) {
      if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
        problems.report(at, "'" + name + "' is not a container resource; use cpu, memory, ephemeral-storage,"
            + " hugepages-<size> or a domain-qualified extended resource (e.g. 'nvidia.com/gpu')");
      }
      return;
    }
    String problem = Formats.qualifiedName(name);
    boolean kubernetesDomain = name.contains("kubernetes.io/");
    if (problem == null && !kubernetesDomain && Formats.qualifiedName("requests." + name) != null) {
      problem = "is too long to be requested as 'requests." + name + "'";
    }
    if (problem != null) {
      problems.report(at, "resource name '" + name + "' " + problem);
    }
  }

  /** A quantity that parses and is not negative (ValidateResourceQuantityValue). */
  static Optional<BigDecimal> quantity(Field value, Problems problems) {
    if (!value.isSet()) {
      return Optional.empty();
    }
    Optional<BigDecimal> parsed = Quantity.parse(value.value());
    if (parsed.isEmpty()) {
      problems.report(value, value.shown() + " is not a quantity; write e.g. '500m', '2', '4Gi' or '1e3'");
    } else if (parsed.get().signum() < 0) {
      problems.report(value, value.shown() + " must not be negative");
    }
    return parsed;
  }

  private static void probe(Field probe, String kind, Field container, Problems problems) {
    handler(probe, container, 0, false, problems);
    for (String number : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
        "failureThreshold")) {
      Field field = probe.get(number);
      field.integer().filter(v -> v < 0).ifPresent(v -> problems.report(field, number + " must not be negative"));
    }
    Field success = probe.get("successThreshold");
    if (!kind.equals("readinessProbe")) {
      success.integer().filter(v -> v != 1 && v != 0).ifPresent(v ->
          problems.report(success, kind + " successThreshold must be 1 (only readiness probes may require more"
              + " successes); remove it or set 1"));
    }
    Field grace = probe.get("terminationGracePeriodSeconds");
    if (grace.isSet()) {
      if (kind.equals("readinessProbe")) {
        problems.report(grace, "terminationGracePeriodSeconds must not be set on a readiness probe");
      } else {
        grace.integer().filter(v -> v <= 0).ifPresent(v -> problems.report(grace, "must be greater than 0"));
      }
    }
  }

  /**
   * A probe's or lifecycle hook's action: exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks),
   * each with a valid port; a named port must name one of the container's ports, or the kubelet cannot resolve it.
   */
  private static void handler(Field handler, Field container, long gracePeriod, boolean hook, Problems problems) {
    List<String> actions = hook ? List.of("exec", "httpGet", "tcpSocket", "sleep")
        : List.of("exec", "httpGet", "tcpSocket", "grpc");
    List<String> set = actions.stream().filter(a -> handler.get(a).isSet()).toList();
    if (set.isEmpty()) {
      problems.report(handler, "must specify one action: " + String.join(", ", actions));
    } else if (set.size() > 1) {
      problems.report(handler.get(set.get(1)), "may specify only one action, found " + String.join(" and ", set));
    }
    Field exec = handler.get("exec");
    if (exec.isSet() && !exec.get("command").hasEntries()) {
      problems.report(exec.get("command"), "exec needs a command");
    }
    for (String action : List.of("httpGet", "tcpSocket")) {
      Field port = handler.get(action, "port");
      if (handler.get(action).isSet() && port.isSet()) {
        portNumberOrName(port, problems);
        namedPortExists(port, container, problems.at(Stage.KUBELET));
      }
    }
    Field httpGet = handler.get("httpGet");
    if (httpGet.isSet()) {
      values(httpGet.get("scheme"), SCHEMES, problems);
      for (Field header : httpGet.get("httpHeaders").items()) {
        String headerName = header.get("name").text();
        String problem = headerName == null ? null : Formats.httpHeaderName(headerName);
        if (problem != null) {
          problems.report(header.get("name"), "HTTP header name " + header.get("name").shown() + " " + problem);
        }
      }
    }
    Field grpcPort = handler.get("grpc", "port");
    grpcPort.integer().ifPresent(p -> portNumber(grpcPort, p, "grpc port", problems));
    Field sleep = handler.get("sleep", "seconds");
    sleep.integer().filter(s -> s <= 0 || s > gracePeriod).ifPresent(s -> problems.report(sleep,
        "sleep seconds must be greater than 0 and at most terminationGracePeriodSeconds (" + gracePeriod + ")"));
  }

  /** ValidatePortNumOrName: a number 1–65535, or an IANA service name. */
  static void portNumberOrName(Field port, Problems problems) {
    if (port.isInt()) {
      portNumber(port, port.value().longValue(), "port", problems);
    } else if (port.isText()) {
      String problem = Formats.ianaPortName(port.text());
      if (problem != null) {
        problems.report(port, "port name " + port.shown() + " " + problem);
      }
    }
  }

  /** pkg/probe/util.go ResolveContainerPort: the kubelet looks a port name up among the container's own ports. */
  private static void namedPortExists(Field port, Field container, Problems problems) {
    String name = port.text();
    if (name == null || Formats.ianaPortName(name) != null) {
      return;
    }
    boolean found = container.get("ports").items().stream().anyMatch(p -> name.equals(p.get("name").text()));
    if (!found) {
      problems.report(port, "port " + port.shown() + " names no port of this container; add a containerPort named '"
          + name + "' or use the number");
    }
  }

  /** ValidateSecurityContext (container level). */
  private static void securityContext(Field context, Problems problems) {
    if (!context.isSet()) {
      return;
    }
    ids(context, List.of("runAsUser", "runAsGroup"), problems);
    seccomp(context.get("seccompProfile"), problems);
    values(context.get("procMount"), PROC_MOUNTS, problems);
    Field escalation = context.get("allowPrivilegeEscalation");
    if (escalation.value().isBoolean() && !escalation.isTrue()) {
      if (context.get("privileged").isTrue()) {
        problems.report(escalation, "cannot be false while privileged is true; a privileged container always may"
            + " escalate");
      }
      for (Field capability : context.get("capabilities", "add").items()) {
        if ("CAP_SYS_ADMIN".equals(capability.text())) {
          problems.report(capability, "CAP_SYS_ADMIN cannot be added while allowPrivilegeEscalation is false");
        }
      }
    }
  }

  /** IsValidUserID / IsValidGroupID: 0 to 2147483647. */
  static void ids(Field context, List<String> members, Problems problems) {
    for (String member : members) {
      Field id = context.get(member);
      id.integer().filter(v -> v < 0 || v > MAX_ID).ifPresent(v ->
          problems.report(id, member + " must be between 0 and " + MAX_ID));
    }
  }

  /** validateSeccompProfileField: a supported type; localhostProfile exactly when the type is Localhost. */
  static void seccomp(Field profile, Problems problems) {
    if (!profile.isSet()) {
      return;
    }
    Field type = profile.get("type");
    if (type.textOrEmpty().isEmpty()) {
      problems.report(type, "type is required when seccompProfile is set");
    } else {
      values(type, SECCOMP_TYPES, problems);
    }
    Field localhost = profile.get("localhostProfile");
    if ("Localhost".equals(type.text()) && !localhost.isSet()) {
      problems.report(localhost, "must be set when the seccomp type is Localhost");
    } else if (!"Localhost".equals(type.text()) && localhost.isSet()) {
      problems.report(localhost, "may only be set when the seccomp type is Localhost");
    } else if (localhost.isText()) {
      descendingPath(localhost, problems);
    }
  }

  /**
   * An enumerated string field: unset or "" is fine (the API server fills in a default, or the field is optional),
   * anything else must be a listed value.
   */
  static void values(Field field, Set<String> allowed, Problems problems) {
    if (field.isText() && !field.text().isEmpty() && !allowed.contains(field.text())) {
      problems.report(field, field.shown() + " is not supported; use one of " + sorted(allowed));
    }
  }

  static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
