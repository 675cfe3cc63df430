package io.flinkstack.versions;

import io.flinkstack.contract.FlinkVersion;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a Flink container does with its {@code args}, up to the point where the version's own Java entrypoint has
 * parsed them: the image's {@code docker-entrypoint.sh} picks a bin script by the first argument, the script builds
 * the Java main's argument list, and the main hands that list to {@code CommandLineParser} over its parser factory.
 * The two shell steps are emulated here (written from reading the scripts, see below); the parsing is always the
 * version's own classes, by reflection, in {@link VersionJars}' isolated class loader.
 *
 * <p>Shell steps, as read in apache/flink-docker {@code 2.2/scala_2.12-java17-ubuntu/docker-entrypoint.sh} and in
 * flink-dist's {@code bin/standalone-job.sh}, {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} (1.x):
 * <ul>
 *   <li>{@code standalone-job ARGS}: {@code StandaloneApplicationClusterEntryPoint --configDir CONF ARGS}.
 *   <li>{@code taskmanager ARGS}: {@code TaskManagerRunner --configDir CONF ARGS}.
 *   <li>{@code jobmanager ARGS} on 1.x: with no first argument or a first argument {@code -D}, all ARGS are
 *       options; otherwise the first is a positional host and, unless it is {@code -D} or absent, the second a web
 *       UI port. Main: {@code StandaloneSessionClusterEntrypoint --configDir CONF --executionMode cluster OPTIONS
 *       [--host HOST] [--webui-port PORT]}.
 *   <li>{@code jobmanager ARGS} on 2.x: ASSUMPTION. flink-dist's 2.x {@code jobmanager.sh} could not be read here
 *       (no flink-dist is served and the 2.x script was not found in the public sources available). The 2.x
 *       session parser knows only {@code --configDir} and {@code -D} (it dropped {@code --executionMode},
 *       {@code --host} and {@code --webui-port}), so a script passing the 1.x list would drop every option of every
 *       session cluster; this emulation takes the script to pass ARGS through unchanged after {@code --configDir}.
 *       Under that assumption a positional host reaches the parser as a non-option, which ends option parsing.
 *       Only {@code -D jobmanager.rpc.address=...} is accepted by every version under either reading.
 * </ul>
 * The scripts also prepend or insert the memory settings BashJavaUtils computes, as {@code -D key=value} pairs;
 * every parser knows {@code -D}, so leaving them out changes no result here.
 */
final class Entrypoints {
  static final String CONF_DIR = "/opt/flink/conf";

  static final String APPLICATION_PARSER =
      "org.apache.flink.container.entrypoint.StandaloneApplicationClusterConfigurationParserFactory";
  static final String SESSION_PARSER = "org.apache.flink.runtime.entrypoint.EntrypointClusterConfigurationParserFactory";
  /** What TaskManagerRunner.loadConfiguration parses with (ConfigurationParserUtils.loadCommonConfiguration). */
  static final String TASKMANAGER_PARSER = "org.apache.flink.runtime.entrypoint.ClusterConfigurationParserFactory";

  private Entrypoints() {}

  /** The image's commands that start a Flink process, by their first container argument. */
  enum Command {
    STANDALONE_JOB("standalone-job", APPLICATION_PARSER),
    JOBMANAGER("jobmanager", SESSION_PARSER),
    TASKMANAGER("taskmanager", TASKMANAGER_PARSER);

    final String word;
    final String parserFactory;

    Command(String word, String parserFactory) {
      this.word = word;
      this.parserFactory = parserFactory;
    }

    static Command of(String word) {
      for (Command c : values()) {
        if (c.word.equals(word)) {
          return c;
        }
      }
      // docker-entrypoint.sh would exec such args as a command of their own: no Flink entrypoint parses them.
      throw new IllegalArgumentException("'" + word + "' is not one of the image's Flink commands "
          + Arrays.toString(Arrays.stream(values()).map(c -> c.word).toArray()));
    }
  }

  /**
   * A parse result in flinkstack's terms, whatever the version's classes call it.
   *
   * @param jobClassName {@code --job-classname} (application entrypoint only, else null)
   * @param jars {@code --jars} (application entrypoint 1.20+; null when absent or unknown to the version)
   * @param hostname {@code --host} (1.x only; the 2.x classes have no such field)
   * @param programArgs what the job receives as its arguments (application entrypoint only, else null)
   * @param unparsed everything the parser passed through as arguments: from the first token it did not know
   * @param savepointPath {@code --fromSavepoint} (application entrypoint only)
   */
  record Parsed(Command command, List<String> mainArgs, String jobClassName, List<String> jars,
      Map<String, String> dynamicProperties, String hostname, List<String> programArgs, List<String> unparsed,
      String savepointPath) {

    /** Whether the process learns {@code address} as its RPC address, by {@code --host} or by the dynamic property. */
    boolean advertises(String address) {
      return address.equals(hostname) || address.equals(dynamicProperties.get("jobmanager.rpc.address"));
    }
  }

