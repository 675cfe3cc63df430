package io.flinkstack.harness.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.harness.FlinkConfigFile;
import io.flinkstack.harness.FlinkProcess;
import io.flinkstack.harness.FlinkProcessLauncher;
import io.flinkstack.harness.FlinkRole;
import io.flinkstack.harness.FlinkRelease;
import io.flinkstack.harness.MemoryFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's part: one local Flink JVM per pod, started from the pod's own spec (so a pod keeps its
 * revision until it is deleted), restarted when it dies (restartPolicy Always, with a short back-off),
 * stopped when its pod is deleted; and the pod's status (phase, Ready, restart count).
 */
final class Kubelet {
  /** How a deleted pod's process ends. */
  enum Termination {
    /** SIGTERM, SIGKILL after the pod's grace period (at most the harness' cap), as the kubelet does. */
    GRACEFUL,
    /** SIGKILL at once. */
    KILL
  }

  /** Waiting reason of a pod whose declared Flink version is not the harness' jars' version; it is never started. */
  static final String VERSION_MISMATCH = "FlinkVersionMismatch";

  private static final String ENTRYPOINT = "/docker-entrypoint.sh";
  private static final Duration WRAPPER_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** One pod's container as this kubelet runs it. */
  static final class Runtime {
    final Pod pod;
    final Path directory;
    // Read by the harness' callers (processFor, restartCount) while the loop writes them.
    volatile FlinkProcess process;
    int starts;
    volatile int restartCount;
    Instant startedAt;
    Integer lastExitCode;
    long restartAtNanos;
    boolean restartPending;
    volatile String waitingReason;
    volatile String waitingMessage;
    boolean ready;
    /** Ready as the pod's status says it: containers ready and every readiness gate True (written by writeStatus). */
    volatile boolean podReady;
    Object writtenView;
    volatile Path hostsFile;
    // Init containers run once per pod, before its first container start, as the kubelet does.
    boolean initialized;

    Runtime(Pod pod, Path directory) {
      this.pod = pod;
      this.directory = directory;
    }

    String name() {
      return pod.getMetadata().getName();
    }

    boolean alive() {
      return process != null && process.isAlive();
    }
  }

  record Settings(
      KubernetesClient client,
      String namespace,
      String cluster,
      Path workDirectory,
      FlinkRelease version,
      FlinkProcessLauncher launcher,
      PodNetwork network,
      // The image's /opt/flink/lib: Flink's jars, named so that their order is the classpath's.
      Path imageLib,
      // Files of the image other than Flink's jars: path in the container → host file (the job jars in usrlib).
      Map<String, Path> imageFiles,
      // Host directories every pod sees at the same path, writable (the harness' own, the caller's state directories).
      List<Path> sharedDirectories,
      Map<String, String> callerConfig,
      URI localCheckpoints,
      URI localSavepoints,
      Termination termination,
      Duration maxGracePeriod) {}

  private final Settings settings;
  // Flink's jars as the sandboxed process sees them.
  private final List<String> classpath;
  // The configuration keys BashJavaUtils turns into memory and resource options.
  private static final List<String> MEMORY_INPUTS =
      List.of("jobmanager.memory.", "taskmanager.memory.", "taskmanager.numberOfTaskSlots", "taskmanager.cpu.");
  private final Map<String, MemoryFlags> memoryFlags = new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Runtime> runtimes = new LinkedHashMap<>();
  // The pods of the last sync: what the hosts files resolve.
  private volatile List<Pod> podsView = List.of();
  private volatile List<io.fabric8.kubernetes.api.model.Service> servicesView = List.of();

