package io.flinkstack.harness;

import io.flinkstack.controller.flink.FlinkClientException;
import io.flinkstack.controller.flink.FlinkRestClient;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real Flink standalone session cluster on 127.0.0.1: one JobManager and N TaskManagers, each its own
 * JVM started from the jars of a classpath the caller gives (Flink itself is not a dependency of this
 * code). Every process gets a directory under the work directory with its config file, log and stdout.
 *
 * <p>Every process it starts dies with it: {@link #stop()}, a JVM shutdown hook, and, should this JVM be
 * killed outright, {@link ExitWithParent} in each child.
 *
 * <pre>{@code
 * try (LocalFlinkCluster cluster = LocalFlinkCluster.builder(flinkJars).taskManagers(2).start()) {
 *   FlinkRestClient flink = cluster.client();
 *   ...
 * }
 * }</pre>
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final String TASK_MANAGER_ID_PREFIX = "taskmanager-";

  private final Path workDirectory;
  private final FlinkRelease version;
  private final Map<String, String> config;
  private final int restPort;
  private final Duration startupTimeout;
  private final int initialTaskManagers;
  private final FlinkProcessLauncher launcher;
  // Each client owns an HTTP selector thread: keep one per purpose instead of one per call.
  private final FlinkRestClient client;
  private final FlinkRestClient probe;
  private final Thread shutdownHook = new Thread(this::stopQuietly, "local-flink-cluster-stop");

  private final List<FlinkProcess> taskManagers = new ArrayList<>();
  private final List<FlinkProcess> everyJobManager = new ArrayList<>();
  private FlinkProcess jobManager;
  private int jobManagerStarts;
  private MemoryFlags jobManagerMemory;
  private MemoryFlags taskManagerMemory;
  private boolean stopped;

  private LocalFlinkCluster(Builder builder, FlinkRelease version, Path workDirectory) throws IOException {
    this.workDirectory = workDirectory;
    this.version = version;
    this.restPort = FreePorts.pick();
    this.startupTimeout = builder.startupTimeout;
    this.initialTaskManagers = builder.taskManagers;
    this.config =
        LocalClusterConfig.build(
            version, workDirectory, builder.slotsPerTaskManager, builder.adaptiveScheduler, builder.config, restPort, FreePorts.pick());
    this.launcher = new FlinkProcessLauncher(builder.classpath, workDirectory, builder.jvmOptions);
    this.client = new FlinkRestClient(restUrl(), Duration.ofSeconds(5));
    this.probe = new FlinkRestClient(restUrl(), Duration.ofSeconds(2));
  }

  public static Builder builder(List<Path> flinkClasspath) {
    return new Builder(flinkClasspath);
  }

  // ---- what it is ---------------------------------------------------------------------------------

  /** The JobManager's REST endpoint, e.g. {@code http://127.0.0.1:40123}; stays the same across restarts. */
  public URI restUrl() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  /** A REST client for this cluster, with a 5 s request timeout (everything is local). */
  public FlinkRestClient client() {
    return client;
  }

  public FlinkRelease flinkVersion() {
    return version;
  }

  public Path workDirectory() {
    return workDirectory;
  }

  /** The configuration every process got (process-specific keys aside). */
  public Map<String, String> config() {
    return Map.copyOf(config);
  }

  public Path checkpointDirectory() {
    return Path.of(URI.create(config.get(FlinkConfigKeys.checkpointDirectory(version))));
  }

  public Path savepointDirectory() {
    return Path.of(URI.create(config.get(FlinkConfigKeys.savepointDirectory(version))));
  }

  public synchronized Path jobManagerLog() {
    return jobManager.logFile();
  }

  public synchronized Path taskManagerLog(int index) {
    return taskManagers.get(index).logFile();
  }

  /** The id Flink's REST API shows for TaskManager {@code index} ({@code taskmanager.resource-id}). */
  public static String taskManagerResourceId(int index) {
    return TASK_MANAGER_ID_PREFIX + index;
  }

  /** The harness index of a TaskManager, from the id the REST API shows. */
  public static Optional<Integer> taskManagerIndex(String resourceId) {
    if (!resourceId.startsWith(TASK_MANAGER_ID_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(resourceId.substring(TASK_MANAGER_ID_PREFIX.length())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Indexes of the TaskManagers whose process is alive (the JobManager may not have noticed a death yet). */
  public synchronized List<Integer> liveTaskManagers() {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < taskManagers.size(); i++) {
      if (taskManagers.get(i).isAlive()) {
        live.add(i);
      }
    }
    return live;
  }

  /** Process ids of every JVM this cluster started, alive or not (JobManagers last). */
  public synchronized List<Long> processIds() {
    List<Long> ids = new ArrayList<>();
    taskManagers.forEach(process -> ids.add(process.pid()));
    everyJobManager.forEach(process -> ids.add(process.pid()));
    return ids;
  }

  public synchronized boolean isJobManagerAlive() {
    return jobManager != null && jobManager.isAlive();
  }

  // ---- changing it --------------------------------------------------------------------------------

  /**
   * Starts one more TaskManager and waits until the JobManager has registered it (and dropped any killed
   * one); returns its index.
   */
  public synchronized int addTaskManager() {
    requireRunning();
    int index = startTaskManager();
    awaitTaskManagersRegistered(startupTimeout);
    return index;
  }

  /**
   * {@code kill -9} of TaskManager {@code index}. Returns once the process is gone; the JobManager notices
   * by itself (broken connections, then the heartbeat timeout): {@link #awaitTaskManagersRegistered}
   * waits for that.
   */
  public synchronized void killTaskManager(int index) {
    taskManagers.get(index).kill();
  }

  /** {@code kill -9} of the JobManager. REST calls fail until {@link #restartJobManager()}. */
  public synchronized void killJobManager() {
    jobManager.kill();
  }

  /**
   * Kills the JobManager if it still runs, starts a new one on the same ports and waits until every live
   * TaskManager has registered with it. Without high availability, jobs do not survive this.
   */
  public synchronized void restartJobManager() {
    requireRunning();
    if (jobManager.isAlive()) {
      jobManager.kill();
    }
    startJobManager();
    awaitTaskManagersRegistered(startupTimeout);
  }

  /**
   * Waits until the TaskManagers registered with the JobManager are exactly the live ones: new ones have
   * registered and killed ones have been dropped (which takes up to {@code heartbeat.timeout}).
   *
   * @throws IllegalStateException with the processes' log excerpts, at the deadline or when the JobManager dies
   */
  public void awaitTaskManagersRegistered(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastSeen = "no answer yet";
    while (System.nanoTime() - deadline < 0) {
      Set<String> expected = new TreeSet<>();
      synchronized (this) {
        if (!jobManager.isAlive()) {
          throw new IllegalStateException("the JobManager exited:\n" + jobManager.diagnostics());
        }
        liveTaskManagers().forEach(index -> expected.add(taskManagerResourceId(index)));
      }
      try {
        Set<String> registered = new TreeSet<>();
        probe.taskManagers().forEach(taskManager -> registered.add(taskManager.id()));
        if (registered.equals(expected)) {
          return;
        }
        lastSeen = "registered " + registered + ", live " + expected;
      } catch (FlinkClientException notUpYet) {
        lastSeen = notUpYet.getMessage();
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "the JobManager did not get to know exactly the live TaskManagers within " + timeout + " (" + lastSeen + ")\n" + diagnostics());
  }

  /** Kills every process this cluster started. Idempotent; the work directory stays for inspection. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or will run; stopping twice is harmless.
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---- internals ----------------------------------------------------------------------------------

  private void start() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      prepareMemoryFlags();
      startJobManager();
      for (int i = 0; i < initialTaskManagers; i++) {
        startTaskManager();
      }
      awaitTaskManagersRegistered(startupTimeout);
    } catch (RuntimeException | Error e) {
      stop();
      throw e;
    }
  }

  // The JobManager's and the TaskManagers' BashJavaUtils runs are independent JVM starts: run them together.
  private void prepareMemoryFlags() {
    try {
      Path jobManagerDirectory = writeProcessConfig("jobmanager-0", Map.of());
      Path taskManagerDirectory = writeProcessConfig("taskmanager-memory", Map.of());
      CompletableFuture<MemoryFlags> taskManager =
          CompletableFuture.supplyAsync(() -> computeMemoryFlags(FlinkRole.TASKMANAGER, taskManagerDirectory));
      jobManagerMemory = computeMemoryFlags(FlinkRole.JOBMANAGER, jobManagerDirectory);
      taskManagerMemory = taskManager.join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private MemoryFlags computeMemoryFlags(FlinkRole role, Path directory) {
    try {
      return launcher.memoryFlags(role, directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startJobManager() {
    String name = "jobmanager-" + jobManagerStarts++;
    try {
      Path directory = writeProcessConfig(name, Map.of());
      jobManager = launcher.start(name, FlinkRole.JOBMANAGER, directory, jobManagerMemory);
      everyJobManager.add(jobManager);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private int startTaskManager() {
    int index = taskManagers.size();
    String name = "taskmanager-" + index;
    try {
      Path directory = writeProcessConfig(name, Map.of("taskmanager.resource-id", taskManagerResourceId(index)));
      taskManagers.add(launcher.start(name, FlinkRole.TASKMANAGER, directory, taskManagerMemory));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return index;
  }

  /** A directory per process: its own config (with its own temp directory), log and stdout. */
  private Path writeProcessConfig(String name, Map<String, String> overrides) throws IOException {
    Path directory = workDirectory.resolve(name);
    Path tmp = Files.createDirectories(directory.resolve("tmp"));
    Map<String, String> processConfig = new LinkedHashMap<>(config);
    processConfig.put("io.tmp.dirs", tmp.toString());
    processConfig.putAll(overrides);
    FlinkConfigFile.write(directory, processConfig, version);
    return directory;
  }

  private void stopQuietly() {
    List<FlinkProcess> all;
    synchronized (this) {
      all = new ArrayList<>(taskManagers);
      if (jobManager != null) {
        all.add(jobManager);
      }
    }
    for (FlinkProcess process : all) {
      try {
        process.kill();
      } catch (RuntimeException e) {
        System.err.println("LocalFlinkCluster: could not kill " + process.name() + ": " + e.getMessage());
      }
    }
  }

  private synchronized String diagnostics() {
    StringBuilder text = new StringBuilder(jobManager.diagnostics());
    for (FlinkProcess taskManager : taskManagers) {
      text.append('\n').append(taskManager.diagnostics());
    }
    return text.toString();
  }

  private void requireRunning() {
    if (stopped) {
      throw new IllegalStateException("the cluster was stopped");
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Settings of a {@link LocalFlinkCluster}; {@link #start()} starts it. */
  public static final class Builder {
    private final List<Path> classpath;
    private int taskManagers = 1;
    private int slotsPerTaskManager = 1;
    private boolean adaptiveScheduler;
    private final Map<String, String> config = new LinkedHashMap<>();
    private List<String> jvmOptions = List.of("-XX:+UseSerialGC");
    private Path workDirectory;
    private String flinkVersion;
    private Duration startupTimeout = Duration.ofSeconds(90);

    private Builder(List<Path> classpath) {
      if (classpath.isEmpty()) {
        throw new IllegalArgumentException("the classpath must hold Flink's jars (flink-runtime, flink-clients, …)");
      }
      this.classpath = List.copyOf(classpath);
    }

    public Builder taskManagers(int count) {
      this.taskManagers = count;
      return this;
    }

    public Builder slotsPerTaskManager(int slots) {
      this.slotsPerTaskManager = slots;
      return this;
    }

    /** Flink's adaptive scheduler, set to rescale without delay (needed for in-place rescaling over REST). */
    public Builder adaptiveScheduler() {
      this.adaptiveScheduler = true;
      return this;
    }

    /** A Flink configuration key for every process; wins over the harness' defaults, not over its addresses and ports. */
    public Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    public Builder config(Map<String, String> keys) {
      config.putAll(keys);
      return this;
    }

    /**
     * JVM options for every Flink process, replacing the default {@code -XX:+UseSerialGC} (small heaps,
     * few cores: a single-threaded collector costs least).
     */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** Where process directories, checkpoints and savepoints go; default a new temp directory. */
    public Builder workDirectory(Path directory) {
      this.workDirectory = directory;
      return this;
    }

    /** Needed only when the classpath has no {@code flink-runtime-<version>.jar} to read it from. */
    public Builder flinkVersion(String version) {
      this.flinkVersion = version;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** Starts the processes and waits until all TaskManagers are registered; on failure nothing is left running. */
    public LocalFlinkCluster start() {
      FlinkRelease version =
          flinkVersion != null
              ? FlinkRelease.parse(flinkVersion)
              : FlinkRelease.detect(classpath)
                  .orElseThrow(() -> new IllegalArgumentException("no flink-runtime jar on the classpath; set flinkVersion(…)"));
      try {
        Path directory =
            workDirectory != null ? Files.createDirectories(workDirectory) : Files.createTempDirectory("flinkstack-local-");
        LocalFlinkCluster cluster = new LocalFlinkCluster(this, version, directory);
        cluster.start();
        return cluster;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the cluster's work directory", e);
      }
    }
  }
}
