package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.controller.flink.FlinkRestClient;
import io.flinkstack.controller.flink.JobDetails;
import io.flinkstack.controller.flink.JobState;
import io.flinkstack.controller.flink.JobSummary;
import io.flinkstack.controller.flink.OperationStatus;
import io.flinkstack.controller.flink.SavepointRequest;
import io.flinkstack.controller.flink.TaskManagerInfo;
import io.flinkstack.controller.testing.Await;
import io.flinkstack.controller.testing.FlinkAwait;
import io.flinkstack.testjob.ExactlyOnceChecker;
import io.flinkstack.controller.testing.FlinkTestClasspath;
import io.flinkstack.controller.testing.TestJobJar;
import io.flinkstack.controller.testing.Timings;
import io.flinkstack.testjob.SequenceJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pod harness against the mock API server and real Flink: an application cluster shaped like the
 * synthesized one (JobManager through a restore wrapper, TaskManagers with OnDelete), one sequence job
 * through upgrades of both StatefulSets, a crash and a restore from savepoint, checked exactly-once at the end.
 * The methods build on each other (one cluster, started once).
 */
@EnableKubernetesMockClient(crud = true, https = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodHarnessTest {
  private static final String NAMESPACE = "flink";
  private static final String CLUSTER = "seq";
  private static final String JM = ClusterNames.jobManager(CLUSTER);
  private static final String TM = ClusterNames.taskManager(CLUSTER);
  private static final String JOB_JAR_URI = "local:///opt/flink/usrlib/sequence-job.jar";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int LANES = SequenceJob.DEFAULT_LANES;

  /**
   * A restore wrapper in the shape the synthesized JobManager command has: reads the restore ConfigMap's
   * files and puts {@code --fromSavepoint} (and {@code --allowNonRestoredState}) right after the command.
   */
  static final String WRAPPER =
      String.join(
          "\n",
          "set -e",
          "dir=" + RestoreState.MOUNT_PATH,
          "command=\"$1\"; shift",
          "if [ -s \"$dir/" + RestoreState.PATH_KEY + "\" ]; then",
          "  path=\"$(cat \"$dir/" + RestoreState.PATH_KEY + "\")\"",
          "  if [ \"$(cat \"$dir/" + RestoreState.ALLOW_NON_RESTORED_STATE_KEY + "\" 2>/dev/null || true)\" = true ]; then",
          "    set -- \"$command\" --fromSavepoint \"$path\" --allowNonRestoredState \"$@\"",
          "  else",
          "    set -- \"$command\" --fromSavepoint \"$path\" \"$@\"",
          "  fi",
          "else",
          "  set -- \"$command\" \"$@\"",
          "fi",
          "exec /docker-entrypoint.sh \"$@\"",
          "");

  static KubernetesClient client;
  private static Path work;
  private static Path output;
  private static PodHarness harness;
  private static FlinkRestClient flink;
  private static String jobId;

  @RegisterExtension static final PodHarnessDiagnostics DIAGNOSTICS = new PodHarnessDiagnostics(() -> harness);

  @BeforeAll
  static void startHarness() throws Exception {
    work = Path.of("target", "flink-clusters", PodHarnessTest.class.getSimpleName()).toAbsolutePath();
    deleteRecursively(work);
    output = Files.createDirectories(work.resolve("output"));
    Path jobJar = TestJobJar.build(work.resolve("job"));
    client.configMaps().inNamespace(NAMESPACE).resource(flinkConfigMap()).create();
    // The TaskManagers find the JobManager by its Service's name, which the pods' /etc/hosts resolve.
    client.services().inNamespace(NAMESPACE).resource(service(JM, Labels.COMPONENT_JOBMANAGER, 6123)).create();
    client.services().inNamespace(NAMESPACE).resource(service(ClusterNames.restService(CLUSTER), Labels.COMPONENT_JOBMANAGER, 8081)).create();
    client.apps().statefulSets().inNamespace(NAMESPACE).resource(jobManagerSet(List.of())).create();
    client.apps().statefulSets().inNamespace(NAMESPACE).resource(taskManagerSet()).create();
    harness =
        Timings.measure(
            "pod harness: memory flags, thread started",
            () ->
                PodHarness.builder(client, NAMESPACE, CLUSTER)
                    .flinkClasspath(FlinkTestClasspath.jars())
                    .jar(JOB_JAR_URI, jobJar)
                    .jvmOptions(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                    .workDirectory(work.resolve("harness"))
                    .sharedDirectory(output)
                    .start());
    assertThat(harness.endpoints().restUrl(NAMESPACE, ClusterNames.restService(CLUSTER))).isEqualTo(harness.restUrl());
    flink = new FlinkRestClient(harness.restUrl(), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stopHarness() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @Order(1)
  void podsRunAndTheApplicationRunsItsJob() {
    Timings.measure("pod harness: start -> 3 pods ready", () -> harness.awaitPodsReady(TIMEOUT));
    Pod jobManager = pod(JM + "-0");
    assertThat(jobManager.getStatus().getPhase()).isEqualTo("Running");
    assertThat(jobManager.getMetadata().getLabels())
        .containsEntry(Labels.COMPONENT, Labels.COMPONENT_JOBMANAGER)
        .containsEntry(StatefulSetEmulation.POD_NAME_LABEL, JM + "-0")
        .containsEntry(StatefulSetEmulation.REVISION_LABEL, set(JM).getStatus().getUpdateRevision());
    assertThat(jobManager.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("StatefulSet");
      assertThat(owner.getName()).isEqualTo(JM);
    });
    StatefulSet taskManagers = set(TM);
    assertThat(taskManagers.getStatus().getReplicas()).isEqualTo(2);
    assertThat(taskManagers.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(taskManagers.getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(taskManagers.getStatus().getCurrentRevision()).isEqualTo(taskManagers.getStatus().getUpdateRevision()).startsWith(TM + "-");
    assertThat(taskManagers.getStatus().getObservedGeneration()).isEqualTo(taskManagers.getMetadata().getGeneration());

    jobId = Timings.measure("pod harness: pods ready -> job fully running", () -> awaitRunningJob());
    // taskmanager.resource-id=$(POD_NAME): Flink knows the TaskManagers by their pod names.
    Await.until(() -> flink.taskManagers().stream().map(TaskManagerInfo::id).sorted().toList(), ids -> ids.equals(List.of(TM + "-0", TM + "-1")));
    FlinkAwait.completedCheckpointsAbove(flink, jobId, 0);
  }

  @Test
  @Order(2)
  void onDeleteKeepsTheOldRevisionUntilAPodIsDeleted() throws Exception {
    String oldRevision = set(TM).getStatus().getUpdateRevision();
    long oldPid = harness.processFor(TM + "-1").orElseThrow().pid();
    client.apps().statefulSets().inNamespace(NAMESPACE).withName(TM)
        .edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate().editSpec().editFirstContainer()
            .addToEnv(new EnvVarBuilder().withName("UPGRADED").withValue("yes").build()).endContainer().endSpec().endTemplate().endSpec().build());

    StatefulSet changed = Await.until(() -> set(TM), s -> s.getStatus() != null && !oldRevision.equals(s.getStatus().getUpdateRevision()));
    String newRevision = changed.getStatus().getUpdateRevision();
    Thread.sleep(1000); // several passes: OnDelete must leave the pods alone
    assertThat(revisionOf(TM + "-0")).isEqualTo(oldRevision);
    assertThat(revisionOf(TM + "-1")).isEqualTo(oldRevision);
    assertThat(harness.processFor(TM + "-1").orElseThrow().pid()).isEqualTo(oldPid);
    assertThat(set(TM).getStatus().getUpdatedReplicas()).isZero();
    assertThat(set(TM).getStatus().getCurrentRevision()).isEqualTo(oldRevision);

    client.pods().inNamespace(NAMESPACE).withName(TM + "-1").delete();
    Timings.measure("pod harness: TaskManager pod deleted -> recreated and ready", () -> Await.until(
        () -> client.pods().inNamespace(NAMESPACE).withName(TM + "-1").get(),
        pod -> pod != null && newRevision.equals(StatefulSetEmulation.revisionOf(pod)) && isReady(pod)));
    assertThat(harness.processFor(TM + "-1").orElseThrow().pid()).isNotEqualTo(oldPid);
    assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(revisionOf(TM + "-0")).isEqualTo(oldRevision);
    StatefulSet after = Await.until(() -> set(TM), s -> s.getStatus().getUpdatedReplicas() == 1 && s.getStatus().getReadyReplicas() == 2);
    assertThat(after.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
    assertThat(after.getStatus().getCurrentReplicas()).isEqualTo(1);
    // The new pod really runs the new template.
    Path command = harness.logFile(TM + "-1").orElseThrow().resolveSibling("command.txt");
    assertThat(Files.readString(command)).contains("taskmanager.resource-id=" + TM + "-1");
    Timings.measure("pod harness: TaskManager replaced -> job fully running", () -> flink.awaitJob(jobId, JobDetails::isFullyRunning, TIMEOUT));
  }

  @Test
  @Order(3)
  void aCrashedProcessIsRestartedFromTheSamePodSpec() {
    String uid = pod(TM + "-0").getMetadata().getUid();
    long oldPid = harness.processFor(TM + "-0").orElseThrow().pid();
    harness.killProcess(TM + "-0");
    Pod restarted =
        Timings.measure("pod harness: TaskManager process killed -> restarted and ready", () -> Await.until(
            () -> pod(TM + "-0"),
            pod -> pod.getStatus().getContainerStatuses().get(0).getRestartCount() == 1 && isReady(pod)));
    assertThat(restarted.getMetadata().getUid()).isEqualTo(uid); // same pod, not a new one
    assertThat(restarted.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(harness.restartCount(TM + "-0")).hasValue(1);
    assertThat(harness.processFor(TM + "-0").orElseThrow().pid()).isNotEqualTo(oldPid);
    flink.awaitJob(jobId, JobDetails::isFullyRunning, TIMEOUT);
  }

  @Test
  @Order(4)
  void aNewJobManagerStartsTheJobFromTheSavepointInTheRestoreConfigMap() {
    Await.until(() -> ExactlyOnceChecker.checkPrefixes(output, LANES).records(), records -> records >= 200);
    String savepoint = stopWithSavepoint(jobId);
    writeRestoreConfigMap(savepoint);
    // execution.shutdown-on-application-finish: false keeps the JobManager up after the stop.
    assertThat(harness.processFor(JM + "-0")).isPresent();
    String oldUid = pod(JM + "-0").getMetadata().getUid();

    client.pods().inNamespace(NAMESPACE).withName(JM + "-0").delete();
    Await.until(() -> client.pods().inNamespace(NAMESPACE).withName(JM + "-0").get(), pod -> pod != null && !pod.getMetadata().getUid().equals(oldUid));
    String restoredJob = Timings.measure("pod harness: JobManager pod deleted -> job running from the savepoint", () -> awaitRunningJob());
    assertThat(flink.checkpoints(restoredJob).latestRestored())
        .hasValueSatisfying(restored -> {
          assertThat(restored.savepoint()).isTrue();
          assertThat(restored.externalPath()).hasValue(savepoint);
        });
    Path captured = harness.logFile(JM + "-0").orElseThrow().resolveSibling("entrypoint-args");
    assertThat(readString(captured)).contains("--fromSavepoint\0" + savepoint + "\0");
    long before = ExactlyOnceChecker.checkPrefixes(output, LANES).records();
    Await.until(() -> ExactlyOnceChecker.checkPrefixes(output, LANES).records(), records -> records >= before + 100);
    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkPrefixes(output, LANES);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    jobId = restoredJob;
  }

  @Test
  @Order(5)
  void aRollingUpdateOfTheJobManagerResumesTheJobWhichFinishesExactlyOnce() {
    String savepoint = stopWithSavepoint(jobId);
    writeRestoreConfigMap(savepoint);
    long end = ExactlyOnceChecker.checkPrefixes(output, LANES).highest() + 1 + 10L * LANES;
    String oldRevision = set(JM).getStatus().getUpdateRevision();
    // The upgrade: new program arguments (an end) in the JobManager's template; RollingUpdate replaces the pod.
    client.apps().statefulSets().inNamespace(NAMESPACE).withName(JM)
        .edit(set -> new StatefulSetBuilder(set).editSpec()
            .withTemplate(jobManagerSet(List.of("--end", Long.toString(end))).getSpec().getTemplate()).endSpec().build());
    Pod replaced =
        Await.until(
            () -> client.pods().inNamespace(NAMESPACE).withName(JM + "-0").get(),
            pod -> pod != null && !oldRevision.equals(StatefulSetEmulation.revisionOf(pod)));
    assertThat(StatefulSetEmulation.revisionOf(replaced)).isEqualTo(Await.until(() -> set(JM), s -> !oldRevision.equals(s.getStatus().getUpdateRevision())).getStatus().getUpdateRevision());
    JobDetails last =
        Timings.measure("pod harness: JobManager rolled to a new revision -> job FINISHED", () -> {
          String finalJob = Await.until(() -> jobOtherThan(jobId), id -> id != null);
          return flink.awaitJob(finalJob, details -> details.state().isGloballyTerminal(), TIMEOUT);
        });
    assertThat(last.state()).isEqualTo(JobState.FINISHED);
    ExactlyOnceChecker.Report report = ExactlyOnceChecker.checkComplete(output, LANES, end);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    StatefulSet jobManagers = Await.until(() -> set(JM), s -> s.getStatus().getUpdatedReplicas() == 1 && s.getStatus().getReadyReplicas() == 1);
    assertThat(jobManagers.getStatus().getCurrentRevision()).isEqualTo(jobManagers.getStatus().getUpdateRevision());
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private static String awaitRunningJob() {
    String id = Await.until(() -> jobInState(JobState.RUNNING), found -> found != null);
    flink.awaitJob(id, JobDetails::isFullyRunning, TIMEOUT);
    return id;
  }

  private static String jobInState(JobState state) {
    try {
      return flink.jobs().stream().filter(job -> job.state() == state).map(JobSummary::id).findFirst().orElse(null);
    } catch (RuntimeException notUpYet) {
      return null;
    }
  }

  private static String jobOtherThan(String id) {
    try {
      return flink.jobs().stream().map(JobSummary::id).filter(other -> !other.equals(id)).findFirst().orElse(null);
    } catch (RuntimeException notUpYet) {
      return null;
    }
  }

  private static String stopWithSavepoint(String id) {
    OperationStatus status =
        flink.await(flink.stopWithSavepoint(id, SavepointRequest.to(harness.savepointDirectory().toUri().toString()), false), TIMEOUT);
    assertThat(status.succeeded()).as(status.failureCause().orElse("?")).isTrue();
    flink.awaitJob(id, details -> details.state().isGloballyTerminal(), TIMEOUT);
    return status.location().orElseThrow();
  }

  private static void writeRestoreConfigMap(String savepoint) {
    client.configMaps().inNamespace(NAMESPACE)
        .resource(new ConfigMapBuilder().withNewMetadata().withName(RestoreState.configMap(CLUSTER)).withNamespace(NAMESPACE).endMetadata()
            .addToData(RestoreState.PATH_KEY, savepoint).addToData(RestoreState.ALLOW_NON_RESTORED_STATE_KEY, "false").build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Pod pod(String name) {
    return client.pods().inNamespace(NAMESPACE).withName(name).get();
  }

  private static StatefulSet set(String name) {
    return client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
  }

  private static String revisionOf(String podName) {
    return StatefulSetEmulation.revisionOf(pod(podName));
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  // ---- the cluster, shaped like the synthesized one -------------------------------------------------------

  private static io.fabric8.kubernetes.api.model.ConfigMap flinkConfigMap() {
    String config =
        String.join(
            "\n",
            "blob.server.port: \"6124\"",
            "execution.checkpointing.dir: s3://bucket/seq/checkpoints",
            "execution.checkpointing.savepoint-dir: s3://bucket/seq/savepoints",
            "execution.shutdown-on-application-finish: \"false\"",
            "heartbeat.interval: \"1000\"",
            "heartbeat.timeout: \"5000\"",
            "io.tmp.dirs: /tmp",
            "jobmanager.bind-host: 0.0.0.0",
            "jobmanager.memory.process.size: 1600m",
            "jobmanager.rpc.address: seq-jobmanager",
            "jobmanager.rpc.port: \"6123\"",
            "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
            "metrics.reporter.prom.port: \"9249\"",
            "parallelism.default: \"2\"",
            "rest.address: seq-rest",
            "rest.bind-address: 0.0.0.0",
            "rest.port: \"8081\"",
            "restart-strategy.fixed-delay.attempts: \"1000\"",
            "restart-strategy.fixed-delay.delay: 500 ms",
            "restart-strategy.type: fixed-delay",
            "taskmanager.bind-host: 0.0.0.0",
            "taskmanager.memory.process.size: 1728m",
            "taskmanager.numberOfTaskSlots: \"1\"",
            "taskmanager.rpc.port: \"6122\"",
            "");
    return new ConfigMapBuilder().withNewMetadata().withName(ClusterNames.config(CLUSTER)).withNamespace(NAMESPACE).withLabels(labels(null)).endMetadata()
        .addToData("config.yaml", config).addToData("log4j-console.properties", "rootLogger.level = INFO\n").build();
  }

  private static StatefulSet jobManagerSet(List<String> extraProgramArgs) {
    List<String> args =
        // --jars before --job-classname: Flink's parser takes every word after --jars up to the next option
        // it knows as a jar, program arguments included.
        new ArrayList<>(List.of("standalone-job", "-D", "kubernetes.namespace=$(POD_NAMESPACE)",
            "--jars", JOB_JAR_URI, "--job-classname", SequenceJob.class.getName(),
            "--output", output.toUri().toString(), "--lanes", Integer.toString(LANES), "--rate", "200", "--checkpoint-interval", "500"));
    args.addAll(extraProgramArgs);
    Container container =
        new ContainerBuilder().withName("jobmanager").withImage("flink:1.20")
            .withCommand("/bin/sh", "-c", WRAPPER, "jobmanager").withArgs(args)
            .withEnv(fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("POD_IP", "status.podIP"))
            .addNewPort().withName("rest").withContainerPort(8081).endPort()
            .withNewReadinessProbe().withNewHttpGet().withPath("/config").withPort(new IntOrString("rest")).endHttpGet().endReadinessProbe()
            .addNewVolumeMount().withName("flink-config").withMountPath("/opt/flink/conf").endVolumeMount()
            .addNewVolumeMount().withName(RestoreState.VOLUME_NAME).withMountPath(RestoreState.MOUNT_PATH).withReadOnly(true).endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build();
    return new StatefulSetBuilder().withNewMetadata().withName(JM).withNamespace(NAMESPACE).withLabels(labels(Labels.COMPONENT_JOBMANAGER)).endMetadata()
        .withNewSpec().withReplicas(1).withServiceName(JM)
        .withNewSelector().withMatchLabels(selector(Labels.COMPONENT_JOBMANAGER)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels(Labels.COMPONENT_JOBMANAGER)).endMetadata()
        .withNewSpec().withContainers(container)
        .withVolumes(
            new VolumeBuilder().withName("flink-config").withNewConfigMap().withName(ClusterNames.config(CLUSTER)).endConfigMap().build(),
            new VolumeBuilder().withName(RestoreState.VOLUME_NAME).withNewConfigMap().withName(RestoreState.configMap(CLUSTER)).withOptional(true).endConfigMap().build(),
            new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
        .endSpec().endTemplate().endSpec().build();
  }

  private static StatefulSet taskManagerSet() {
    Container container =
        new ContainerBuilder().withName("taskmanager").withImage("flink:1.20")
            .withArgs("taskmanager", "-D", "kubernetes.namespace=$(POD_NAMESPACE)", "-D", "taskmanager.resource-id=$(POD_NAME)")
            .withEnv(fieldEnv("POD_NAMESPACE", "metadata.namespace"), fieldEnv("POD_NAME", "metadata.name"))
            .addNewVolumeMount().withName("flink-config").withMountPath("/opt/flink/conf").endVolumeMount()
            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
            .build();
    return new StatefulSetBuilder().withNewMetadata().withName(TM).withNamespace(NAMESPACE).withLabels(labels(Labels.COMPONENT_TASKMANAGER)).endMetadata()
        .withNewSpec().withReplicas(2).withServiceName(TM).withPodManagementPolicy("Parallel")
        .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
        .withNewSelector().withMatchLabels(selector(Labels.COMPONENT_TASKMANAGER)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels(Labels.COMPONENT_TASKMANAGER)).endMetadata()
        .withNewSpec().withContainers(container)
        .withVolumes(new VolumeBuilder().withName("flink-config").withNewConfigMap().withName(ClusterNames.config(CLUSTER)).endConfigMap().build(),
            new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
        .endSpec().endTemplate().endSpec().build();
  }

  private static io.fabric8.kubernetes.api.model.Service service(String name, String component, int port) {
    return new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withSelector(selector(component)).addNewPort().withPort(port).withTargetPort(new IntOrString(port)).endPort().endSpec().build();
  }

  private static EnvVar fieldEnv(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef().endValueFrom().build();
  }

  private static Map<String, String> selector(String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.COMPONENT, component);
    labels.put(Labels.INSTANCE, CLUSTER);
    labels.put(Labels.NAME, Labels.NAME_FLINK);
    return labels;
  }

  private static Map<String, String> labels(String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (component != null) {
      labels.put(Labels.COMPONENT, component);
    }
    labels.put(Labels.INSTANCE, CLUSTER);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_FLINKSTACK);
    labels.put(Labels.NAME, Labels.NAME_FLINK);
    labels.put(Labels.VERSION, "1.20");
    return labels;
  }

  private static void deleteRecursively(Path directory) throws java.io.IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