  Kubelet(Settings settings) {
    this.settings = settings;
    // In the launcher's classpath order: the image's lib directory holds the jars under numbered names.
    try (var jars = Files.list(settings.imageLib())) {
      this.classpath = jars.map(jar -> PodHarness.IMAGE_HOME + "/lib/" + jar.getFileName()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the image's lib directory " + settings.imageLib(), e);
    }
  }

  synchronized Optional<Runtime> runtime(String podName) {
    return Optional.ofNullable(runtimes.get(podName));
  }

  /** The pods' containers as now, in the order the pods were first seen. */
  synchronized List<Runtime> runtimes() {
    return List.copyOf(runtimes.values());
  }

  synchronized boolean isReady(String podName) {
    Runtime runtime = runtimes.get(podName);
    return runtime != null && runtime.ready;
  }

  /**
   * The pod's Ready condition as this kubelet last computed it: its containers ready <em>and</em> every readiness gate
   * True. The StatefulSet controller judges pods by that condition ({@code isRunningAndReady} →
   * {@code podutil.IsPodReady}, pkg/controller/statefulset/stateful_set_utils.go), not by its containers alone.
   */
  synchronized boolean isPodReady(String podName) {
    Runtime runtime = runtimes.get(podName);
    return runtime != null && runtime.ready && runtime.podReady;
  }

  /** One pass over the cluster's pods as listed now. */
  void sync(List<Pod> pods) {
    podsView = List.copyOf(pods);
    servicesView = settings.client().services().inNamespace(settings.namespace()).list().getItems();
    Map<String, Pod> byName = new LinkedHashMap<>();
    pods.forEach(pod -> byName.put(pod.getMetadata().getName(), pod));
    List<Runtime> gone = new ArrayList<>();
    synchronized (this) {
      runtimes.values().removeIf(
          runtime -> {
            Pod pod = byName.get(runtime.name());
            boolean deleted = pod == null || !pod.getMetadata().getUid().equals(runtime.pod.getMetadata().getUid());
            if (deleted) {
              gone.add(runtime);
            }
            return deleted;
          });
    }
    // Outside the lock: a graceful stop takes a moment, and killProcess() must not wait for it.
    gone.forEach(this::stop);
    for (Pod pod : pods) {
      Runtime runtime;
      synchronized (this) {
        runtime = runtimes.computeIfAbsent(pod.getMetadata().getName(), name -> new Runtime(pod, podDirectory(pod)));
      }
      step(runtime);
      writeStatus(runtime, pod);
    }
    List<Runtime> running;
    synchronized (this) {
      running = new ArrayList<>(runtimes.values());
    }
    refreshHostsFiles(running);
  }

  synchronized void stopAll() {
    runtimes.values().forEach(runtime -> {
      if (runtime.process != null) {
        runtime.process.kill();
      }
    });
  }

  /** Starts, restarts (after a back-off) or probes one container. */
  private void step(Runtime runtime) {
    if (runtime.process == null) {
      Optional<String> mismatch = versionMismatch(runtime.pod, settings.version());
      if (mismatch.isPresent()) {
        // As an image that cannot be pulled: the container never starts, and trying again cannot help.
        runtime.waitingReason = VERSION_MISMATCH;
        runtime.waitingMessage = mismatch.get();
        runtime.ready = false;
        return;
      }
    }
    if (runtime.process == null && runtime.starts == 0 && runtime.waitingReason == null) {
      start(runtime);
      return;
    }
    if (runtime.alive()) {
      runtime.ready = probe(runtime);
      return;
    }
    runtime.ready = false;
    if (!runtime.restartPending) {
      runtime.lastExitCode = runtime.process == null ? null : runtime.process.exitCode().orElse(-1);
      long backoff = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(runtime.restartCount, 5));
      runtime.restartAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
      runtime.restartPending = true;
      if (runtime.waitingReason == null) {
        runtime.waitingReason = "CrashLoopBackOff";
        runtime.waitingMessage = "back-off " + backoff + " ms restarting failed container";
      }
    } else if (System.nanoTime() - runtime.restartAtNanos >= 0) {
      runtime.restartCount++;
      start(runtime);
    }
  }

