package io.flinkstack.harness.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.harness.FlinkConfigFile;
import io.flinkstack.harness.FlinkProcess;
import io.flinkstack.harness.FlinkProcessLauncher;
import io.flinkstack.harness.FlinkRole;
import io.flinkstack.harness.FlinkVersion;
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
import java.util.Base64;
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
    Object writtenView;

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
      FlinkVersion version,
      FlinkProcessLauncher launcher,
      Map<String, String> jarUris,
      // The image's own environment (FLINK_HOME, FLINK_LIB_DIR), under the container's env.
      Map<String, String> imageEnvironment,
      Map<String, String> callerConfig,
      int restPort,
      int rpcPort,
      URI localCheckpoints,
      URI localSavepoints,
      Termination termination,
      Duration maxGracePeriod) {}

  private final Settings settings;
  // The configuration keys BashJavaUtils turns into memory and resource options.
  private static final List<String> MEMORY_INPUTS =
      List.of("jobmanager.memory.", "taskmanager.memory.", "taskmanager.numberOfTaskSlots", "taskmanager.cpu.");
  private final Map<String, MemoryFlags> memoryFlags = new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Runtime> runtimes = new LinkedHashMap<>();

  Kubelet(Settings settings) {
    this.settings = settings;
  }

  synchronized Optional<Runtime> runtime(String podName) {
    return Optional.ofNullable(runtimes.get(podName));
  }

  synchronized boolean isReady(String podName) {
    Runtime runtime = runtimes.get(podName);
    return runtime != null && runtime.ready;
  }

  /** One pass over the cluster's pods as listed now. */
  void sync(List<Pod> pods) {
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
      Path directory = Files.createDirectories(runtime.directory.resolve("start-" + start));
      Files.createDirectories(directory.resolve("tmp"));
      Files.createDirectories(directory.resolve("artifacts"));
      Container container = flinkContainer(runtime.pod);
      Map<String, String> env = new LinkedHashMap<>(settings.imageEnvironment());
      env.putAll(environment(runtime.pod, container));
      List<String> command = expandAll(container.getCommand(), env);
      List<String> args = expandAll(container.getArgs(), env);
      List<String> entrypointArgs = command.isEmpty() ? args : runWrapper(runtime.pod, container, command, args, env, directory);
      Map<String, String> config =
          LocalPodConfig.build(
              flinkConfig(), settings.callerConfig(), settings.restPort(), settings.rpcPort(), directory, runtime.directory,
              settings.localCheckpoints(), settings.localSavepoints());
      ContainerCommand.Launch launch = ContainerCommand.launch(entrypointArgs, settings.jarUris(), LocalPodConfig::ownedByHarness, config);
      FlinkConfigFile.write(directory, config, settings.version());
      FlinkRole memoryRole = launch.role() == FlinkRole.TASKMANAGER ? FlinkRole.TASKMANAGER : FlinkRole.JOBMANAGER;
      runtime.process = settings.launcher().start(runtime.name(), launch.role(), directory,
          memoryFlags(memoryRole, config, directory), launch.arguments(), env);
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

  /**
   * Why the pod cannot run on the harness' jars, if it cannot: its {@code app.kubernetes.io/version} label (the
   * synthesized pods carry the cluster's Flink version there) names another major.minor. No label, no check.
   */
  static Optional<String> versionMismatch(Pod pod, FlinkVersion jars) {
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

  /** Ready: the process runs and, with an HTTP readiness probe, the JobManager's REST port answers it. */
  private boolean probe(Runtime runtime) {
    var probe = flinkContainer(runtime.pod).getReadinessProbe();
    if (probe == null || probe.getHttpGet() == null) {
      return true;
    }
    String path = Optional.ofNullable(probe.getHttpGet().getPath()).orElse("/");
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.restPort() + path)).timeout(Duration.ofSeconds(1)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- the container's view of the world -----------------------------------------------------------

  /** Env as the kubelet resolves it: values (with $(VAR) of earlier ones), fieldRefs, ConfigMap and Secret keys. */
  private Map<String, String> environment(Pod pod, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      String value = null;
      if (variable.getValue() != null) {
        value = ContainerCommand.expand(variable.getValue(), env);
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
        value = field(pod, variable.getValueFrom().getFieldRef().getFieldPath());
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = variable.getValueFrom().getConfigMapKeyRef();
        ConfigMap map = settings.client().configMaps().inNamespace(settings.namespace()).withName(ref.getName()).get();
        value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        Secret secret = settings.client().secrets().inNamespace(settings.namespace()).withName(ref.getName()).get();
        if (secret != null && secret.getData() != null && secret.getData().get(ref.getKey()) != null) {
          value = new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
        } else if (secret != null && secret.getStringData() != null) {
          value = secret.getStringData().get(ref.getKey());
        }
      }
      if (value != null) { // missing references are left out (a kubelet would refuse to start the container)
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  private static String field(Pod pod, String path) {
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "status.podIP", "status.hostIP", "status.podIPs", "status.hostIPs" -> "127.0.0.1";
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
   * Runs the container's own command (e.g. a {@code /bin/sh -c} wrapper) for real, with its ConfigMap
   * volumes written to local directories and {@code /docker-entrypoint.sh} replaced by a script that only
   * records its arguments: what the wrapper hands to the image's entrypoint is what this harness starts.
   */
  private List<String> runWrapper(Pod pod, Container container, List<String> command, List<String> args, Map<String, String> env, Path directory)
      throws IOException {
    Path captured = directory.resolve("entrypoint-args");
    Path fakeEntrypoint = directory.resolve("docker-entrypoint.sh");
    Files.writeString(
        fakeEntrypoint,
        "#!/bin/sh\n# Stands in for the image's " + ENTRYPOINT + ": records its arguments, NUL-separated.\n"
            + "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > '" + captured + "'\n");
    Files.setPosixFilePermissions(fakeEntrypoint, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> replacements = new LinkedHashMap<>();
    replacements.put(ENTRYPOINT, fakeEntrypoint.toString());
    replacements.putAll(configMapMounts(pod, container, directory.resolve("volumes")));
    List<String> argv = new ArrayList<>();
    for (String word : concat(command, args)) {
      String replaced = word;
      for (Map.Entry<String, String> entry : replacements.entrySet()) {
        replaced = replaced.replace(entry.getKey(), entry.getValue());
      }
      argv.add(replaced);
    }
    Files.writeString(directory.resolve("wrapper-command.txt"), String.join("\n", argv) + "\n");
    Path output = directory.resolve("wrapper.out");
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(WRAPPER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("the container command did not reach " + ENTRYPOINT + " within " + WRAPPER_TIMEOUT);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0 || !Files.exists(captured)) {
      throw new IOException(
          "the container command exited " + process.exitValue() + " without exec'ing " + ENTRYPOINT + ": " + Files.readString(output));
    }
    String text = Files.readString(captured, StandardCharsets.UTF_8);
    List<String> result = new ArrayList<>(List.of(text.split("\0", -1)));
    if (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
      result.remove(result.size() - 1); // after the last NUL
    }
    return result;
  }

  /** Mount path → local directory holding the ConfigMap's keys as files (longest paths first). */
  private Map<String, String> configMapMounts(Pod pod, Container container, Path volumes) throws IOException {
    Map<String, String> mounts = new LinkedHashMap<>();
    List<VolumeMount> volumeMounts = new ArrayList<>(Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()));
    volumeMounts.sort(Comparator.comparingInt((VolumeMount mount) -> mount.getMountPath().length()).reversed());
    for (VolumeMount mount : volumeMounts) {
      Volume volume =
          Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElse(null);
      if (volume == null || volume.getConfigMap() == null) {
        continue;
      }
      Path local = Files.createDirectories(volumes.resolve(volume.getName()));
      ConfigMap map = settings.client().configMaps().inNamespace(settings.namespace()).withName(volume.getConfigMap().getName()).get();
      if (map == null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
        throw new IOException("configmap \"" + volume.getConfigMap().getName() + "\" not found (volume " + volume.getName() + ")");
      }
      Map<String, String> data = map == null || map.getData() == null ? Map.of() : map.getData();
      List<KeyToPath> items = Optional.ofNullable(volume.getConfigMap().getItems()).orElse(List.of());
      if (items.isEmpty()) {
        for (Map.Entry<String, String> entry : data.entrySet()) {
          Files.writeString(local.resolve(entry.getKey()), entry.getValue());
        }
      } else {
        for (KeyToPath item : items) {
          if (data.containsKey(item.getKey())) {
            Path file = local.resolve(item.getPath());
            Files.createDirectories(file.getParent());
            Files.writeString(file, data.get(item.getKey()));
          }
        }
      }
      mounts.put(mount.getMountPath(), local.toString());
    }
    return mounts;
  }

  /** The cluster's Flink configuration from its ConfigMap ({@code config.yaml}, or {@code flink-conf.yaml} before 1.19). */
  private Map<String, String> flinkConfig() {
    ConfigMap map = settings.client().configMaps().inNamespace(settings.namespace()).withName(ClusterNames.config(settings.cluster())).get();
    if (map == null || map.getData() == null) {
      throw new IllegalStateException("configmap \"" + ClusterNames.config(settings.cluster()) + "\" not found");
    }
    if (map.getData().containsKey("config.yaml")) {
      return LocalPodConfig.parse(map.getData().get("config.yaml"), true);
    }
    return LocalPodConfig.parse(map.getData().get("flink-conf.yaml"), false);
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

  private record View(String phase, boolean ready, int restartCount, Long pid, String waitingReason, Integer lastExitCode) {}

  private void writeStatus(Runtime runtime, Pod pod) {
    boolean started = runtime.startedAt != null;
    View view =
        new View(
            started ? "Running" : "Pending", runtime.ready, runtime.restartCount, runtime.alive() ? runtime.process.pid() : null,
            runtime.waitingReason, runtime.lastExitCode);
    if (view.equals(runtime.writtenView)) {
      return;
    }
    Container container = flinkContainer(pod);
    String now = Instant.now().toString();
    String ready = runtime.ready ? "True" : "False";
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
            .withPodIP("127.0.0.1")
            .withStartTime(runtime.startedAt == null ? null : runtime.startedAt.toString())
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").withLastTransitionTime(now).build(),
                new PodConditionBuilder().withType("Initialized").withStatus("True").withLastTransitionTime(now).build(),
                new PodConditionBuilder().withType("ContainersReady").withStatus(ready).withLastTransitionTime(now).build(),
                new PodConditionBuilder().withType("Ready").withStatus(ready).withLastTransitionTime(now).build())
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
