package io.flinkstack.harness.pods;

import io.flinkstack.harness.FlinkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the image's {@code /docker-entrypoint.sh} would start, as a local Flink JVM: its first argument picks
 * the process ({@code standalone-job}, {@code jobmanager}, {@code taskmanager}); the rest go to that process'
 * main class as the image's scripts hand them over. The harness does not parse Flink's options: the real
 * entrypoint class of the jars it runs does, so an option that version lacks fails (or becomes a program
 * argument) here as it would on a cluster. Pure functions, so they are tested without processes.
 */
final class ContainerCommand {
  /** The Flink process to start and the arguments for its main class (after {@code --configDir} and memory flags). */
  record Launch(FlinkRole role, List<String> arguments) {
    Launch {
      arguments = List.copyOf(arguments);
    }
  }

  private ContainerCommand() {}

  /**
   * Kubernetes' {@code $(VAR)} rule for command and args: a defined variable is replaced, an undefined
   * reference stays as written, {@code $$} is a literal {@code $}.
   */
  static String expand(String text, Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        int close = text.indexOf(')', i + 2);
        if (close < 0) {
          out.append(text, i, text.length());
          break;
        }
        String name = text.substring(i + 2, close);
        String value = variables.get(name);
        out.append(value != null ? value : text.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The entrypoint's arguments as the main class gets them: verbatim and in order (the caller puts
   * {@code --configDir} first, as standalone-job.sh and taskmanager.sh do), except for jobmanager.sh's
   * positional host and port. A {@code local://} jar URI stays as written: the pod's sandbox has the jar at
   * that path, as the image would.
   *
   * @param ownedKey configuration keys the harness owns (ports, addresses, memory, directories)
   * @param localConfig the pod's configuration as the harness writes it
   * @throws IllegalArgumentException for an unknown command, or a {@code -D} that gives an owned key another
   *     value than the harness uses: the pod cannot run here as written, and changing it silently would test
   *     something else
   */
  static Launch launch(
      List<String> entrypointArgs, Predicate<String> ownedKey, Map<String, String> localConfig) {
    if (entrypointArgs.isEmpty()) {
      throw new IllegalArgumentException("the container has no arguments for /docker-entrypoint.sh");
    }
    FlinkRole role =
        switch (entrypointArgs.get(0)) {
          case "standalone-job" -> FlinkRole.APPLICATION_JOBMANAGER;
          case "jobmanager" -> FlinkRole.JOBMANAGER;
          case "taskmanager" -> FlinkRole.TASKMANAGER;
          default -> throw new IllegalArgumentException(
              "unknown /docker-entrypoint.sh command " + entrypointArgs.get(0) + " (standalone-job, jobmanager, taskmanager)");
        };
    List<String> args = List.copyOf(entrypointArgs.subList(1, entrypointArgs.size()));
    if (role == FlinkRole.JOBMANAGER) {
      args = jobManagerScript(args);
    }
    checkOwnedProperties(args, ownedKey, localConfig);
    return new Launch(role, args);
  }

  /**
   * flink-dist's {@code bin/jobmanager.sh}: a first argument that is neither empty nor exactly {@code -D} is a
   * host, a second such one a web UI port; the script passes the remaining arguments first and appends
   * {@code --host HOST} and {@code --webui-port PORT} after them. (1.x's script also passes
   * {@code --executionMode cluster}, which 1.x's parser ignores and 2.x's no longer has: left out.)
   */
  static List<String> jobManagerScript(List<String> args) {
    String host = null;
    String port = null;
    int rest = 0;
    if (!args.isEmpty() && !endsPositionals(args.get(0))) {
      host = args.get(0);
      rest = 1;
      if (args.size() > 1 && !endsPositionals(args.get(1))) {
        port = args.get(1);
        rest = 2;
      }
    }
    List<String> out = new ArrayList<>(args.subList(rest, args.size()));
    if (host != null) {
      out.addAll(List.of("--host", host));
    }
    if (port != null) {
      out.addAll(List.of("--webui-port", port));
    }
    return out;
  }

  // The script tests for an empty word or a lone "-D" only: "-Dkey=value" in first place is taken as the host.
  private static boolean endsPositionals(String arg) {
    return arg.isEmpty() || arg.equals("-D");
  }

  /**
   * Every {@code -D key=value} and {@code -Dkey=value} before a {@code --} (after which commons-cli, which all
   * versions' parsers use, takes nothing as an option). Where a version's parser stops earlier is its own
   * business, so a program argument that looks like an owned {@code -D} is refused too: loudly, never changed.
   * The constructs' {@code -D}s pass: {@code kubernetes.namespace} and {@code taskmanager.resource-id} are not
   * owned, and {@code jobmanager.rpc.address=$(POD_IP)} is the harness' own address (the kubelet's POD_IP).
   */
  private static void checkOwnedProperties(List<String> args, Predicate<String> ownedKey, Map<String, String> localConfig) {
    for (DynamicProperty property : dynamicProperties(args)) {
      // commons-cli reads "-D key" without a value as key=true.
      String value = property.value() == null ? "true" : property.value();
      String local = localConfig.get(property.key());
      if (ownedKey.test(property.key()) && !Objects.equals(local, value)) {
        throw new IllegalArgumentException(
            "-D " + property.text() + ": the pod harness owns " + property.key() + " (ports, addresses, memory and directories are"
                + " its own on this machine) and " + (local == null ? "leaves it unset" : "uses " + local)
                + "; the container cannot run here with another value");
      }
    }
  }

  /**
   * A {@code -D} of the arguments: {@code key=value} (or {@code key} alone, {@code value} null) at {@code index}, a
   * lone {@code -D}'s next argument or, {@code attached}, the {@code -Dkey=value} argument itself.
   */
  record DynamicProperty(int index, boolean attached, String key, String value) {
    /** {@code key=value} as written. */
    String text() {
      return value == null ? key : key + "=" + value;
    }

    /** The argument at {@link #index} with {@code newValue} in place of the value. */
    String withValue(String newValue) {
      return (attached ? "-D" : "") + key + "=" + newValue;
    }
  }

  /** Every {@code -D key=value} and {@code -Dkey=value} before a {@code --} (after which commons-cli takes no option). */
  static List<DynamicProperty> dynamicProperties(List<String> args) {
    List<DynamicProperty> properties = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        break;
      }
      boolean attached = arg.startsWith("-D") && arg.length() > 2;
      boolean lone = arg.equals("-D") && i + 1 < args.size();
      if (!attached && !lone) {
        continue;
      }
      int at = attached ? i : ++i;
      String property = attached ? arg.substring(2) : args.get(at);
      int equals = property.indexOf('=');
      properties.add(new DynamicProperty(at, attached,
          equals < 0 ? property : property.substring(0, equals), equals < 0 ? null : property.substring(equals + 1)));
    }
    return properties;
  }
}