  private void start(Runtime runtime) {
    runtime.restartPending = false;
    int start = runtime.starts++;
    try {
      Path directory = PodVolumes.writableDirectory(runtime.directory.resolve("start-" + start));
      Pod pod = runtime.pod;
      Container container = flinkContainer(pod);
      String podIp = podAddress(runtime);
      Map<String, String> env = environment(pod, container, podIp);
      List<String> command = expandAll(container.getCommand(), env);
      List<String> args = expandAll(container.getArgs(), env);

      PodVolumes.Prepared volumes =
          PodVolumes.prepare(settings.client(), settings.namespace(), pod, container, ClusterNames.config(settings.cluster()), directory,
              runtime.directory, settings.workDirectory().resolve("claims"));
      Path configVolume =
          volumes.configDirectory().orElseThrow(() -> new IOException(
              "the container mounts no volume of ConfigMap " + ClusterNames.config(settings.cluster()) + " (the Flink configuration)"));
      Map<String, String> declaredConfig = flinkConfig();
      Map<String, String> config =
          LocalPodConfig.build(declaredConfig, settings.callerConfig(), podIp, settings.localCheckpoints(), settings.localSavepoints());
      // As if the ConfigMap held the harness' values: the container reads them where the pod spec mounts them.
      Files.deleteIfExists(configVolume.resolve("flink-conf.yaml"));
      Files.deleteIfExists(configVolume.resolve("config.yaml"));
      FlinkConfigFile.write(configVolume, config, settings.version());
      Files.setPosixFilePermissions(configVolume.resolve(settings.version().contract().configFileName()), PosixFilePermissions.fromString("rw-r--r--"));

      Path hosts = directory.resolve("hosts");
      Files.writeString(hosts, hostsFile(pod));
      runtime.hostsFile = hosts;
      if (!runtime.initialized) {
        runInitContainers(pod, podIp, directory, runtime.directory, hosts);
        runtime.initialized = true;
      }
      List<Sandbox.Mount> mounts = imageMounts(hosts);
      mounts.addAll(volumes.mounts());
      String workingDirectory = Optional.ofNullable(container.getWorkingDir()).orElse(PodHarness.IMAGE_HOME);

      List<String> entrypointArgs =
          command.isEmpty() ? args : runWrapper(concat(command, args), env, directory, pod, container, mounts, workingDirectory);
      ContainerCommand.Launch declaredLaunch = ContainerCommand.launch(entrypointArgs, LocalPodConfig::ownedByHarness, config);
      ContainerCommand.Launch launch = new ContainerCommand.Launch(declaredLaunch.role(),
          LocalPodConfig.relocateResultStores(declaredLaunch.arguments(), declaredConfig, config));
      FlinkRole memoryRole = launch.role() == FlinkRole.TASKMANAGER ? FlinkRole.TASKMANAGER : FlinkRole.JOBMANAGER;
      MemoryFlags memory = memoryFlags(memoryRole, config, configVolume);
      String configDirectory = env.getOrDefault("FLINK_CONF_DIR", volumes.configMountPath().orElseThrow());
      Path logFile = directory.resolve(runtime.name() + ".log");
      List<String> java = settings.launcher().command(launch.role(), classpath, configDirectory, logFile.toString(), memory, launch.arguments());
      Sandbox sandbox = new Sandbox(Files.createDirectories(directory.resolve("root")), hostname(pod), identity(pod, container), workingDirectory, mounts);
      runtime.process = settings.launcher().start(runtime.name(), sandbox.command(directory.resolve("sandbox.sh"), java), directory, logFile, env);
      runtime.startedAt = Instant.now();
      runtime.waitingReason = null;
      runtime.waitingMessage = null;
    } catch (IOException | RuntimeException e) {
      // As a container that cannot be created: reported in the status, tried again after the back-off.
      runtime.process = null;
      runtime.waitingReason = "CreateContainerError";
      runtime.waitingMessage = String.valueOf(e.getMessage());
      runtime.restartPending = false;
    }
  }

