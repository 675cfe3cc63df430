package io.flinkstack.e2e.bench;

import io.flinkstack.e2e.LocalServers;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.flinkstack.contract.LifecycleState;
import io.flinkstack.contract.RuntimeStatus;
import io.flinkstack.contract.resource.FlinkJob;
import io.flinkstack.controller.declaration.FlinkDurations;
import io.flinkstack.controller.status.RuntimeStatusJson;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code flinkstack bench controller --apps N}: the runtime controller, in its own JVM (the shaded jar, as deployed),
 * against fabric8's mock API server (CRUD mode) holding N applications, and a simulated Flink REST API answering for
 * all N jobs ({@link ControllerBenchFlink}).
 *
 * <ol>
 *   <li>Wait until the controller has reconciled every application once (each has a status, STABLE).</li>
 *   <li>At rest, for {@code --rest} (30 s): the controller's API requests per second, by kind.</li>
 *   <li>One at a time, {@code --requests} K applications (default min(N, 50)): a spec change (a new
 *       {@code savepointTriggerNonce}), then the time until the simulated Flink receives the savepoint trigger
 *       ({@code POST /jobs/<id>/savepoints}); the next change only after that. p50 and p99.</li>
 *   <li>A burst: every application's nonce changed at once (one write after the other, as fast as the mock takes them);
 *       p99 of the same delay, each from its own write.</li>
 *   <li>The controller's heap after a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}), at rest and
 *       after the burst; the larger is reported.</li>
 * </ol>
 * A delay that does not end within {@code --timeout} counts as infinitely long: a percentile that lands on one is
 * printed as {@code timeout}. Last line:
 * {@code controller apps=N p50_ms=… p99_ms=… burst_p99_ms=… heap_mb=… api_rps=…}.
 */
