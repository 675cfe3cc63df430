package io.flinkstack.controller.local.pods;

import io.flinkstack.controller.local.FlinkRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the image's {@code /docker-entrypoint.sh} would start, as a local Flink JVM: its first argument picks
 * the process ({@code standalone-job}, {@code jobmanager}, {@code taskmanager}), the rest become the main
 * class's arguments, made local. Pure functions, so they are tested without processes.
 */
final class ContainerCommand {
  /** The Flink process to start and the arguments for its main class (after {@code --configDir} and memory flags). */
  record Launch(FlinkRole role, List<String> arguments) {
    Launch {
      arguments = List.copyOf(arguments);
    }
  }

  // Options of Flink's entrypoint parsers that take a value; anything else that is not a flag ends the
  // options, as with commons-cli's stopAtNonOption: the rest are the job's program arguments.
  private static final Set<String> WITH_VALUE =
      Set.of("--host", "-h", "--job-classname", "-j", "--job-id", "-jid", "--fromSavepoint", "-s", "--restoreMode",
          "--jars", "-jars", "--configDir", "-c", "--webui-port", "-r");
  private static final Set<String> FLAGS = Set.of("--allowNonRestoredState", "-n");
  // Replaced by the harness: its own config directory and its own ports.
  private static final Set<String> DROPPED = Set.of("--configDir", "-c", "--webui-port", "-r");

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
   * The entrypoint's arguments as a local launch: {@code --host} becomes 127.0.0.1, {@code -D}s of keys the
   * harness owns are dropped (its config file has them), {@code local://} jar URIs the caller mapped become
   * {@code file://} URIs (everywhere, program arguments included); job options and program arguments stay.
   *
   * @param ownedKey configuration keys whose {@code -D} must not override the harness' local values
   */
  static Launch launch(List<String> entrypointArgs, Map<String, String> jarUris, Predicate<String> ownedKey) {
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
    List<String> in = entrypointArgs.subList(1, entrypointArgs.size()).stream().map(arg -> mapJars(arg, jarUris)).toList();
    List<String> out = new ArrayList<>();
    int i = 0;
    if (role == FlinkRole.JOBMANAGER) {
      // jobmanager.sh start-foreground [host [port]] [-D …]: the host (and an ignored port) are positional.
      while (i < Math.min(2, in.size()) && !in.get(i).startsWith("-")) {
        i++;
      }
      if (i > 0) {
        out.addAll(List.of("--host", "127.0.0.1"));
      }
    }
    while (i < in.size()) {
      String arg = in.get(i);
      if (arg.equals("-D") && i + 1 < in.size()) {
        addDynamic(in.get(i + 1), out, ownedKey);
        i += 2;
      } else if (arg.startsWith("-D") && arg.length() > 2) {
        addDynamic(arg.substring(2), out, ownedKey);
        i += 1;
      } else if (FLAGS.contains(arg)) {
        out.add(arg);
        i += 1;
      } else if (WITH_VALUE.contains(arg) && i + 1 < in.size()) {
        if (arg.equals("--host") || arg.equals("-h")) {
          out.addAll(List.of(arg, "127.0.0.1"));
        } else if (!DROPPED.contains(arg)) {
          out.addAll(List.of(arg, in.get(i + 1)));
        }
        i += 2;
      } else {
        out.addAll(in.subList(i, in.size()));
        break;
      }
    }
    return new Launch(role, out);
  }

  private static void addDynamic(String keyValue, List<String> out, Predicate<String> ownedKey) {
    int equals = keyValue.indexOf('=');
    String key = equals < 0 ? keyValue : keyValue.substring(0, equals);
    if (!ownedKey.test(key.strip())) {
      out.addAll(List.of("-D", keyValue));
    }
  }

  private static String mapJars(String arg, Map<String, String> jarUris) {
    String mapped = arg;
    for (Map.Entry<String, String> jar : jarUris.entrySet()) {
      mapped = mapped.replace(jar.getKey(), jar.getValue());
    }
    return mapped;
  }
}