  /** Runs container args (already expanded as the kubelet would) through the image's scripts and the parser. */
  static Parsed run(FlinkVersion v, List<String> containerArgs) {
    if (containerArgs.isEmpty()) {
      throw new IllegalArgumentException("no container args: the image would print its help");
    }
    Command command = Command.of(containerArgs.get(0));
    List<String> scriptArgs = containerArgs.subList(1, containerArgs.size());
    return parse(v, command, mainArgs(v, command, scriptArgs));
  }

  /** The Java main's argument list the bin script builds from the arguments after the command word. */
  static List<String> mainArgs(FlinkVersion v, Command command, List<String> scriptArgs) {
    List<String> main = new ArrayList<>(List.of("--configDir", CONF_DIR));
    if (command != Command.JOBMANAGER || v.major() >= 2) {
      main.addAll(scriptArgs);
      return main;
    }
    String host = null;
    String webUiPort = null;
    List<String> options = scriptArgs;
    if (!scriptArgs.isEmpty() && !scriptArgs.get(0).isEmpty() && !scriptArgs.get(0).equals("-D")) {
      host = scriptArgs.get(0);
      if (scriptArgs.size() < 2 || scriptArgs.get(1).isEmpty() || scriptArgs.get(1).equals("-D")) {
        options = scriptArgs.subList(1, scriptArgs.size());
      } else {
        webUiPort = scriptArgs.get(1);
        options = scriptArgs.subList(2, scriptArgs.size());
      }
    }
    main.addAll(List.of("--executionMode", "cluster"));
    main.addAll(options);
    if (host != null) {
      main.addAll(List.of("--host", host));
    }
    if (webUiPort != null) {
      main.addAll(List.of("--webui-port", webUiPort));
    }
    return main;
  }

  /** {@code new CommandLineParser<>(new <factory>()).parse(mainArgs)} with the version's classes, as each main does. */
  static Parsed parse(FlinkVersion v, Command command, List<String> mainArgs) {
    if (command == Command.STANDALONE_JOB && !VersionJars.hasContainer(v)) {
      throw new IllegalStateException("no flink-container " + v + " served: its application entrypoint cannot be run");
    }
    Object result;
    try {
      Object factory = VersionJars.load(v, command.parserFactory).getConstructor().newInstance();
      Class<?> resultFactory = VersionJars.load(v, "org.apache.flink.runtime.entrypoint.parser.ParserResultFactory");
      Class<?> parserClass = VersionJars.load(v, "org.apache.flink.runtime.entrypoint.parser.CommandLineParser");
      Object parser = parserClass.getConstructor(resultFactory).newInstance(factory);
      result = parserClass.getMethod("parse", String[].class).invoke(parser, (Object) mainArgs.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      throw new ParseFailure(VersionJars.describe(v) + " " + command.word + " refused " + mainArgs + ": "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(VersionJars.describe(v) + ": cannot run the " + command.word + " parser", e);
    }
    Map<String, String> dynamic = new TreeMap<>();
    Properties props = (Properties) call(result, "getDynamicProperties");
    props.stringPropertyNames().forEach(k -> dynamic.put(k, props.getProperty(k)));
    List<String> unparsed = List.of((String[]) call(result, "getArgs"));
    boolean application = command == Command.STANDALONE_JOB;
    String[] jars = application ? (String[]) callIfPresent(result, "getJars") : null;
    Object restore = application ? call(result, "getSavepointRestoreSettings") : null;
    return new Parsed(command, List.copyOf(mainArgs),
        application ? (String) call(result, "getJobClassName") : null,
        jars == null ? null : List.of(jars),
        dynamic,
        (String) callIfPresent(result, "getHostname"),
        application ? unparsed : null,
        unparsed,
        restore == null ? null : (String) call(restore, "getRestorePath"));
  }

  /** A version's parser rejected the arguments outright (e.g. a malformed -D), rather than passing them through. */
  static final class ParseFailure extends RuntimeException {
    ParseFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Object ABSENT = new Object();

  private static Object call(Object target, String method) {
    Object value = callIfPresent0(target, method);
    if (value == ABSENT) {
      throw new IllegalStateException(target.getClass().getName() + " has no " + method + "()");
    }
    return value;
  }

  /** Null when the version's class has no such getter (e.g. getJars before 1.20, getHostname in 2.x). */
  private static Object callIfPresent(Object target, String method) {
    Object value = callIfPresent0(target, method);
    return value == ABSENT ? null : value;
  }

  // The result classes are package-private in some versions (StandaloneApplicationClusterConfiguration), so the
  // getter is looked up along the class hierarchy and made accessible; the loader's classes sit in an unnamed
  // module, which allows it.
  private static Object callIfPresent0(Object target, String method) {
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(method) && m.getParameterCount() == 0 && !m.isBridge()) {
          try {
            m.setAccessible(true);
            return m.invoke(target);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + c.getName() + "." + method + "()", e);
          }
        }
      }
    }
    return ABSENT;
  }
}
