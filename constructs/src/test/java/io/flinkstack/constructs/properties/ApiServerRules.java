package io.flinkstack.constructs.properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.PodSecurity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules the API server enforces that a JSON schema cannot express: name formats per kind, names unique
 * within a pod, mounts that refer to a volume. An object that breaks one passes the strict schemas and is
 * still refused by {@code kubectl apply}.
 */
final class ApiServerRules {
  /** Services are DNS-1035 labels: they must start with a letter, unlike most objects. */
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(DNS_1123_LABEL + "(\\." + DNS_1123_LABEL + ")*");
  /** Port names: IANA service names, at most 15 characters with at least one letter. */
  private static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private ApiServerRules() {}

  /** Every broken rule, one line each naming the object and the field. */
  static List<String> problems(JsonNode object) {
    List<String> problems = new ArrayList<>();
    String kind = object.path("kind").asText();
    String name = object.path("metadata").path("name").asText();
    String id = kind + " " + name + ": ";
    boolean nameOk = kind.equals("Service")
        ? name.length() <= 63 && DNS_1035_LABEL.matcher(name).matches()
        : name.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(name).matches();
    if (!nameOk) {
      problems.add(id + "metadata.name is not a valid " + kind + " name");
    }
    PodSecurity.podSpecPointer(object).ifPresent(pointer -> {
      Set<String> claimTemplates = new HashSet<>();
      object.path("spec").path("volumeClaimTemplates")
          .forEach(claim -> claimTemplates.add(claim.path("metadata").path("name").asText()));
      podProblems(object.at(pointer), claimTemplates, id, problems);
    });
    return problems;
  }

  private static void podProblems(JsonNode pod, Set<String> claimTemplates, String id, List<String> problems) {
    Set<String> volumes = new HashSet<>(claimTemplates);
    pod.path("volumes").forEach(volume -> {
      String volumeName = volume.path("name").asText();
      if (!volumes.add(volumeName) || !DNS_1123_LABEL.matcher(volumeName).matches()) {
        problems.add(id + "volume '" + volumeName + "' is not a unique DNS-1123 label");
      }
    });
    Set<String> containers = new HashSet<>();
    for (String list : List.of("initContainers", "containers")) {
      pod.path(list).forEach(container -> {
        String containerName = container.path("name").asText();
        if (!containers.add(containerName) || containerName.length() > 63
            || !DNS_1123_LABEL.matcher(containerName).matches()) {
          problems.add(id + "container '" + containerName + "' is not a unique DNS-1123 label");
        }
        containerProblems(container, volumes, id + list + "[" + containerName + "] ", problems);
      });
    }
  }

  private static void containerProblems(JsonNode container, Set<String> volumes, String id, List<String> problems) {
    Set<String> mountPaths = new HashSet<>();
    container.path("volumeMounts").forEach(mount -> {
      if (!volumes.contains(mount.path("name").asText())) {
        problems.add(id + "mounts volume '" + mount.path("name").asText() + "', which the pod does not have");
      }
      if (!mountPaths.add(mount.path("mountPath").asText())) {
        problems.add(id + "mounts two volumes at " + mount.path("mountPath").asText());
      }
    });
    Set<String> portNames = new HashSet<>();
    Set<String> ports = new HashSet<>();
    container.path("ports").forEach(port -> {
      String portName = port.path("name").asText(null);
      if (portName != null && (portName.length() > 15 || !PORT_NAME.matcher(portName).matches()
          || !portNames.add(portName))) {
        problems.add(id + "port name '" + portName + "' is not a unique IANA service name");
      }
      if (!ports.add(port.path("containerPort").asText() + "/" + port.path("protocol").asText("TCP"))) {
        problems.add(id + "declares port " + port.path("containerPort").asText() + " twice");
      }
    });
    // Kubernetes keeps the last of two same-named variables, and kubectl apply merges them by name:
    // a duplicate silently drops one of them.
    Set<String> envNames = new HashSet<>();
    container.path("env").forEach(env -> {
      if (!envNames.add(env.path("name").asText())) {
        problems.add(id + "sets environment variable " + env.path("name").asText() + " twice");
      }
    });
  }
}
