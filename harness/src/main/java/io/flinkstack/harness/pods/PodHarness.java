package io.flinkstack.harness.pods;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.harness.FlinkProcess;
import io.flinkstack.harness.FlinkProcessLauncher;
import io.flinkstack.harness.FlinkRelease;
import io.flinkstack.controller.observation.FlinkEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one flinkstack cluster's pods real where no kubelet runs (fabric8's mock API server, CRUD mode): it
 * plays the StatefulSet controller for {@code <cluster>-jobmanager} and {@code <cluster>-taskmanager} and the
 * kubelet for their pods, each pod a local Flink JVM in a {@link Sandbox} (read-only image-shaped root, the
 * pod's volumes, the pod's user) on its own loopback address ({@link PodNetwork}), started from the pod's spec
 * and the cluster's config ConfigMap. One thread polls the API (every 200 ms by default); everything it does
 * goes through the client, so a controller under test sees pods, revisions and statuses as on a cluster. The
 * container's arguments go to the real entrypoint class of the harness' jars unchanged, so a pod that declares
 * another Flink version ({@code app.kubernetes.io/version}) is not started: its waiting reason is
 * {@code FlinkVersionMismatch} ({@link #waiting}, {@link #awaitPodsReady}).
 *
 * <pre>{@code
 * try (PodHarness pods = PodHarness.builder(client, "flink", "orders")
 *         .flinkClasspath(jars).jar("local:///opt/flink/usrlib/job.jar", jobJar).workDirectory(dir).start()) {
 *   pods.awaitPodsReady(Duration.ofMinutes(1));
 *   FlinkRestClient flink = new FlinkRestClient(pods.restUrl());
 * }
 * }</pre>
 *
 * <p>Not emulated: scheduling and nodes, liveness/startup probes (readiness: HTTP GET on the pod's address,
 * else "process alive"), projected/downwardAPI/hostPath volumes, sidecar containers, resource limits, network
 * isolation between pods, Kubernetes HA (ZooKeeper HA instead: {@link Builder#highAvailability}), garbage
 * collection beyond "pods of a deleted StatefulSet go". See controller/README.md and docs/flink-versions.md.
 */
public final class PodHarness implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodHarness.class);
  private final KubernetesClient client;
  private final String namespace;
  private final String cluster;
  private final Duration pollInterval;
  private final PodNetwork network;
  private final Path checkpoints;
  private final Path savepoints;
  private final Kubelet kubelet;
  private final StatefulSetEmulation statefulSets;
  private final Thread loop;
  private final Thread shutdownHook = new Thread(this::stopProcesses, "pod-harness-stop");
  /** Where the official image keeps Flink ({@code $FLINK_HOME}). */
  static final String IMAGE_HOME = "/opt/flink";

  private volatile boolean closed;
  private volatile RuntimeException lastError;

  private PodHarness(Builder builder, FlinkRelease version, Path workDirectory) throws IOException {
    this.client = builder.client;
    this.namespace = builder.namespace;
    this.cluster = builder.cluster;
    this.pollInterval = builder.pollInterval;
    this.network = new PodNetwork();
    this.checkpoints = PodVolumes.writableDirectory(workDirectory.resolve("checkpoints"));
    this.savepoints = PodVolumes.writableDirectory(workDirectory.resolve("savepoints"));
    FlinkProcessLauncher launcher = new FlinkProcessLauncher(builder.classpath, workDirectory, builder.jvmOptions);
    // The image's files besides Flink's jars: the job jars where the manifest's local:// URIs say they are
    // (/opt/flink/usrlib/…). Before 1.19 (no --jars) the application entrypoint finds the job only by scanning
    // usrlib under $FLINK_LIB_DIR/.. (ClusterEntrypointUtils.tryFindUserLibDirectory); from 1.19 the --jars URI
    // names the same file, as in the image.
    Path imageLib = imageLib(launcher.classpath(), workDirectory.resolve("image").resolve("lib"));
    Map<String, Path> imageFiles = new LinkedHashMap<>();
    imageFiles.put(IMAGE_HOME + "/opt", imageOpt(version, workDirectory.resolve("image").resolve("opt")));
    for (Map.Entry<String, Path> jar : builder.jars.entrySet()) {
      URI uri = URI.create(jar.getKey());
      if (!"local".equals(uri.getScheme()) || uri.getPath() == null || !uri.getPath().startsWith("/")) {
        throw new IllegalArgumentException("jar(" + jar.getKey() + ", …): only local:///absolute/path URIs name files of the image");
      }
      imageFiles.put(uri.getPath(), jar.getValue().toAbsolutePath());
    }
    // Shared with every pod at the same path, writable: the harness' directories (logs, local state) and the
    // caller's local directories in its configuration (the HA storage directory …).
    List<Path> shared = new ArrayList<>(List.of(workDirectory));
    builder.config.values().forEach(value -> localDirectory(value).filter(path -> !path.startsWith(workDirectory)).ifPresent(shared::add));
    builder.sharedDirectories.forEach(path -> shared.add(path.toAbsolutePath()));
    for (Path directory : shared) {
      PodVolumes.writableDirectory(directory);
    }
    this.kubelet =
        new Kubelet(
            new Kubelet.Settings(
                client, namespace, cluster, workDirectory, version, launcher, network, imageLib, imageFiles, List.copyOf(shared),
                Map.copyOf(builder.config), checkpoints.toUri(), savepoints.toUri(), builder.termination, builder.maxGracePeriod));
    this.statefulSets = new StatefulSetEmulation(client, namespace);
    this.loop = new Thread(this::run, "pod-harness-" + cluster);
    this.loop.setDaemon(true);
  }

  /**
   * Flink's jars as the image's {@code lib} directory: hard links where the file system allows (the Maven
   * repository is usually on the same one), else copies, each named {@code NNN-<file>} so that the
   * directory's order is the classpath's; readable by the pods' user.
   */
  private static Path imageLib(List<Path> classpath, Path lib) throws IOException {
    if (Files.exists(lib)) {
      try (var old = Files.list(lib)) {
        for (Path file : old.toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(lib);
    int index = 0;
    for (Path jar : classpath) {
      Path target = lib.resolve(String.format("%03d-%s", index++, jar.getFileName()));
      try {
        Files.createLink(target, jar);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(jar, target);
      }
    }
    return lib;
  }

  /**
   * The image's {@code /opt/flink/opt} as far as the constructs use it: the file-system plugins, named as the
   * official image names them ({@code flink-s3-fs-hadoop-<version>.jar} …), which the synthesized init
   * containers copy into {@code plugins/}. Stand-ins: empty jars (Maven Central's are not served here, and the
   * harness rewrites object-store URIs to local directories, so no plugin class is ever loaded). Flink still
   * sees a plugin directory with a jar, as on a cluster; without one it refuses to start.
   */
  private static Path imageOpt(FlinkRelease version, Path opt) throws IOException {
    Files.createDirectories(opt);
    for (String plugin : List.of("flink-s3-fs-hadoop", "flink-s3-fs-presto", "flink-gs-fs-hadoop", "flink-azure-fs-hadoop", "flink-oss-fs-hadoop")) {
      Path jar = opt.resolve(plugin + "-" + version.text() + ".jar");
      if (!Files.exists(jar)) {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
          // a manifest only
        }
      }
    }
    return opt;
  }

  /** A {@code file:} URI or absolute path in a configuration value: the directory it names. */
  private static Optional<Path> localDirectory(String value) {
    try {
      if (value.startsWith("file:")) {
        return Optional.of(Path.of(URI.create(value)));
      }
      if (value.startsWith("/") && !value.contains(";") && !value.contains(",")) {
        return Optional.of(Path.of(value));
      }
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      // not a path
    }
    return Optional.empty();
  }

  public static Builder builder(KubernetesClient client, String namespace, String clusterName) {
    return new Builder(client, namespace, clusterName);
  }

  // ---- what it is ---------------------------------------------------------------------------------

  /**
   * The JobManager's REST endpoint: the address of pod {@code <cluster>-jobmanager-0} (a pod keeps its address
   * for its name, so a restarted or replaced JobManager keeps this URL) and the configuration's {@code rest.port}.
   */
  public URI restUrl() {
    String port = LocalPodConfig.of(client.configMaps().inNamespace(namespace).withName(ClusterNames.config(cluster)).get())
        .map(config -> config.get("rest.port")).orElse("8081");
    return URI.create("http://" + podAddress(ClusterNames.jobManager(cluster) + "-0") + ":" + port);
  }

  /**
   * A pod's address on this machine (in 127.0.0.0/8), as its status' {@code podIP} says: that of the pod now running
   * under the name (a recreated pod has another unless a ClusterIP Service selects it; see {@link PodNetwork}).
   */
  public String podAddress(String podName) {
    return network.address(podName);
  }

  /**
   * For the controller: this cluster's REST Service ({@code <cluster>-rest} in the harness' namespace) is
   * {@link #restUrl()}; any other service resolves as in a cluster (and is unreachable here).
   */
  public FlinkEndpoints endpoints() {
    return (ns, service) ->
        ns.equals(namespace) && service.equals(ClusterNames.restService(cluster)) ? restUrl() : FlinkEndpoints.clusterDns().restUrl(ns, service);
  }

  /**
   * Where checkpoints go when the cluster's configured directory is remote ({@code s3://} …); a
   * {@code file:} directory in the config is used as it is.
   */
  public Path checkpointDirectory() {
    return checkpoints;
  }

  /** As {@link #checkpointDirectory()}, for savepoints. */
  public Path savepointDirectory() {
    return savepoints;
  }

  /** The live process of a pod's container, if it runs now. */
  public Optional<ProcessHandle> processFor(String podName) {
    return kubelet.runtime(podName).filter(Kubelet.Runtime::alive).map(runtime -> runtime.process.handle());
  }

  /** How often the pod's container was restarted (as in its status); empty for an unknown pod. */
  public OptionalInt restartCount(String podName) {
    return kubelet.runtime(podName).map(runtime -> OptionalInt.of(runtime.restartCount)).orElse(OptionalInt.empty());
  }

  /**
   * Why the pod's container is not running, as its status' waiting state says: {@code "reason: message"}, e.g.
   * {@code CreateContainerError}, {@code CrashLoopBackOff} or {@code FlinkVersionMismatch} (the pod declares
   * another Flink version than the harness' jars; it is never started). Empty while it runs, or for an unknown pod.
   */
  public Optional<String> waiting(String podName) {
    return kubelet.runtime(podName).filter(runtime -> !runtime.alive()).flatMap(PodHarness::waiting);
  }

  private static Optional<String> waiting(Kubelet.Runtime runtime) {
    String reason = runtime.waitingReason;
    return reason == null ? Optional.empty() : Optional.of(reason + ": " + runtime.waitingMessage);
  }

  /** The pod's current process's log file. */
  public Optional<Path> logFile(String podName) {
    return kubelet.runtime(podName).filter(runtime -> runtime.process != null).map(runtime -> runtime.process.logFile());
  }

  /**
   * For a failing test's message: each pod's container (running or why not, restarts), then the last lines of its
   * current log that say what a stuck job waits for: warnings, errors, and the ResourceManager's, slot manager's and
   * JobMaster's lines about TaskManagers and slots.
   */
  public String diagnostics() {
    StringBuilder out = new StringBuilder("pods of ").append(cluster).append(" as the harness runs them:");
    for (Kubelet.Runtime runtime : kubelet.runtimes()) {
      out.append("\n- ").append(runtime.name()).append(runtime.alive() ? " running" : " not running")
          .append(", restarts ").append(runtime.restartCount);
      waiting(runtime).ifPresent(text -> out.append(", ").append(text));
      FlinkProcess process = runtime.process;
      if (process != null) {
        out.append(", log ").append(process.logFile());
        process.tellingLines(DIAGNOSTIC_LINES).forEach(line -> out.append("\n    ").append(line));
      }
    }
    return out.toString();
  }

  private static final int DIAGNOSTIC_LINES = 10;

  /**
   * A crash: SIGKILL of the pod's process, the pod stays. The harness restarts the container from the same
   * pod spec and counts the restart.
   */
  public void killProcess(String podName) {
    Kubelet.Runtime runtime =
        kubelet.runtime(podName).filter(Kubelet.Runtime::alive).orElseThrow(() -> new IllegalStateException("no process runs for pod " + podName));
    runtime.process.kill();
  }

  /**
   * Waits until both StatefulSets have exactly their desired number of pods and every one is Running and
   * Ready in the API (as written by this harness).
   *
   * @throws IllegalStateException at the deadline, with what was seen and the last pass' error, if any; at once
   *     when a pod is refused for its Flink version (it would never become ready)
   */
  public void awaitPodsReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "nothing yet";
    while (System.nanoTime() - deadline < 0) {
      List<String> notReady = new ArrayList<>();
      for (String name : List.of(ClusterNames.jobManager(cluster), ClusterNames.taskManager(cluster))) {
        StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (set == null) {
          notReady.add(name + " missing");
          continue;
        }
        int desired = statefulSets.desiredReplicas(set);
        List<Pod> pods = podsOf(listPods(), name).values().stream().toList();
        long ready = pods.stream().filter(PodHarness::isReadyInApi).count();
        if (pods.size() != desired || ready != desired) {
          List<String> reasons = new ArrayList<>();
          for (Pod pod : pods) {
            String podName = pod.getMetadata().getName();
            Optional<Kubelet.Runtime> runtime = kubelet.runtime(podName).filter(r -> !r.alive());
            Optional<String> waiting = runtime.flatMap(PodHarness::waiting);
            if (runtime.isPresent() && Kubelet.VERSION_MISMATCH.equals(runtime.get().waitingReason)) {
              throw new IllegalStateException("pod " + podName + " cannot start: " + waiting.orElseThrow());
            }
            waiting.ifPresent(text -> reasons.add(podName + " " + text));
          }
          notReady.add(name + ": " + ready + " of " + pods.size() + " pods ready, " + desired + " desired"
              + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"));
        }
      }
      if (notReady.isEmpty()) {
        return;
      }
      seen = String.join("; ", notReady);
      sleep(Duration.ofMillis(100));
    }
    RuntimeException error = lastError;
    throw new IllegalStateException(
        "pods not ready within " + timeout + ": " + seen + (error == null ? "" : "; the last pass failed: " + error), error);
  }

  /** Stops polling and SIGKILLs every process. Pod objects stay in the API as they were. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.interrupt();
    try {
      loop.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
  }

  // ---- the loop ---------------------------------------------------------------------------------------

  private void start() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    loop.start();
  }

  private void run() {
    while (!closed) {
      try {
        pass();
        lastError = null;
      } catch (RuntimeException e) {
        // The API server may be gone for a moment (or for good, at close): report once and try again.
        if (lastError == null || !String.valueOf(lastError.getMessage()).equals(e.getMessage())) {
          LOG.warn("pod harness pass for cluster {} failed; retrying", cluster, e);
        }
        lastError = e;
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Kubelet first (stop processes of deleted pods, start new ones), then the StatefulSet controller. */
  private void pass() {
    List<Pod> pods = listPods();
    Map<String, StatefulSet> sets = new LinkedHashMap<>();
    List<Pod> owned = new ArrayList<>();
    for (String name : List.of(ClusterNames.jobManager(cluster), ClusterNames.taskManager(cluster))) {
      StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      TreeMap<Integer, Pod> ofSet = podsOf(pods, name);
      if (set == null) {
        // Garbage collection: the pods of a deleted StatefulSet go with it.
        ofSet.values().forEach(pod -> client.pods().inNamespace(namespace).resource(pod).delete());
        continue;
      }
      sets.put(name, set);
      owned.addAll(ofSet.values());
    }
    if (closed) {
      return;
    }
    kubelet.sync(owned);
    for (StatefulSet set : sets.values()) {
      statefulSets.sync(set, podsOf(pods, set.getMetadata().getName()), kubelet::isPodReady);
    }
  }

  private List<Pod> listPods() {
    return client.pods().inNamespace(namespace).list().getItems();
  }

  /** The set's pods by ordinal: owned by it and named {@code <set>-<ordinal>}. */
  private static TreeMap<Integer, Pod> podsOf(List<Pod> pods, String setName) {
    TreeMap<Integer, Pod> result = new TreeMap<>();
    for (Pod pod : pods) {
      List<OwnerReference> owners = Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of());
      boolean ownedBySet = owners.stream().anyMatch(owner -> "StatefulSet".equals(owner.getKind()) && setName.equals(owner.getName()));
      String name = pod.getMetadata().getName();
      if (ownedBySet && name.startsWith(setName + "-") && name.substring(setName.length() + 1).matches("\\d+")) {
        result.put(Integer.parseInt(name.substring(setName.length() + 1)), pod);
      }
    }
    return result;
  }

  private static boolean isReadyInApi(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
            .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
  }

  private void stopProcesses() {
    kubelet.stopAll();
  }



  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Settings of a {@link PodHarness}; {@link #start()} starts its thread. */
  public static final class Builder {
    private final KubernetesClient client;
    private final String namespace;
    private final String cluster;
    private List<Path> classpath = List.of();
    private final Map<String, Path> jars = new LinkedHashMap<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private List<String> jvmOptions = List.of("-XX:+UseSerialGC");
    private Path workDirectory;
    private String flinkVersion;
    private Duration pollInterval = Duration.ofMillis(200);
    private Kubelet.Termination termination = Kubelet.Termination.GRACEFUL;
    private Duration maxGracePeriod = Duration.ofSeconds(30);
    private final List<Path> sharedDirectories = new ArrayList<>();
    private boolean zooKeeperHa;

    private Builder(KubernetesClient client, String namespace, String cluster) {
      this.client = client;
      this.namespace = namespace;
      this.cluster = cluster;
    }

    /** Flink's jars (and log4j); for application clusters also flink-container. The job's jar comes through {@link #jar}. */
    public Builder flinkClasspath(List<Path> jars) {
      this.classpath = List.copyOf(jars);
      return this;
    }

    /** A jar the image would hold: {@code local:///opt/flink/usrlib/job.jar} in the pod spec → this local file. */
    public Builder jar(String imageUri, Path localFile) {
      jars.put(imageUri, localFile);
      return this;
    }

    /** A Flink key for every pod; wins over the ConfigMap and the harness' defaults, not over addresses, ports and directories. */
    public Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    /**
     * Flink's ZooKeeper high availability for every pod (the ConfigMap's {@code high-availability*} keys,
     * Kubernetes HA in a synthesized app, are dropped: no API server here elects leaders): a restarted
     * JobManager recovers its job from the latest checkpoint in {@code storageDirectory}. The cluster id is the
     * cluster's name, so every JobManager of this harness finds the same HA data; in application mode Flink then
     * fixes the job id (derived from the cluster id). A ZooKeeper server: {@code LocalZooKeeper}.
     */
    public Builder highAvailability(String zooKeeperQuorum, Path storageDirectory) {
      // The type's key is per version (high-availability before 1.17): set at start(), once the version is known.
      zooKeeperHa = true;
      config.put("high-availability.zookeeper.quorum", zooKeeperQuorum);
      config.put("high-availability.storageDir", storageDirectory.toAbsolutePath().toUri().toString());
      config.put("high-availability.cluster-id", cluster);
      // The ZooKeeper session of a killed JobManager holds its leadership until it expires (Flink's default
      // 60 s): short, so the restarted one leads within seconds.
      config.put("high-availability.zookeeper.client.session-timeout", "5000");
      // No Kerberos here: without this Curator tries SASL first and logs "Authentication failed" errors.
      config.put("zookeeper.sasl.disable", "true");
      return this;
    }

    /**
     * A host directory every pod sees at the same path, writable by the pod's user (as a hostPath volume the
     * test adds to every pod): where a test job writes its output for the test to read.
     */
    public Builder sharedDirectory(Path directory) {
      sharedDirectories.add(directory);
      return this;
    }

    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** Pod directories (config, logs, wrapper output), and checkpoints/savepoints for remote directories; default a temp directory. */
    public Builder workDirectory(Path directory) {
      this.workDirectory = directory;
      return this;
    }

    /** Needed only when the classpath has no flink-runtime jar to read it from. */
    public Builder flinkVersion(String version) {
      this.flinkVersion = version;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /**
     * How the process of a pod deleted through the API ends: SIGTERM and up to {@code maxGracePeriod}
     * (or the pod's shorter {@code terminationGracePeriodSeconds}) before SIGKILL — the kubelet's way, the
     * default — or, with {@code graceful = false}, SIGKILL at once.
     */
    public Builder podDeletion(boolean graceful, Duration maxGracePeriod) {
      this.termination = graceful ? Kubelet.Termination.GRACEFUL : Kubelet.Termination.KILL;
      this.maxGracePeriod = maxGracePeriod;
      return this;
    }

    /** Computes memory flags (a few seconds), then starts polling; returns without waiting for pods. */
    public PodHarness start() {
      if (classpath.isEmpty()) {
        throw new IllegalArgumentException("flinkClasspath(…) must hold Flink's jars");
      }
      FlinkRelease version =
          flinkVersion != null
              ? FlinkRelease.parse(flinkVersion)
              : FlinkRelease.detect(classpath).orElseThrow(() -> new IllegalArgumentException("no flink-runtime jar on the classpath; set flinkVersion(…)"));
      try {
        if (!Sandbox.available()) {
          throw new IllegalStateException(
              "the pod harness runs each pod in a sandbox (mount and UTS namespaces, chroot, setpriv to the pod's user): it needs root and "
                  + "util-linux' unshare and setpriv, which this machine or user does not have");
        }
        if (zooKeeperHa) {
          config.put(version.contract().highAvailabilityTypeKey(), "zookeeper");
        }
        Path directory = workDirectory != null ? Files.createDirectories(workDirectory) : Files.createTempDirectory("flinkstack-pods-");
        PodHarness harness = new PodHarness(this, version, directory.toAbsolutePath());
        harness.start();
        return harness;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the harness' work directory", e);
      }
    }
  }
}