public final class ControllerBench {
  static final String NAMESPACE = "bench";
  /** The port the controller calls every cluster's REST Service on ({@code FlinkPorts.REST}). */
  static final int FLINK_PORT = 8081;
  private static final String NAME = "bench controller";
  private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private static final Pattern HEAP_LINE = Pattern.compile("(?m)^\\s*\\S.*?(?:generation|heap)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private ControllerBench() {}

  /** Bad input: one line naming the flag and the fix. */
  static final class BadInput extends Exception {
    BadInput(String line) {
      super(line, null, false, false);
    }
  }

  record Options(int apps, int requests, String interval, Duration intervalDuration, Duration timeout, Duration rest, Path controllerJar,
      Path work, boolean savepointSnapshots) {}

  public static void main(String[] args) throws Exception {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    Options options;
    try {
      options = parse(args, defaultControllerJar());
    } catch (BadInput e) {
      System.err.println(NAME + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(usage());
      return;
    }
    int code;
    try {
      code = run(options);
    } catch (IllegalStateException e) {
      // A run that cannot go on (the controller exited, applications never became STABLE): what happened, no trace.
      System.err.println(NAME + ": " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  static String usage() {
    return String.join("\n",
        "usage: flinkstack bench controller [--apps N] [--requests K] [--interval DURATION] [--timeout DURATION] [--rest DURATION]",
        "                                   [--controller-jar FILE] [--work DIR] [--savepoint-snapshots]",
        "  --apps N            applications (default 100)",
        "  --requests K        savepoint requests one at a time (default min(N, 50))",
        "  --interval DURATION the controller's --interval (default 10 s)",
        "  --timeout DURATION  longest wait for one savepoint trigger, and for the burst after its last write (default 2 min)",
        "  --rest DURATION     how long API requests are counted at rest (default 30 s)",
        "  --controller-jar    the controller's shaded jar (default controller/target/flinkstack-controller.jar)",
        "  --work DIR          where the kubeconfig, hosts file and controller log go (default a new temporary directory)",
        "  --savepoint-snapshots  run the controller with --savepoint-snapshots (a FlinkSnapshot per savepoint it takes);"
            + " the last line then ends savepoint_snapshots=on");
  }

  /** The options, or null for {@code --help}. */
  static Options parse(String[] args, Path defaultJar) throws BadInput {
    Map<String, String> values = new HashMap<>();
    List<String> known = List.of("--apps", "--requests", "--interval", "--timeout", "--rest", "--controller-jar", "--work",
        "--savepoint-snapshots");
    boolean savepointSnapshots = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (arg.equals("--savepoint-snapshots")) {
        savepointSnapshots = true; // a switch: no value
        continue;
      }
      String flag = arg;
      String value = null;
      if (arg.contains("=")) {
        flag = arg.substring(0, arg.indexOf('='));
        value = arg.substring(arg.indexOf('=') + 1);
      }
      if (!known.contains(flag)) {
        throw new BadInput("unknown argument '" + arg + "': the flags are " + String.join(", ", known) + " (see --help)");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new BadInput(flag + " needs a value (see --help)");
        }
        value = args[++i];
      }
      values.put(flag, value);
    }
    int apps = number(values, "--apps", 100, 1, 100_000);
    int requests = number(values, "--requests", Math.min(apps, 50), 1, apps);
    String interval = values.getOrDefault("--interval", "10 s");
    Duration intervalDuration = duration("--interval", interval);
    Duration timeout = duration("--timeout", values.getOrDefault("--timeout", "2 min"));
    Duration rest = duration("--rest", values.getOrDefault("--rest", "30 s"));
    Path jar = values.containsKey("--controller-jar") ? Path.of(values.get("--controller-jar")) : defaultJar;
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new BadInput("--controller-jar " + jar + ": no such file; build it with 'mvn -o -B -q -pl e2e -am package -DskipTests' "
          + "or give the path of flinkstack-controller.jar");
    }
    Path work = values.containsKey("--work") ? Path.of(values.get("--work")) : null;
    return new Options(apps, requests, interval, intervalDuration, timeout, rest, jar, work, savepointSnapshots);
  }

  private static int number(Map<String, String> values, String flag, int fallback, int min, int max) throws BadInput {
    String text = values.get(flag);
    if (text == null) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new BadInput(flag + " '" + text + "' is not a whole number: give one from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw new BadInput(flag + " " + value + " is out of range: give one from " + min + " to " + max
          + (flag.equals("--requests") ? " (at most --apps: each request goes to another application)" : ""));
    }
    return value;
  }

  private static Duration duration(String flag, String text) throws BadInput {
    Duration value;
    try {
      value = FlinkDurations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInput(flag + " '" + text + "' is not a duration: write a whole number and a unit, e.g. '10 s', '500 ms', '2 min'");
    }
    if (value.isZero() || value.isNegative()) {
      throw new BadInput(flag + " '" + text + "' is no time at all: give e.g. '10 s'");
    }
    return value;
  }

  /** {@code controller/target/flinkstack-controller.jar} next to this module's classes ({@code e2e/target/classes}). */
  static Path defaultControllerJar() {
    try {
      Path classes = Path.of(ControllerBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = classes.getParent() == null || classes.getParent().getParent() == null ? null : classes.getParent().getParent().getParent();
      return root == null ? null : root.resolve("controller/target/flinkstack-controller.jar");
    } catch (Exception e) {
      return null;
    }
  }

  // ---- the run ----------------------------------------------------------------------------------------------------

  static int run(Options options) throws Exception {
    Path work = options.work() != null ? Files.createDirectories(options.work()) : Files.createTempDirectory("flinkstack-bench-controller");
    log("work directory " + work + "; " + options.apps() + " applications, " + options.requests() + " requests one at a time, controller --interval "
        + options.interval());
    ControllerBenchFlink flink;
    try {
      flink = new ControllerBenchFlink(FLINK_PORT, NAMESPACE);
    } catch (BindException e) {
      System.err.println(NAME + ": port " + FLINK_PORT + " on 127.0.0.1 is in use (" + e.getMessage() + "): the simulated Flink REST API "
          + "needs it, because the controller calls http://<cluster>-rest." + NAMESPACE + ".svc:" + FLINK_PORT
          + "; stop what listens there and run again");
      return 1;
    }
    long started = System.nanoTime();
    log("synthesizing one application through the constructs (the others are copies of it)");
    ControllerBenchFixture fixture = ControllerBenchFixture.synthesize(NAMESPACE);

    ControllerBenchApi api = new ControllerBenchApi();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    Thread drain = drainRecordedRequests(server);
    Process controller = null;
    String figures;
    try (flink; KubernetesClient base = server.createClient();
        KubernetesClient client = server.createClient(builder -> builder.withConfig(new ConfigBuilder(base.getConfiguration())
            .withUserAgent(ControllerBenchApi.BENCH_USER_AGENT).withRequestTimeout(60_000).build()))) {
      // As the RuntimeController's chart installs them; the mock serves a status subresource only for CRDs it holds.
      LocalServers.createCustomResourceDefinitions(client);
      for (int i = 0; i < options.apps(); i++) {
        String cluster = ControllerBenchFixture.cluster(i);
        flink.add(cluster);
        fixture.load(client, cluster);
        if ((i + 1) % Math.max(1, options.apps() / 10) == 0 || i + 1 == options.apps()) {
          log("loaded " + (i + 1) + "/" + options.apps() + " applications into the mock API server");
        }
      }
      log(String.format(Locale.ROOT, "fixture ready in %.1f s: %d objects per application (%s)", seconds(System.nanoTime() - started),
          fixture.objects(ControllerBenchFixture.cluster(0)).size(), kinds(fixture)));

      Path hosts = work.resolve("hosts");
      Files.writeString(hosts, hostsFile(flink, options.apps()), StandardCharsets.UTF_8);
      Path kubeconfig = work.resolve("kubeconfig");
      Files.writeString(kubeconfig, kubeconfig("http://127.0.0.1:" + server.getPort()), StandardCharsets.UTF_8);
      int metricsPort = freePort();
      Path log = work.resolve("controller.log");
      List<String> command = new ArrayList<>(List.of(javaBinary("java"), "-Xmx512m", "-XX:+UseSerialGC", "-Djdk.net.hosts.file=" + hosts,
          "-jar", options.controllerJar().toString(), "controller", "--kubeconfig", kubeconfig.toString(), "--namespace", NAMESPACE,
          "--lease-namespace", NAMESPACE, "--metrics-port", Integer.toString(metricsPort), "--interval", options.interval()));
      if (options.savepointSnapshots()) {
        command.add("--savepoint-snapshots");
      }
      log("starting the controller: " + String.join(" ", command.stream().map(ControllerBench::quote).toList()) + " (log: " + log + ")");
      long controllerStarted = System.nanoTime();
      controller = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Process running = controller;
      Thread stop = new Thread(() -> stopProcess(running), "bench-controller-stop");
      Runtime.getRuntime().addShutdownHook(stop);

      Duration setupTimeout = max(options.timeout(), Duration.ofMinutes(5));
      awaitAllStable(client, options.apps(), controller, log, setupTimeout);
      log(String.format(Locale.ROOT, "every application reconciled (STABLE) %.1f s after the controller started",
          seconds(System.nanoTime() - controllerStarted)));
      // The first pass created the statuses; the next one finds nothing to write. Rest begins after that one.
      Thread.sleep(options.intervalDuration().toMillis() + 1000);
      checkAlive(controller, log);

      // ---- at rest ----
      Map<String, Long> apiBefore = api.counts();
      Map<String, Long> flinkBefore = flink.requestCounts();
      long restStart = System.nanoTime();
      Thread.sleep(options.rest().toMillis());
      double restSeconds = seconds(System.nanoTime() - restStart);
      Map<String, Long> apiRest = difference(api.counts(), apiBefore);
      Map<String, Long> flinkRest = difference(flink.requestCounts(), flinkBefore);
      double apiRps = total(apiRest) / restSeconds;
      double perApplicationRps = apiRest.entrySet().stream().filter(entry -> ControllerBenchApi.perApplication(entry.getKey()))
          .mapToLong(Map.Entry::getValue).sum() / restSeconds;
      log(String.format(Locale.ROOT, "at rest for %.1f s: %.2f API requests/s (%.2f/s about one application), %.2f Flink requests/s",
          restSeconds, apiRps, perApplicationRps, total(flinkRest) / restSeconds));
      apiRest.forEach((kind, count) -> log(String.format(Locale.ROOT, "  api   %-48s %8.2f/s", kind, count / restSeconds)));
      flinkRest.forEach((kind, count) -> log(String.format(Locale.ROOT, "  flink %-48s %8.2f/s", kind, count / restSeconds)));
      log(perApplicationRps > 0
          ? "per-application polling at rest: YES (requests that name one application's objects or select its pods, every pass)"
          : "per-application polling at rest: none seen");
      double heapRest = heapAfterGc(controller);
      log(String.format(Locale.ROOT, "controller heap after a full GC, at rest: %.1f MB", heapRest));

      // ---- one at a time ----
      long[] nonces = new long[options.apps()];
      Arrays.fill(nonces, ControllerBenchFixture.FIRST_NONCE);
      List<Double> sequential = new ArrayList<>();
      for (int k = 0; k < options.requests(); k++) {
        int index = (int) ((long) k * options.apps() / options.requests());
        String cluster = ControllerBenchFixture.cluster(index);
        ControllerBenchFlink.Cluster simulated = flink.cluster(cluster);
        int before = simulated.triggerCount();
        long written = fixture.requestSavepoint(client, cluster, ++nonces[index]);
        double delay = awaitTrigger(simulated, before, written, System.nanoTime() + options.timeout().toNanos());
        sequential.add(delay);
        log(String.format(Locale.ROOT, "request %d/%d %s: %s", k + 1, options.requests(), cluster, millis(delay)));
        checkAlive(controller, log);
      }
      double p50 = percentile(sequential, 50);
      double p99 = percentile(sequential, 99);
      log("one at a time: p50 " + millis(p50) + ", p99 " + millis(p99) + " over " + sequential.size() + " requests");
      awaitSavepointsCompleted(flink, options.apps(), Duration.ofSeconds(30));

      // ---- burst ----
      int[] before = new int[options.apps()];
      long[] written = new long[options.apps()];
      log("burst: changing all " + options.apps() + " nonces");
      for (int i = 0; i < options.apps(); i++) {
        String cluster = ControllerBenchFixture.cluster(i);
        before[i] = flink.cluster(cluster).triggerCount();
        written[i] = fixture.requestSavepoint(client, cluster, ++nonces[i]);
      }
      log(String.format(Locale.ROOT, "burst: %d writes in %.1f s; waiting for the triggers", options.apps(),
          seconds(written[options.apps() - 1] - written[0])));
      long deadline = System.nanoTime() + options.timeout().toNanos();
      List<Double> burst = new ArrayList<>();
      int arrived = 0;
      for (int i = 0; i < options.apps(); i++) {
        double delay = awaitTrigger(flink.cluster(ControllerBenchFixture.cluster(i)), before[i], written[i], deadline);
        burst.add(delay);
        arrived += Double.isFinite(delay) ? 1 : 0;
      }
      double burstP50 = percentile(burst, 50);
      double burstP99 = percentile(burst, 99);
      double burstMax = burst.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      log("burst: " + arrived + "/" + options.apps() + " triggers arrived; p50 " + millis(burstP50) + ", p99 " + millis(burstP99) + ", max "
          + millis(burstMax));
      checkAlive(controller, log);
      double heapBurst = heapAfterGc(controller);
      log(String.format(Locale.ROOT, "controller heap after a full GC, after the burst: %.1f MB", heapBurst));
      // What holds it (the heap after the burst has varied from 130 to 197 MB between runs of the same code).
      log("the controller's largest classes after the burst (jcmd GC.class_histogram):\n" + largestClasses(controller, 15));
      if (flink.unknownRequests() > 0) {
        log("the simulated Flink answered 404 to " + flink.unknownRequests() + " requests it does not simulate: " + flink.requestCounts());
      }
      figures = String.format(Locale.ROOT, "controller apps=%d p50_ms=%s p99_ms=%s burst_p99_ms=%s heap_mb=%.1f api_rps=%.1f",
          options.apps(), number(p50), number(p99), number(burstP99), Math.max(heapRest, heapBurst), apiRps)
          + (options.savepointSnapshots() ? " savepoint_snapshots=on" : "");
      stopProcess(controller);
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // already stopping
      }
    } finally {
      if (controller != null) {
        stopProcess(controller);
      }
      drain.interrupt();
      stopMockServer(server, ControllerBench::log);
    }
    // Last, after the clean-up's own lines: the figures are what a caller parses.
    System.out.println(figures);
    return 0;
  }

  /**
   * The mock API server's shutdown, which the measurements do not depend on: after a burst of 1000 applications its
   * Vert.x event loop can stay blocked past MockWebServer's close timeout (seen 2026-12-06: "Unable to close
   * MockWebServer" once the figures were printed, failing a run that had measured everything). Said, not thrown.
   */
  static void stopMockServer(KubernetesMockServer server, java.util.function.Consumer<String> log) {
    try {
      server.destroy();
    } catch (RuntimeException e) {
      log.accept("the mock API server did not close cleanly (" + e.getMessage() + "); the figures stand, the JVM exits now");
    }
  }

  // ---- pieces (package-private for the test) ----------------------------------------------------------------------

  /**
   * The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. Infinite
   * values (timeouts) sort last, so a percentile that lands on one is infinite.
   */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Milliseconds rounded to whole ones, or {@code timeout} for an infinite value. */
  static String number(double millis) {
    if (Double.isNaN(millis)) {
      return "n/a";
    }
    return Double.isInfinite(millis) ? "timeout" : Long.toString(Math.round(millis));
  }

  /** The used heap in MB from {@code jcmd <pid> GC.heap_info}: the sum of the generations' (or the heap's) "used". */
  static OptionalDouble usedHeapMb(String heapInfo) {
    Matcher matcher = HEAP_LINE.matcher(heapInfo);
    long usedKb = 0;
    boolean found = false;
    while (matcher.find()) {
      usedKb += Long.parseLong(matcher.group(2));
      found = true;
    }
    return found ? OptionalDouble.of(usedKb / 1024.0) : OptionalDouble.empty();
  }

  /** Every cluster's REST host name, and this machine's names, on 127.0.0.1. */
  static String hostsFile(ControllerBenchFlink flink, int apps) {
    StringBuilder hosts = new StringBuilder("# bench controller: every Flink REST Service on the simulated Flink server\n");
    hosts.append("127.0.0.1 localhost");
    try {
      hosts.append(' ').append(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // localhost only
    }
    hosts.append('\n');
    for (int i = 0; i < apps; i++) {
      hosts.append("127.0.0.1 ").append(flink.hostName(ControllerBenchFixture.cluster(i))).append('\n');
    }
    return hosts.toString();
  }

  static String kubeconfig(String server) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: " + server,
        "contexts:",
        "- name: mock",
        "  context:",
        "    cluster: mock",
        "    user: bench",
        "    namespace: " + NAMESPACE,
        "current-context: mock",
        "users:",
        "- name: bench",
        "  user:",
        "    token: bench",
        "");
  }

