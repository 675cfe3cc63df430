package io.flinkstack.controller.app;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flinkstack.contract.ControllerRuntime;
import io.flinkstack.controller.declaration.FlinkDurations;
import io.flinkstack.controller.kubernetes.Fabric8KubernetesGateway;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.reconcile.ControllerLoop;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.reconcile.ReconcileResult;
import io.flinkstack.controller.reconcile.Reconciler;
import io.flinkstack.controller.submission.JarFetchSettings;
import io.flinkstack.controller.submission.JarHosts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar flinkstack-controller.jar controller [flags]}: the runtime controller. The flags are
 * {@link ControllerRuntime}'s (what the RuntimeController construct's Deployment passes), plus
 * {@code --kubeconfig} and {@code --once} for running it from a workstation.
 *
 * <p>Exit codes: 0 after {@code --once} or a stop (SIGTERM), 2 for bad input (one line on stderr naming
 * the flag and the fix), {@link ControllerProcess#EXIT_LEADERSHIP_LOST} after losing the Lease, 1 for
 * anything unexpected.
 */
@Command(
    name = ControllerRuntime.COMMAND,
    mixinStandardHelpOptions = true,
    version = "flinkstack controller 0.1.0",
    sortOptions = false,
    description = {
        "The flinkstack runtime controller: reconciles the FlinkJobs (flinkstack.io) of flinkstack's Flink clusters "
            + "(savepoints) every --interval while it holds the leader-election Lease, and serves "
            + ControllerRuntime.METRICS_PATH + " and " + ControllerRuntime.HEALTH_PATH + " on --metrics-port."})
public final class ControllerMain implements Callable<Integer> {
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_ERROR = 1;
  /** Where the shaded jar's log4j configuration is (not log4j2.xml: that name would also configure the tests). */
  static final String LOG_CONFIGURATION = "flinkstack-controller-log4j2.properties";

  @Option(names = ControllerRuntime.FLAG_NAMESPACE, paramLabel = "NAMESPACE",
      description = "A namespace whose FlinkJobs to act on (repeatable). None: all namespaces, for ad-hoc runs with a"
          + " kubeconfig only (it needs cluster-wide rights); the RuntimeController construct always names them.")
  List<String> namespaces = new ArrayList<>();

  @Option(names = ControllerRuntime.FLAG_LEASE_NAMESPACE, paramLabel = "NAMESPACE",
      description = "Namespace of the leader-election Lease. Default: $" + ControllerRuntime.ENV_POD_NAMESPACE
          + ", else the kubeconfig's namespace.")
  String leaseNamespace;

  @Option(names = ControllerRuntime.FLAG_LEASE_NAME, paramLabel = "NAME", defaultValue = ControllerRuntime.DEFAULT_LEASE_NAME,
      description = "Name of the leader-election Lease. Default: ${DEFAULT-VALUE}.")
  String leaseName;

  @Option(names = ControllerRuntime.FLAG_METRICS_PORT, paramLabel = "PORT", defaultValue = "" + ControllerRuntime.METRICS_PORT,
      description = "Port of the metrics and health HTTP server (0: any free port). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = ControllerRuntime.FLAG_INTERVAL, paramLabel = "DURATION", defaultValue = "10 s",
      converter = IntervalConverter.class,
      description = "How often each FlinkJob's job is looked at in Flink when nothing changed, a Flink duration"
          + " (30 s, 1 min); a change of a FlinkJob or of its cluster's pods is acted on at once. Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(names = ControllerRuntime.FLAG_WORKERS, paramLabel = "N", defaultValue = "" + ControllerSettings.DEFAULT_WORKERS,
      description = "FlinkJobs reconciled at once (one at a time each). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = ControllerRuntime.FLAG_JAR_HOST, paramLabel = "HOST",
      description = "A host session job jars may be downloaded from (repeatable): a host name, or *.example.com for any"
          + " host under example.com. A jar elsewhere, or a redirect to a host not listed, is refused. None: any host"
          + " (redirects then stay on the declared host).")
  List<String> jarHosts = new ArrayList<>();

  @Option(names = ControllerRuntime.FLAG_JAR_FETCH_TIMEOUT, paramLabel = "DURATION", defaultValue = "2 min",
      converter = IntervalConverter.class,
      description = "The longest one jar download may take, redirects and every byte included, a Flink duration."
          + " Default: ${DEFAULT-VALUE}.")
  Duration jarFetchTimeout;

  @Option(names = ControllerRuntime.FLAG_JAR_MAX_SIZE, paramLabel = "SIZE", defaultValue = "512m",
      converter = SizeConverter.class,
      description = "The largest jar the controller downloads: bytes, or with k, m or g (1024-based). Default: ${DEFAULT-VALUE}.")
  long jarMaxSize;

  @Option(names = ControllerRuntime.FLAG_SAVEPOINT_SNAPSHOTS,
      description = "Also list the savepoints the controller takes itself (periodic, nonce, upgrade, suspend, rescale) as"
          + " FlinkSnapshots, one per savepoint in a FlinkJob's history, deleted when the history disposes it. Costs the API"
          + " server a create and a status write per savepoint. Default: off (they are in the FlinkJob's savepointHistory).")
  boolean savepointSnapshots;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig to use (its current context). Default: in-cluster service account, else $KUBECONFIG or ~/.kube/config.")
  Path kubeconfig;

  @Option(names = "--once",
      description = "One reconcile pass over every declaration, a line per declaration, then exit. No Lease, no HTTP server.")
  boolean once;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;
  private final FlinkEndpoints endpoints;
  private ControllerSettings settings;
  private final LeaseSettings leaseSettings;

  /** The controller as deployed: cluster DNS for Flink, default settings, the process' environment. */
  public ControllerMain() {
    this(System.getenv(), FlinkEndpoints.clusterDns(), ControllerSettings.defaults(), LeaseSettings.defaults());
  }

  ControllerMain(Map<String, String> env, FlinkEndpoints endpoints, ControllerSettings settings, LeaseSettings leaseSettings) {
    this.env = env;
    this.endpoints = endpoints;
    this.settings = settings;
    this.leaseSettings = leaseSettings;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "classpath:" + LOG_CONFIGURATION);
    }
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), new ControllerMain()));
  }

  /**
   * Runs the command (blocking while the controller runs) and returns its exit code; a leading
   * {@code controller} word, as in the Deployment's args, is accepted and skipped.
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, new ControllerMain());
  }

  static int execute(String[] args, PrintWriter out, PrintWriter err, ControllerMain command) {
    String[] rest = args.length > 0 && args[0].equals(ControllerRuntime.COMMAND) ? Arrays.copyOfRange(args, 1, args.length) : args;
    return newCommandLine(command, out, err).execute(rest);
  }

  static CommandLine newCommandLine(ControllerMain command, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, args) -> {
      err.println(ControllerRuntime.COMMAND + ": " + oneLine(e.getMessage()) + " (see --help)");
      err.flush();
      return EXIT_BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      err.println(ControllerRuntime.COMMAND + ": internal error: " + oneLine(String.valueOf(e)));
      err.flush();
      return EXIT_ERROR;
    });
    return cli;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /** Bad input found after parsing: the line to print. */
  static final class BadInput extends Exception {
    BadInput(String line) {
      super(line, null, false, false);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (BadInput e) {
      err.println(ControllerRuntime.COMMAND + ": " + e.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_ERROR;
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws BadInput, InterruptedException {
    if (workers < 1 || workers > 64) {
      throw new BadInput(ControllerRuntime.FLAG_WORKERS + " " + workers + " is not a usable number of workers: give 1-64");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new BadInput(ControllerRuntime.FLAG_METRICS_PORT + " " + metricsPort + " is not a port: give 1-65535 (or 0 for any free port)");
    }
    for (String namespace : namespaces) {
      if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw new BadInput(ControllerRuntime.FLAG_NAMESPACE + " '" + namespace + "' is not a namespace name: lower-case letters, digits and '-', at most 63");
      }
    }
    JarHosts hosts;
    try {
      hosts = JarHosts.of(jarHosts);
    } catch (IllegalArgumentException e) {
      throw new BadInput(ControllerRuntime.FLAG_JAR_HOST + " " + e.getMessage());
    }
    settings = settings.withJarFetch(new JarFetchSettings(hosts, jarFetchTimeout, jarMaxSize)).withSavepointSnapshots(savepointSnapshots);
    KubernetesClient client = client();
    try {
      if (once) {
        return once(client, out, err);
      }
      return serve(client);
    } finally {
      client.close();
    }
  }

  private KubernetesClient client() throws BadInput {
    if (kubeconfig == null) {
      try {
        return new KubernetesClientBuilder().build();
      } catch (RuntimeException e) {
        throw new BadInput("no usable Kubernetes configuration (" + oneLine(e.getMessage())
            + "): run in a pod, or give one with --kubeconfig FILE");
      }
    }
    if (!Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
      throw new BadInput("--kubeconfig " + kubeconfig + ": no such readable file; give the path of a kubeconfig, e.g. ~/.kube/config");
    }
    Config config;
    try {
      config = Config.fromKubeconfig(kubeconfig.toFile());
    } catch (RuntimeException e) {
      throw new BadInput("--kubeconfig " + kubeconfig + " cannot be used (" + oneLine(String.valueOf(e.getMessage()))
          + "); give a valid kubeconfig with a current context");
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new BadInput("--kubeconfig " + kubeconfig + " names no API server: set current-context to a context whose cluster has a server");
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private int once(KubernetesClient client, PrintWriter out, PrintWriter err) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var gateway = new Fabric8KubernetesGateway(client);
    Reconciler reconciler = Reconciler.builder(gateway, endpoints).settings(settings).meterRegistry(registry).build();
    ControllerLoop loop = new ControllerLoop(gateway, reconciler, namespaces, interval);
    List<ReconcileResult> results;
    try {
      results = loop.runOnce();
    } catch (RuntimeException e) {
      err.println(ControllerRuntime.COMMAND + ": cannot list the FlinkJobs at " + client.getConfiguration().getMasterUrl()
          + " (" + oneLine(String.valueOf(e.getMessage())) + "); check --kubeconfig, that the flinkstack.io CRDs are installed, and the access to flinkjobs");
      err.flush();
      return EXIT_ERROR;
    }
    if (results.isEmpty()) {
      out.println("no FlinkJobs in " + (namespaces.isEmpty() ? "any namespace" : String.join(", ", namespaces)));
    }
    for (ReconcileResult result : results) {
      out.println(summary(result));
    }
    out.flush();
    return 0;
  }

  /** {@code namespace/name OUTCOME lifecycle=… job=… detail}. */
  static String summary(ReconcileResult result) {
    String lifecycle = result.status() == null || result.status().lifecycle() == null ? "-" : result.status().lifecycle().name();
    String job = result.status() == null || result.status().jobState() == null ? "-" : result.status().jobState();
    return String.format("%s %s lifecycle=%s job=%s %s", result.declaration(), result.outcome(), lifecycle, job,
        oneLine(result.detail()));
  }

  private int serve(KubernetesClient client) throws BadInput, InterruptedException {
    String namespace = leaseNamespace(leaseNamespace, env, client.getNamespace());
    if (namespace == null) {
      throw new BadInput("no namespace for the Lease: give " + ControllerRuntime.FLAG_LEASE_NAMESPACE + " NAMESPACE (or set $"
          + ControllerRuntime.ENV_POD_NAMESPACE + ")");
    }
    ControllerProcess.Options options = new ControllerProcess.Options(namespaces, interval, namespace, leaseName,
        identity(env), metricsPort, leaseSettings, workers);
    ControllerProcess process = new ControllerProcess(client, options, endpoints, settings,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    try {
      process.start();
    } catch (BindException e) {
      process.close();
      throw new BadInput(ControllerRuntime.FLAG_METRICS_PORT + " " + metricsPort + ": the port is in use (" + oneLine(e.getMessage())
          + "); give a free one with " + ControllerRuntime.FLAG_METRICS_PORT + " PORT");
    } catch (IOException e) {
      process.close();
      throw new BadInput(ControllerRuntime.FLAG_METRICS_PORT + " " + metricsPort + " cannot be served (" + oneLine(e.getMessage())
          + "); give another port with " + ControllerRuntime.FLAG_METRICS_PORT + " PORT");
    }
    Thread stop = new Thread(process::close, "flinkstack-controller-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int code = process.awaitExit();
    process.close();
    try {
      Runtime.getRuntime().removeShutdownHook(stop);
    } catch (IllegalStateException shuttingDown) {
      // The hook is what ended the wait.
    }
    return code;
  }

  /** The flag, else $POD_NAMESPACE, else the kubeconfig's (or service account's) namespace; null if none. */
  static String leaseNamespace(String flag, Map<String, String> env, String clientNamespace) {
    for (String candidate : new String[] {flag, env.get(ControllerRuntime.ENV_POD_NAMESPACE), clientNamespace}) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }

  /** $POD_NAME, else {@code <hostname>-<pid>}. */
  static String identity(Map<String, String> env) {
    String pod = env.get(ControllerRuntime.ENV_POD_NAME);
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  /** A positive number of bytes, or of KiB, MiB, GiB with the suffix k, m, g (kb, mb, gb, any case). */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(?i)\\s*([0-9]{1,12})\\s*([kmg]b?|b)?\\s*");

    @Override
    public Long convert(String value) {
      java.util.regex.Matcher matcher = SIZE.matcher(value);
      if (!matcher.matches()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a size: give bytes, or e.g. 100m or 1g");
      }
      long number = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "b" : matcher.group(2).substring(0, 1).toLowerCase(java.util.Locale.ROOT);
      long factor = switch (unit) {
        case "k" -> 1L << 10;
        case "m" -> 1L << 20;
        case "g" -> 1L << 30;
        default -> 1L;
      };
      long bytes;
      try {
        bytes = Math.multiplyExact(number, factor);
      } catch (ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is too large: give e.g. 512m");
      }
      if (bytes <= 0) {
        throw new CommandLine.TypeConversionException("'" + value + "' is no size at all: give e.g. 512m");
      }
      return bytes;
    }
  }

  /** Flink's duration syntax, more than zero. */
  static final class IntervalConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration duration;
      try {
        duration = FlinkDurations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
      if (duration.isZero()) {
        throw new CommandLine.TypeConversionException("'" + value + "' is no time at all: give e.g. '10 s'");
      }
      return duration;
    }
  }
}