  /** The image's files, the harness' shared directories and the pod's /etc/hosts; the pod's volumes go on top. */
  private List<Sandbox.Mount> imageMounts(Path hosts) {
    List<Sandbox.Mount> mounts = new ArrayList<>();
    mounts.add(new Sandbox.Mount(settings.imageLib(), PodHarness.IMAGE_HOME + "/lib", true));
    settings.imageFiles().forEach((target, file) -> mounts.add(new Sandbox.Mount(file, target, true)));
    settings.sharedDirectories().forEach(shared -> mounts.add(new Sandbox.Mount(shared, shared.toString(), false)));
    mounts.add(new Sandbox.Mount(hosts, "/etc/hosts", true));
    return mounts;
  }

  /**
   * The pod's init containers, in order, each in its own sandbox with its own volume mounts (they share the
   * pod's emptyDirs with the main container): each must exit 0 before the next, as the kubelet requires. They
   * run the image's files as the harness has them; a command is required (the image's entrypoint is Flink's).
   */
  private void runInitContainers(Pod pod, String podIp, Path directory, Path podDirectory, Path hosts) throws IOException {
    for (Container init : Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of())) {
      Map<String, String> env = environment(pod, init, podIp);
      List<String> argv = concat(expandAll(init.getCommand(), env), expandAll(init.getArgs(), env));
      if (init.getCommand() == null || init.getCommand().isEmpty()) {
        throw new IOException("init container " + init.getName() + " has no command: the harness runs only commands, not the image's entrypoint");
      }
      Path initDirectory = Files.createDirectories(directory.resolve("init-" + init.getName()));
      PodVolumes.Prepared volumes =
          PodVolumes.prepare(settings.client(), settings.namespace(), pod, init, ClusterNames.config(settings.cluster()), initDirectory,
              podDirectory, settings.workDirectory().resolve("claims"));
      List<Sandbox.Mount> mounts = imageMounts(hosts);
      mounts.addAll(volumes.mounts());
      Sandbox sandbox = new Sandbox(Files.createDirectories(initDirectory.resolve("root")), hostname(pod), identity(pod, init),
          Optional.ofNullable(init.getWorkingDir()).orElse(PodHarness.IMAGE_HOME), mounts);
      Path output = initDirectory.resolve("output");
      int exit = runToCompletion(sandbox.command(initDirectory.resolve("sandbox.sh"), argv), env, initDirectory, output,
          "init container " + init.getName());
      if (exit != 0) {
        throw new IOException("init container " + init.getName() + " exited " + exit + ": " + Files.readString(output).strip());
      }
    }
  }

  /** Runs a short-lived command (an init container, a start wrapper) with exactly {@code env}; its exit code. */
  private static int runToCompletion(List<String> argv, Map<String, String> env, Path directory, Path output, String what) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(WRAPPER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(what + " did not finish within " + WRAPPER_TIMEOUT);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The image's environment ({@code ENV} of apache/flink-docker's Dockerfiles: FLINK_HOME and PATH) and what
   * flink-dist's {@code bin/config.sh} exports before it starts a process; JAVA_HOME is this machine's.
   */
  private static final Map<String, String> IMAGE_ENVIRONMENT =
      Map.of(
          "FLINK_HOME", PodHarness.IMAGE_HOME,
          "PATH", PodHarness.IMAGE_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "FLINK_BIN_DIR", PodHarness.IMAGE_HOME + "/bin",
          "FLINK_LIB_DIR", PodHarness.IMAGE_HOME + "/lib",
          "FLINK_OPT_DIR", PodHarness.IMAGE_HOME + "/opt",
          "FLINK_PLUGINS_DIR", PodHarness.IMAGE_HOME + "/plugins",
          "FLINK_LOG_DIR", PodHarness.IMAGE_HOME + "/log");

  /** Kubernetes' hostname for the pod: {@code spec.hostname}, else the pod's name. */
  private static String hostname(Pod pod) {
    return Optional.ofNullable(pod.getSpec().getHostname()).orElse(pod.getMetadata().getName());
  }

  /**
   * The user the container runs as: {@code runAsUser}/{@code runAsGroup} of the container, else of the pod,
   * else the official image's {@code flink} user (9999), to which its entrypoint drops from root; the pod's
   * {@code fsGroup} and {@code supplementalGroups} as supplementary groups.
   */
  static Sandbox.Identity identity(Pod pod, Container container) {
    var podContext = Optional.ofNullable(pod.getSpec().getSecurityContext());
    var containerContext = Optional.ofNullable(container.getSecurityContext());
    long uid = containerContext.map(c -> c.getRunAsUser()).or(() -> podContext.map(c -> c.getRunAsUser())).orElse(IMAGE_USER);
    long gid = containerContext.map(c -> c.getRunAsGroup()).or(() -> podContext.map(c -> c.getRunAsGroup())).orElse(IMAGE_USER);
    List<Long> groups = new ArrayList<>();
    podContext.map(c -> c.getFsGroup()).ifPresent(groups::add);
    podContext.map(c -> c.getSupplementalGroups()).ifPresent(groups::addAll);
    boolean noNewPrivileges = containerContext.map(c -> Boolean.FALSE.equals(c.getAllowPrivilegeEscalation())).orElse(false);
    return new Sandbox.Identity(uid, gid, groups.stream().distinct().toList(), noNewPrivileges);
  }

  /** uid and gid of the {@code flink} user in apache/flink-docker's images. */
  static final long IMAGE_USER = 9999;

  /** Rewrites the hosts files of running pods whose view of the Services changed (a pod appeared, became ready). */
  private void refreshHostsFiles(List<Runtime> running) {
    for (Runtime runtime : running) {
      if (runtime.hostsFile == null || !runtime.alive()) {
        continue;
      }
      try {
        String text = hostsFile(runtime.pod);
        if (!text.equals(Files.readString(runtime.hostsFile))) {
          // In place: the container's /etc/hosts is a bind mount of this very file (its inode).
          Files.writeString(runtime.hostsFile, text);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The address of the runtime's pod (of this incarnation: a recreated pod has another, see {@link PodNetwork}). */
  private String podAddress(Runtime runtime) {
    return settings.network().address(runtime.pod, servicesView);
  }

  private String hostsFile(Pod pod) {
    List<Pod> pods = new ArrayList<>(podsView);
    pods.sort(Comparator.comparing((Pod p) -> p.getMetadata().getName()));
    return settings.network().hostsFile(pod, settings.namespace(), servicesView, pods, this::isReady);
  }

  /**
   * Why the pod cannot run on the harness' jars, if it cannot: its {@code app.kubernetes.io/version} label (the
   * synthesized pods carry the cluster's Flink version there) names another major.minor. No label, no check.
   */
  static Optional<String> versionMismatch(Pod pod, FlinkRelease jars) {
    String declared = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Labels.VERSION);
    if (declared == null || io.flinkstack.contract.FlinkVersion.parse(declared).filter(jars.contract()::equals).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "pod declares Flink " + declared + " but the harness runs Flink " + jars.text() + " jars; give the harness the declared version's jars");
  }

  /**
   * The JVM and {@code -D} memory options flink-dist's scripts compute at every start from the pod's own config
   * (BashJavaUtils), which include the slot count: computed once per distinct set of the keys it reads.
   */
  private MemoryFlags memoryFlags(FlinkRole role, Map<String, String> config, Path configDirectory) throws IOException {
    StringBuilder key = new StringBuilder(role.name());
    new java.util.TreeMap<>(config).forEach((k, v) -> {
      if (MEMORY_INPUTS.stream().anyMatch(k::startsWith)) {
        key.append('\n').append(k).append('=').append(v);
      }
    });
    MemoryFlags flags = memoryFlags.get(key.toString());
    if (flags == null) {
      flags = settings.launcher().memoryFlags(role, configDirectory);
      memoryFlags.put(key.toString(), flags);
    }
    return flags;
  }

  private void stop(Runtime runtime) {
    if (runtime.process == null || !runtime.process.isAlive()) {
      return;
    }
    if (settings.termination() == Termination.KILL) {
      runtime.process.kill();
      return;
    }
    long podGrace = Optional.ofNullable(runtime.pod.getSpec().getTerminationGracePeriodSeconds()).orElse(30L);
    Duration grace = Duration.ofSeconds(podGrace);
    runtime.process.terminate(grace.compareTo(settings.maxGracePeriod()) < 0 ? grace : settings.maxGracePeriod());
  }

  /** The container the entrypoint runs: jobmanager/taskmanager by name, else the first. */
  private static Container flinkContainer(Pod pod) {
    List<Container> containers = pod.getSpec().getContainers();
    return containers.stream()
        .filter(c -> List.of("jobmanager", "taskmanager", "flink-main-container").contains(c.getName()))
        .findFirst()
        .orElse(containers.get(0));
  }

  /** Ready: the process runs and, with an HTTP readiness probe, the pod's address answers it on the probe's port. */
  private boolean probe(Runtime runtime) {
    Container container = flinkContainer(runtime.pod);
    var probe = container.getReadinessProbe();
    if (probe == null || probe.getHttpGet() == null) {
      return true;
    }
    String path = Optional.ofNullable(probe.getHttpGet().getPath()).orElse("/");
    Optional<Integer> port = containerPort(container, probe.getHttpGet().getPort());
    if (port.isEmpty()) {
      return false;
    }
    try {
      URI uri = URI.create("http://" + podAddress(runtime) + ":" + port.get() + path);
      HttpResponse<Void> response =
          http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  static Optional<Integer> containerPort(Container container, io.fabric8.kubernetes.api.model.IntOrString port) {
    if (port == null) {
      return Optional.empty();
    }
    if (port.getIntVal() != null) {
      return Optional.of(port.getIntVal());
    }
    return Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(p -> p.getContainerPort())
        .findFirst();
  }

  // ---- the container's view of the world -----------------------------------------------------------

  /**
   * The process' environment: the image's ({@link #IMAGE_ENVIRONMENT}, this machine's JAVA_HOME), then the
   * container's as the kubelet resolves it: values (with $(VAR) of its earlier ones only), fieldRefs, ConfigMap
   * and Secret keys.
   */
  private Map<String, String> environment(Pod pod, Container container, String podIp) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      String value = null;
      if (variable.getValue() != null) {
        value = ContainerCommand.expand(variable.getValue(), env);
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
        value = field(pod, variable.getValueFrom().getFieldRef().getFieldPath(), podIp);
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = variable.getValueFrom().getConfigMapKeyRef();
        ConfigMap map = settings.client().configMaps().inNamespace(settings.namespace()).withName(ref.getName()).get();
        value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        Secret secret = settings.client().secrets().inNamespace(settings.namespace()).withName(ref.getName()).get();
        value = secret == null ? null : PodVolumes.decoded(secret).get(ref.getKey());
      }
      if (value != null) { // missing references are left out (a kubelet would refuse to start the container)
        env.put(variable.getName(), value);
      }
    }
    Map<String, String> process = new LinkedHashMap<>(IMAGE_ENVIRONMENT);
    process.put("JAVA_HOME", System.getProperty("java.home"));
    process.putAll(env);
    return process;
  }

  private static String field(Pod pod, String path, String podIp) {
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "status.podIP", "status.podIPs" -> podIp;
      case "status.hostIP", "status.hostIPs" -> "127.0.0.1";
      case "spec.nodeName" -> "localhost";
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      default -> {
        if (path.startsWith("metadata.labels['") && pod.getMetadata().getLabels() != null) {
          yield pod.getMetadata().getLabels().get(path.substring(17, path.length() - 2));
        }
        if (path.startsWith("metadata.annotations['") && pod.getMetadata().getAnnotations() != null) {
          yield pod.getMetadata().getAnnotations().get(path.substring(22, path.length() - 2));
        }
        yield null;
      }
    };
  }

  private static List<String> expandAll(List<String> words, Map<String, String> env) {
    return words == null ? List.of() : words.stream().map(word -> ContainerCommand.expand(word, env)).toList();
  }

  /**
   * Runs the container's own command (e.g. a {@code /bin/sh -c} wrapper) for real, in the container's
   * sandbox, with {@code /docker-entrypoint.sh} a script that only records its arguments: what the wrapper
   * hands to the image's entrypoint is what this harness then starts.
   */
  private List<String> runWrapper(List<String> argv, Map<String, String> env, Path directory, Pod pod, Container container,
      List<Sandbox.Mount> mounts, String workingDirectory) throws IOException {
    Path captured = directory.resolve("entrypoint-args");
    Path recorder = directory.resolve("docker-entrypoint.sh");
    Files.writeString(
        recorder,
        "#!/bin/sh\n# Stands in for the image's " + ENTRYPOINT + ": records its arguments, NUL-separated.\n"
            + "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > " + Sandbox.quote(captured.toString()) + "\n");
    Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<Sandbox.Mount> withRecorder = new ArrayList<>(mounts);
    withRecorder.add(new Sandbox.Mount(recorder, ENTRYPOINT, true));
    Sandbox sandbox = new Sandbox(Files.createDirectories(directory.resolve("wrapper-root")), hostname(pod), identity(pod, container),
        workingDirectory, withRecorder);
    Files.writeString(directory.resolve("wrapper-command.txt"), String.join("\n", argv) + "\n");
    Path output = directory.resolve("wrapper.out");
    int exit = runToCompletion(sandbox.command(directory.resolve("wrapper-sandbox.sh"), argv), env, directory, output,
        "the container command (it did not reach " + ENTRYPOINT + ")");
    if (exit != 0 || !Files.exists(captured)) {
      throw new IOException("the container command exited " + exit + " without exec'ing " + ENTRYPOINT + ": " + Files.readString(output));
    }
    String text = Files.readString(captured, StandardCharsets.UTF_8);
    List<String> result = new ArrayList<>(List.of(text.split("\0", -1)));
    if (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
      result.remove(result.size() - 1); // after the last NUL
    }
    return result;
  }

  /** The cluster's Flink configuration from its ConfigMap ({@code config.yaml}, or {@code flink-conf.yaml} before 1.19). */
  private Map<String, String> flinkConfig() {
    String name = ClusterNames.config(settings.cluster());
    return LocalPodConfig.of(settings.client().configMaps().inNamespace(settings.namespace()).withName(name).get())
        .orElseThrow(() -> new IllegalStateException("configmap \"" + name + "\" not found"));
  }


  private Path podDirectory(Pod pod) {
    String uid = pod.getMetadata().getUid() == null ? "x" : pod.getMetadata().getUid();
    String tail = uid.length() > 8 ? uid.substring(uid.length() - 8) : uid;
    try {
      return Files.createDirectories(settings.workDirectory().resolve("pods").resolve(pod.getMetadata().getName() + "-" + tail));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  // ---- status ----------------------------------------------------------------------------------------

  private record View(String phase, boolean ready, boolean podReady, int restartCount, Long pid, String waitingReason,
      Integer lastExitCode, List<PodCondition> foreign) {}

  /** The conditions the kubelet writes; every other one belongs to someone else and is kept as it is. */
  private static final java.util.Set<String> KUBELET_CONDITIONS =
      java.util.Set.of("PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");

  /**
   * Conditions other writers set (a readiness gate's, by its controller), kept when the kubelet writes the status, as
   * the kubelet's status manager keeps them (pkg/kubelet/status/status_manager.go, {@code mergePodStatus}: only the
   * conditions the kubelet owns, {@code kubetypes.PodConditionByKubelet}, are replaced).
   */
  private static List<PodCondition> foreignConditions(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return List.of();
    }
    return pod.getStatus().getConditions().stream().filter(c -> !KUBELET_CONDITIONS.contains(c.getType())).toList();
  }

  /**
   * Why the pod is not Ready although its containers are: a readiness gate whose condition is missing or not True
   * (pkg/kubelet/status/generate.go, {@code GeneratePodReadyCondition}: Ready = ContainersReady and every
   * {@code spec.readinessGates} condition True, else reason {@code ReadinessGatesNotReady}); null when every gate is
   * True or there is none.
   */
  static String unreadyGate(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getReadinessGates() == null) {
      return null;
    }
    List<PodCondition> conditions = foreignConditions(pod);
    for (var gate : pod.getSpec().getReadinessGates()) {
      var condition = conditions.stream().filter(c -> gate.getConditionType().equals(c.getType())).findFirst();
      if (condition.isEmpty()) {
        return "corresponding condition of pod readiness gate \"" + gate.getConditionType() + "\" does not exist.";
      }
      if (!"True".equals(condition.get().getStatus())) {
        return "the status of pod readiness gate \"" + gate.getConditionType() + "\" is not \"True\", but "
            + condition.get().getStatus();
      }
    }
    return null;
  }

  private void writeStatus(Runtime runtime, Pod pod) {
    boolean started = runtime.startedAt != null;
    String gateWaits = unreadyGate(pod);
    boolean podReady = runtime.ready && gateWaits == null;
    runtime.podReady = podReady;
    List<PodCondition> foreign = foreignConditions(pod);
    View view =
        new View(
            started ? "Running" : "Pending", runtime.ready, podReady, runtime.restartCount, runtime.alive() ? runtime.process.pid() : null,
            runtime.waitingReason, runtime.lastExitCode, foreign);
    if (view.equals(runtime.writtenView)) {
      return;
    }
    Container container = flinkContainer(pod);
    String now = Instant.now().toString();
    String ready = runtime.ready ? "True" : "False";
    List<PodCondition> conditions = new ArrayList<>(List.of(
        new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).build(),
        new PodConditionBuilder().withType("Initialized").withStatus("True").withLastTransitionTime(now).build(),
        new PodConditionBuilder().withType("ContainersReady").withStatus(ready).withLastTransitionTime(now).build(),
        runtime.ready && gateWaits != null
            ? new PodConditionBuilder().withType("Ready").withStatus("False").withReason("ReadinessGatesNotReady")
                .withMessage(gateWaits).withLastTransitionTime(now).build()
            : new PodConditionBuilder().withType("Ready").withStatus(podReady ? "True" : "False").withLastTransitionTime(now).build()));
    conditions.addAll(foreign);
    ContainerStatusBuilder containerStatus =
        new ContainerStatusBuilder()
            .withName(container.getName())
            .withImage(container.getImage())
            .withImageID("")
            .withReady(runtime.ready)
            .withStarted(runtime.alive())
            .withRestartCount(runtime.restartCount);
    if (runtime.alive()) {
      containerStatus
          .withContainerID("flinkstack-local://" + runtime.process.pid())
          .withNewState().withNewRunning(runtime.startedAt.toString()).endState();
    } else {
      containerStatus.withNewState().withNewWaiting(runtime.waitingMessage, runtime.waitingReason == null ? "ContainerCreating" : runtime.waitingReason).endState();
    }
    if (runtime.lastExitCode != null) {
      containerStatus.withNewLastState().withNewTerminated().withExitCode(runtime.lastExitCode)
          .withReason(runtime.lastExitCode == 0 ? "Completed" : "Error").endTerminated().endLastState();
    }
    PodStatus status =
        new PodStatusBuilder()
            .withPhase(view.phase())
            .withHostIP("127.0.0.1")
            .withPodIP(podAddress(runtime))
            .withStartTime(runtime.startedAt == null ? null : runtime.startedAt.toString())
            .withConditions(conditions)
            .withContainerStatuses(containerStatus.build())
            .build();
    try {
      settings.client().pods().inNamespace(settings.namespace()).resource(new PodBuilder(pod).withStatus(status).build()).updateStatus();
      runtime.writtenView = view;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
      // Changed or deleted since listed: the next pass writes again (or stops the process).
    }
  }
}