  // ---- waiting and measuring ------------------------------------------------------------------------------------

  /** Milliseconds from {@code written} to the trigger after the first {@code before}; infinite if none by the deadline. */
  private static double awaitTrigger(ControllerBenchFlink.Cluster cluster, int before, long written, long deadline) throws InterruptedException {
    while (true) {
      var arrival = cluster.trigger(before);
      if (arrival.isPresent()) {
        return (arrival.get() - written) / 1e6;
      }
      if (System.nanoTime() - deadline > 0) {
        return Double.POSITIVE_INFINITY;
      }
      Thread.sleep(2);
    }
  }

  private static void awaitAllStable(KubernetesClient client, int apps, Process controller, Path log, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastReported = -1;
    while (true) {
      checkAlive(controller, log);
      int stable = 0;
      int statuses = 0;
      for (FlinkJob job : client.resources(FlinkJob.class).inNamespace(NAMESPACE).list().getItems()) {
        if (job.getStatus() == null || job.getStatus().runtime == null) {
          continue;
        }
        statuses++;
        RuntimeStatus status = RuntimeStatusJson.read(job.getStatus().runtime);
        if (status != null && status.lifecycle() == LifecycleState.STABLE) {
          stable++;
        }
      }
      if (stable >= apps) {
        return;
      }
      if (stable != lastReported) {
        log("reconciled: " + statuses + " statuses, " + stable + "/" + apps + " STABLE");
        lastReported = stable;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("only " + stable + " of " + apps + " applications became STABLE within " + timeout
            + "; see the controller's log " + log);
      }
      Thread.sleep(1000);
    }
  }

