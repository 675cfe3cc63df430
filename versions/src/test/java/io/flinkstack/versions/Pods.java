package io.flinkstack.versions;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.contract.RestoreState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the kubelet and the container's own command make of a pod's Flink container, before the image's entrypoint. */
final class Pods {
  static final String NAMESPACE = "team-a";
  static final String POD_IP = "10.0.0.7";
  /** The image's entrypoint, which flinkstack's JobManager start script execs (ControllerUpgradeFeature). */
  static final String IMAGE_ENTRYPOINT = "/docker-entrypoint.sh";

  private Pods() {}

  /** The container named after the component (flinkstack names its Flink container so), else the first. */
  static Container flinkContainer(StatefulSet sts, String component) {
    List<Container> containers = sts.getSpec().getTemplate().getSpec().getContainers();
    return containers.stream().filter(c -> component.equals(c.getName())).findFirst().orElse(containers.get(0));
  }

  /**
   * The container's environment as the kubelet resolves it for a pod {@code <statefulset>-0} with IP
   * {@link #POD_IP} in {@link #NAMESPACE}. Secret and ConfigMap values stand in as placeholders; a variable the
   * container does not declare is absent, so a {@code $(NAME)} that relies on it stays unexpanded, as in a pod.
   */
  static Map<String, String> environment(StatefulSet sts, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      String value = e.getValue() != null ? expand(e.getValue(), env) : resolve(sts, e.getValueFrom());
      if (value != null) {
        env.put(e.getName(), value);
      }
    }
    return env;
  }

  private static String resolve(StatefulSet sts, EnvVarSource from) {
    if (from == null) {
      return "";
    }
    if (from.getFieldRef() != null) {
      return switch (from.getFieldRef().getFieldPath()) {
        case "status.podIP" -> POD_IP;
        case "metadata.namespace" -> NAMESPACE;
        case "metadata.name" -> sts.getMetadata().getName() + "-0";
        case "spec.nodeName" -> "node-1";
        case "status.hostIP" -> "192.0.2.1";
        default -> null;
      };
    }
    if (from.getSecretKeyRef() != null) {
      return "secret-" + from.getSecretKeyRef().getName() + "-" + from.getSecretKeyRef().getKey();
    }
    if (from.getConfigMapKeyRef() != null) {
      return "configmap-" + from.getConfigMapKeyRef().getName() + "-" + from.getConfigMapKeyRef().getKey();
    }
    return from.getResourceFieldRef() != null ? "1" : null;
  }

  /** Kubernetes' {@code $(VAR)} expansion of command and args: {@code $$} escapes, an unknown name stays as written. */
  static String expand(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
      } else if (text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (text.charAt(i + 1) == '(') {
        int close = text.indexOf(')', i + 2);
        if (close < 0) {
          out.append(text, i, text.length());
          break;
        }
        String name = text.substring(i + 2, close);
        out.append(env.containsKey(name) ? env.get(name) : text.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  static List<String> expand(List<String> list, Map<String, String> env) {
    return list == null ? null : list.stream().map(s -> expand(s, env)).toList();
  }

  /**
   * The arguments the image's entrypoint receives. Without a command that is the container's args. With
   * flinkstack's start script ({@code /bin/sh -c SCRIPT NAME}, used when the runtime controller upgrades the job)
   * the script itself is run by {@code /bin/sh}, with its restore mount pointed at {@code restoreDir} and the image
   * entrypoint replaced by a stub that prints what it was given; the script names both literally for this purpose.
   */
  static List<String> entrypointArgs(List<String> command, List<String> args, Path restoreDir) {
    if (command == null || command.isEmpty()) {
      return args;
    }
    if (command.size() != 4 || !command.get(0).equals("/bin/sh") || !command.get(1).equals("-c")) {
      throw new IllegalStateException("unexpected container command " + command);
    }
    String script = command.get(2);
    if (!script.contains(IMAGE_ENTRYPOINT) || !script.contains(RestoreState.MOUNT_PATH)) {
      throw new IllegalStateException("the start script no longer names " + IMAGE_ENTRYPOINT + " and "
          + RestoreState.MOUNT_PATH + " literally:\n" + script);
    }
    try {
      Path stub = Files.createTempFile("entrypoint-", ".sh", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
      try {
        Files.writeString(stub, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\000' \"$a\"; done\n");
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
            script.replace(IMAGE_ENTRYPOINT, stub.toString()).replace(RestoreState.MOUNT_PATH, restoreDir.toString()),
            command.get(3)));
        argv.addAll(args);
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("the start script failed: " + argv);
        }
        String printed = new String(out, StandardCharsets.UTF_8);
        return printed.isEmpty() ? List.of() : Arrays.asList(printed.substring(0, printed.length() - 1).split("\0", -1));
      } finally {
        Files.deleteIfExists(stub);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