  /** Until the simulated Flink was asked for the status of every savepoint triggered (the controller saw them complete). */
  private static void awaitSavepointsCompleted(ControllerBenchFlink flink, int apps, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      boolean done = true;
      for (int i = 0; i < apps && done; i++) {
        ControllerBenchFlink.Cluster cluster = flink.cluster(ControllerBenchFixture.cluster(i));
        done = cluster.savepointCount() >= cluster.triggerCount();
      }
      if (done) {
        return;
      }
      Thread.sleep(100);
    }
    log("some savepoints of the one-at-a-time part were not seen completed within " + timeout + "; the burst starts anyway");
  }

  private static double heapAfterGc(Process controller) throws IOException, InterruptedException {
    String pid = Long.toString(controller.pid());
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    return usedHeapMb(info).orElseThrow(() -> new IllegalStateException("no heap sizes in jcmd GC.heap_info:\n" + info));
  }

  /** The header and the first {@code classes} lines of the controller's class histogram (live objects, by bytes). */
  private static String largestClasses(Process controller, int classes) throws IOException, InterruptedException {
    List<String> lines = jcmd(Long.toString(controller.pid()), "GC.class_histogram").lines().toList();
    return String.join("\n", lines.subList(0, Math.min(lines.size(), classes + 3)));
  }

  private static String jcmd(String pid, String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(javaBinary("jcmd"), pid, command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  private static void checkAlive(Process controller, Path log) {
    if (!controller.isAlive()) {
      String tail;
      try {
        List<String> lines = Files.readAllLines(log);
        tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
      } catch (IOException e) {
        tail = "(cannot read " + log + ")";
      }
      throw new IllegalStateException("the controller exited with " + controller.exitValue() + "; the end of its log:\n" + tail);
    }
  }

  private static void stopProcess(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The mock web server keeps every request it served in a queue; nothing here reads it, so it is emptied. */
  private static Thread drainRecordedRequests(KubernetesMockServer server) {
    Thread thread = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          server.takeRequest();
        }
      } catch (InterruptedException e) {
        // done
      }
    }, "bench-drain-requests");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String kinds(ControllerBenchFixture fixture) {
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    fixture.objects(ControllerBenchFixture.cluster(0)).forEach(object -> kinds.merge(object.getKind(), 1, Integer::sum));
    return kinds.toString();
  }

  private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> difference = new java.util.TreeMap<>();
    after.forEach((key, value) -> {
      long delta = value - before.getOrDefault(key, 0L);
      if (delta > 0) {
        difference.put(key, delta);
      }
    });
    return difference;
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static String javaBinary(String tool) {
    Path candidate = Path.of(System.getProperty("java.home"), "bin", tool);
    return Files.isExecutable(candidate) ? candidate.toString() : tool;
  }

  private static String quote(String word) {
    return word.contains(" ") ? "'" + word + "'" : word;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String millis(double millis) {
    return number(millis) + (Double.isFinite(millis) ? " ms" : "");
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void log(String line) {
    System.out.println("bench controller: " + line);
  }
}
