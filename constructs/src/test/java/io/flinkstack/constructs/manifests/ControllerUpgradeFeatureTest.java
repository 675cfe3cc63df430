package io.flinkstack.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.RestoreState;
import io.flinkstack.contract.UpgradeGate;
import io.flinkstack.schemas.PodSecurity;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import io.flinkstack.schemas.SchemaValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone application clusters, in every upgrade mode, are rolled by the runtime controller. */
class ControllerUpgradeFeatureTest {
  private static FlinkApplicationProps.Builder app() {
    return FlinkApplicationProps.builder()
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/usrlib/job.jar")
        .entryClass("org.example.Job")
        .args(List.of("--in", "x"));
  }

  private static FlinkApplicationProps.Builder savepointApp() {
    return app().stateStorage(StateStorage.objectStore("s3://bucket/flink"));
  }

  private static List<HasMetadata> build(FlinkApplicationProps.Builder b) {
    return ApplicationManifests.build(ClusterValidator.validate(b.build(), "app", () -> "chart/app"));
  }

  private static StatefulSet statefulSet(List<HasMetadata> objects, String name) {
    return objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
        .filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private static Container jobManager(List<HasMetadata> objects) {
    return statefulSet(objects, "app-jobmanager").getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String config(List<HasMetadata> objects) {
    return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
        .filter(c -> c.getMetadata().getName().equals("app-config")).findFirst().orElseThrow()
        .getData().get("config.yaml");
  }

  @Test
  void savepointAndLastStateJobsRollBehindAClosedPartitionGate() {
    for (List<HasMetadata> objects : List.of(build(savepointApp()),
        build(savepointApp().highAvailability(HighAvailability.kubernetes("s3://bucket/ha"))
            .job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).build())))) {
      for (String name : List.of("app-jobmanager", "app-taskmanager")) {
        var strategy = statefulSet(objects, name).getSpec().getUpdateStrategy();
        // Type and partition written out: left out, the API server's defaulting sets partition 0 (gate open).
        assertThat(strategy.getType()).as(name).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate()).as(name).isNotNull();
        assertThat(strategy.getRollingUpdate().getPartition()).as(name)
            .isEqualTo(UpgradeGate.CLOSED).isEqualTo(2147483647);
        assertThat(strategy.getRollingUpdate().getMaxUnavailable()).as(name).isNull();
      }
      assertThat(config(objects)).contains("execution.shutdown-on-application-finish: \"false\"");
    }
  }

  /**
   * Until 2026-12-07 a stateless application was rolled by Kubernetes with its job running: under HA the new
   * JobManager recovered the old job and refused the application (Flink 2.3's own jars, e2e's ApplicationRun), and its
   * initialSavepointPath never reached the JobManager.
   */
  @Test
  void statelessJobsAreRolledByTheControllerTooSessionClustersAndTheOperatorBackendAsBefore() {
    List<HasMetadata> withInitialSavepoint = build(savepointApp()
        .job(JobSettings.builder().upgradeMode(UpgradeMode.STATELESS).initialSavepointPath("s3://bucket/sp/savepoint-0").build()));
    List<HasMetadata> withHa = build(savepointApp().highAvailability(HighAvailability.kubernetes("s3://bucket/ha"))
        .job(JobSettings.builder().upgradeMode(UpgradeMode.STATELESS).build()));
    for (List<HasMetadata> stateless : List.of(build(app()), withInitialSavepoint, withHa)) {
      for (String name : List.of("app-jobmanager", "app-taskmanager")) {
        assertThat(statefulSet(stateless, name).getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).as(name)
            .isEqualTo(UpgradeGate.CLOSED);
      }
      assertThat(jobManager(stateless).getCommand()).hasSize(4);
      assertThat(jobManager(stateless).getVolumeMounts()).anyMatch(m -> m.getName().equals(RestoreState.VOLUME_NAME));
      assertThat(config(stateless)).containsPattern("execution.shutdown-on-application-finish: \"?false\"?\n");
    }
    assertThat(jobManager(withInitialSavepoint).getCommand().get(2)).contains("'s3://bucket/sp/savepoint-0'");

    ClusterSpec session = ClusterValidator.validateSession(savepointApp().build(), "session", () -> "chart/session");
    assertThat(ControllerUpgradeFeature.applies(session)).isFalse();
    ClusterSpec operator = ClusterValidator.validate(savepointApp().flinkVersion(FlinkVersion.V1_20)
        .backend(Backend.OPERATOR).build(), "app", () -> "chart/app");
    assertThat(ControllerUpgradeFeature.applies(operator)).isFalse();
  }

  @Test
  void theJobManagerReadsTheControllersRestoreConfigMapAndKeepsItsArgs() {
    List<HasMetadata> objects = build(savepointApp());
    Container jm = jobManager(objects);
    assertThat(jm.getCommand()).hasSize(4).startsWith("/bin/sh", "-c").endsWith("jobmanager");
    assertThat(jm.getCommand().get(2)).contains("/docker-entrypoint.sh", RestoreState.MOUNT_PATH)
        .doesNotContain("$(", "$$");
    assertThat(jm.getArgs()).containsExactly("standalone-job", "--jars", "local:///opt/flink/usrlib/job.jar",
        "--job-classname", "org.example.Job", "--in", "x");
    assertThat(jm.getVolumeMounts()).filteredOn(m -> m.getName().equals(RestoreState.VOLUME_NAME)).singleElement()
        .satisfies(m -> {
          assertThat(m.getMountPath()).isEqualTo(RestoreState.MOUNT_PATH);
          assertThat(m.getReadOnly()).isTrue();
        });
    assertThat(statefulSet(objects, "app-jobmanager").getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals(RestoreState.VOLUME_NAME)).singleElement()
        .satisfies(v -> {
          assertThat(v.getConfigMap().getName()).isEqualTo(RestoreState.configMap("app"));
          assertThat(v.getConfigMap().getOptional()).isTrue();
        });
    Container tm = statefulSet(objects, "app-taskmanager").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(tm.getCommand()).isNullOrEmpty();
    assertThat(tm.getVolumeMounts()).noneMatch(m -> m.getName().equals(RestoreState.VOLUME_NAME));
  }

  @Test
  void everyObjectStaysValidAndRestricted() {
    for (HasMetadata o : build(savepointApp().highAvailability(HighAvailability.kubernetes("s3://bucket/ha")))) {
      var json = ManifestJson.MAPPER.valueToTree(o);
      assertThat(CustomResourceSchemas.validator().validate(json)).as(o.getKind()).isEmpty();
      assertThat(PodSecurity.check(json)).as(o.getKind()).isEmpty();
    }
  }

  @Test
  void theUserCannotLetTheJobManagerExitWhenTheJobEnds() {
    // Upgraded by the controller (the kubelet would restart the stopped job from the old spec) or not (a bounded
    // job would run again and again): the JobManager of an application cluster never exits on its own.
    for (FlinkApplicationProps.Builder b : List.of(savepointApp(), app())) {
      ValidationException e = catchThrowableOfType(ValidationException.class, () -> build(b
          .flinkConfiguration(Map.of("execution.shutdown-on-application-finish", "true"))));
      assertThat(e).isNotNull();
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.field()).isEqualTo("flinkConfiguration.execution.shutdown-on-application-finish");
        assertThat(p.message()).contains("run the job again");
      });
    }
    build(app().flinkConfiguration(Map.of("execution.shutdown-on-application-finish", "false")));
  }

  // The start script, run by a real sh with the mount path and the entrypoint pointed at a temporary directory.

  @Test
  void withoutARecordedPathTheArgsPassUnchanged(@TempDir Path dir) throws Exception {
    assertThat(run(dir, ControllerUpgradeFeature.startScript(null, false), null, null))
        .containsExactly("standalone-job", "--job-classname", "C", "--in", "x");
    Files.writeString(dir.resolve("restore/" + RestoreState.PATH_KEY), "\n");
    assertThat(run(dir, ControllerUpgradeFeature.startScript(null, false), null, null))
        .containsExactly("standalone-job", "--job-classname", "C", "--in", "x");
  }

  @Test
  void aRecordedPathIsInsertedRightAfterStandaloneJob(@TempDir Path dir) throws Exception {
    assertThat(run(dir, ControllerUpgradeFeature.startScript(null, false), "s3://b/sp/savepoint-1\n", null))
        .containsExactly("standalone-job", "--fromSavepoint", "s3://b/sp/savepoint-1", "--job-classname", "C",
            "--in", "x");
    assertThat(run(dir, ControllerUpgradeFeature.startScript(null, false), "s3://b/sp/savepoint-2", "true"))
        .containsExactly("standalone-job", "--fromSavepoint", "s3://b/sp/savepoint-2", "--allowNonRestoredState",
            "--job-classname", "C", "--in", "x");
    assertThat(run(dir, ControllerUpgradeFeature.startScript(null, false), "s3://b/sp/savepoint-3", "yes"))
        .containsExactly("standalone-job", "--fromSavepoint", "s3://b/sp/savepoint-3", "--job-classname", "C",
            "--in", "x");
  }

  @Test
  void theRecordedPathWinsOverTheInitialSavepoint(@TempDir Path dir) throws Exception {
    String script = ControllerUpgradeFeature.startScript("s3://b/sp/it's initial", true);
    assertThat(run(dir, script, null, null)).containsExactly("standalone-job", "--fromSavepoint",
        "s3://b/sp/it's initial", "--allowNonRestoredState", "--job-classname", "C", "--in", "x");
    assertThat(run(dir, script, "s3://b/sp/upgrade", "false")).containsExactly("standalone-job", "--fromSavepoint",
        "s3://b/sp/upgrade", "--job-classname", "C", "--in", "x");
    // An empty path the controller recorded (a stateless upgrade or restart: a deployment id beside it) starts without state.
    assertThat(run(dir, script, "", null, null, "18f3a2b4c5d\n")).containsExactly("standalone-job", "--job-classname", "C", "--in", "x");
    assertThat(run(dir, script, "s3://b/sp/upgrade", null, null, "18f3a2b4c5d")).containsExactly("standalone-job", "--fromSavepoint",
        "s3://b/sp/upgrade", "--job-classname", "C", "--in", "x");
    // The declared initial savepoint reaches the JobManager through the script.
    Container jm = jobManager(build(savepointApp().job(JobSettings.builder()
        .initialSavepointPath("s3://bucket/flink/savepoints/savepoint-1").build())));
    assertThat(jm.getCommand().get(2)).contains("'s3://bucket/flink/savepoints/savepoint-1'");
  }

  @Test
  void underHaTheJobIdIsOnePerDeployment(@TempDir Path dir) throws Exception {
    String script = ControllerUpgradeFeature.startScript(true, null, false, true);
    List<String> first = run(dir, script, "s3://b/sp/savepoint-1", null, "app-jobmanager-5d8f7c9b4");
    assertThat(first).startsWith("standalone-job", "--job-id").endsWith("--fromSavepoint", "s3://b/sp/savepoint-1",
        "--job-classname", "C", "--in", "x");
    String id = first.get(2);
    assertThat(id).matches("[0-9a-f]{32}");
    // A restart of the same deployment: the same job (HA recovers it, or finds it finished).
    assertThat(run(dir, script, "s3://b/sp/savepoint-1", null, "app-jobmanager-5d8f7c9b4").get(2)).isEqualTo(id);
    // A new template, or a new restore path (upgrade, resume): a new job.
    assertThat(run(dir, script, "s3://b/sp/savepoint-1", null, "app-jobmanager-7f6c5b8d2").get(2)).isNotEqualTo(id);
    assertThat(run(dir, script, "s3://b/sp/savepoint-2", null, "app-jobmanager-5d8f7c9b4").get(2)).isNotEqualTo(id);
    // Stateless HA (no restore ConfigMap): the revision alone.
    List<String> stateless = run(dir, ControllerUpgradeFeature.startScript(false, null, false, true), null, null,
        "app-jobmanager-5d8f7c9b4");
    assertThat(stateless).containsExactly("standalone-job", "--job-id", stateless.get(2), "--job-classname", "C", "--in", "x");
  }

  @Test
  void aJobManagerTheControllerIsReplacingStartsNothingFromItsReplacementsRestoreState(@TempDir Path dir) throws Exception {
    String script = ControllerUpgradeFeature.startScript(true, null, false, true);
    Path mount = Files.createDirectories(dir.resolve("restore"));
    Files.writeString(mount.resolve(RestoreState.REPLACED_PODS_KEY), "0b7c1d2e-old-1\n0b7c1d2e-old-2"); // no last newline
    Files.writeString(mount.resolve(RestoreState.REPLACED_REVISIONS_KEY), "app-jobmanager-5d8f7c9b4\n");
    // The pod being replaced (its uid listed, last line included) and one recreated at the replaced revision: no start.
    for (String[] pod : new String[][] {{"0b7c1d2e-old-1", "app-jobmanager-7f6c5b8d2"}, {"0b7c1d2e-old-2", "app-jobmanager-7f6c5b8d2"},
        {"0b7c1d2e-new-1", "app-jobmanager-5d8f7c9b4"}}) {
      Started started = start(dir, script, "s3://b/sp/upgrade", pod[0], pod[1]);
      assertThat(started.exit()).as(started.output()).isEqualTo(1);
      assertThat(started.output()).contains("flinkstack: this JobManager's pod", "is one the runtime controller is replacing")
          .doesNotContain("standalone-job");
    }
    // Its replacement: a new uid at another revision restores the recorded path.
    Started replacement = start(dir, script, "s3://b/sp/upgrade", "0b7c1d2e-new-1", "app-jobmanager-7f6c5b8d2");
    assertThat(replacement.exit()).as(replacement.output()).isZero();
    assertThat(replacement.output().lines().toList()).contains("--fromSavepoint", "s3://b/sp/upgrade");
    // Neither key (a ConfigMap written before them), or no uid in the environment: started as before.
    Files.delete(mount.resolve(RestoreState.REPLACED_PODS_KEY));
    Files.delete(mount.resolve(RestoreState.REPLACED_REVISIONS_KEY));
    assertThat(start(dir, script, "s3://b/sp/upgrade", "0b7c1d2e-old-1", "app-jobmanager-5d8f7c9b4").exit()).isZero();
    Files.writeString(mount.resolve(RestoreState.REPLACED_PODS_KEY), "0b7c1d2e-old-1\n");
    assertThat(start(dir, script, "s3://b/sp/upgrade", null, null).exit()).isZero();
  }

  @Test
  void theJobManagerKnowsItsPodsUidAndRevisionForTheGuard() {
    for (List<HasMetadata> objects : List.of(build(savepointApp()), build(savepointApp().highAvailability(HighAvailability.kubernetes("s3://b/ha"))))) {
      Container jm = jobManager(objects);
      assertThat(jm.getEnv()).filteredOn(e -> e.getName().equals(RestoreState.POD_UID_ENV)).singleElement()
          .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.uid"));
      assertThat(jm.getEnv()).filteredOn(e -> e.getName().equals(RestoreState.POD_REVISION_ENV)).singleElement()
          .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.labels['controller-revision-hash']"));
      assertThat(jm.getCommand().get(2)).contains(RestoreState.REPLACED_PODS_KEY, RestoreState.REPLACED_REVISIONS_KEY).doesNotContain("$(");
    }
  }

  private record Started(int exit, String output) {}

  /** Runs the script as a pod with {@code uid} and {@code revision} would (null: unset), with the ConfigMap's other keys as they are. */
  private static Started start(Path dir, String script, String path, String uid, String revision) throws Exception {
    Path mount = Files.createDirectories(dir.resolve("restore"));
    write(mount.resolve(RestoreState.PATH_KEY), path);
    Path entrypoint = dir.resolve("entrypoint.sh");
    Files.writeString(entrypoint, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    entrypoint.toFile().setExecutable(true);
    String local = script.replace(RestoreState.MOUNT_PATH, mount.toString()).replace(ControllerUpgradeFeature.ENTRYPOINT, entrypoint.toString());
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", local, "jobmanager", "standalone-job", "--job-classname", "C"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove(RestoreState.POD_UID_ENV);
    builder.environment().remove(RestoreState.POD_REVISION_ENV);
    if (uid != null) {
      builder.environment().put(RestoreState.POD_UID_ENV, uid);
    }
    if (revision != null) {
      builder.environment().put(RestoreState.POD_REVISION_ENV, revision);
    }
    Process p = builder.start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new Started(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theRestartAndRedeployNoncesReachTheFlinkJob() {
    List<HasMetadata> objects = build(savepointApp().job(JobSettings.builder().restartNonce(2L).redeployNonce(4L)
        .initialSavepointPath("s3://b/sp/savepoint-0").build()));
    io.flinkstack.contract.resource.FlinkJob job = objects.stream().filter(io.flinkstack.contract.resource.FlinkJob.class::isInstance)
        .map(io.flinkstack.contract.resource.FlinkJob.class::cast).findFirst().orElseThrow();
    assertThat(job.getSpec().restartNonce).isEqualTo(2L);
    assertThat(job.getSpec().redeployNonce).isEqualTo(4L);
    assertThat(job.getSpec().initialSavepointPath).isEqualTo("s3://b/sp/savepoint-0");
    assertThat(build(savepointApp()).stream().filter(io.flinkstack.contract.resource.FlinkJob.class::isInstance)
        .map(io.flinkstack.contract.resource.FlinkJob.class::cast).findFirst().orElseThrow().getSpec().restartNonce).isNull();
  }

  /**
   * Flink 2.3 refuses a new deployment whose JobManager finds the previous deployment's job in the job result store,
   * not yet cleaned up (found by e2e's ApplicationRun on 2.3's own jars): each deployment has its own result stores,
   * named by its job id. Earlier versions keep Flink's one store, where a new JobManager cleans the old job up.
   */
  @Test
  void onFlink23EachDeploymentHasItsOwnResultStores(@TempDir Path dir) throws Exception {
    FlinkApplicationProps.Builder v23 = savepointApp().flinkVersion(FlinkVersion.V2_3).image("flink:2.3")
        .highAvailability(HighAvailability.kubernetes("s3://bucket/ha/"));
    String script = jobManager(build(v23)).getCommand().get(2);
    List<String> first = run(dir, script, "s3://b/sp/savepoint-1", null, "app-jobmanager-5d8f7c9b4");
    String id = first.get(2);
    assertThat(first).startsWith("standalone-job", "--job-id", id, "-D")
        .contains("job-result-store.storage-path=s3://bucket/ha/job-result-store/app/" + id,
            "application-result-store.storage-path=s3://bucket/ha/application-result-store/app/" + id)
        .endsWith("--fromSavepoint", "s3://b/sp/savepoint-1", "--job-classname", "C", "--in", "x");
    // A restart of the same deployment finds its own stores; a new deployment gets new ones.
    assertThat(run(dir, script, "s3://b/sp/savepoint-1", null, "app-jobmanager-5d8f7c9b4")).isEqualTo(first);
    String next = run(dir, script, "s3://b/sp/savepoint-2", null, "app-jobmanager-5d8f7c9b4").get(2);
    assertThat(run(dir, script, "s3://b/sp/savepoint-2", null, "app-jobmanager-5d8f7c9b4"))
        .contains("job-result-store.storage-path=s3://bucket/ha/job-result-store/app/" + next).doesNotContain(first.get(4));
    // A declared location is the base.
    String declared = jobManager(build(v23.flinkConfiguration(Map.of("job-result-store.storage-path", "s3://other/jrs"))))
        .getCommand().get(2);
    assertThat(run(dir, declared, null, null, "app-jobmanager-5d8f7c9b4"))
        .anySatisfy(arg -> assertThat(arg).matches("job-result-store\\.storage-path=s3://other/jrs/[0-9a-f]{32}"));
    // 2.2: Flink's own single store.
    String v22 = jobManager(build(savepointApp().flinkVersion(FlinkVersion.V2_2).image("flink:2.2")
        .highAvailability(HighAvailability.kubernetes("s3://bucket/ha")))).getCommand().get(2);
    assertThat(v22).doesNotContain("result-store.storage-path");
  }

  @Test
  void theControllersDeploymentIdMakesARestartAtTheSameRevisionAndPathANewJob(@TempDir Path dir) throws Exception {
    String script = ControllerUpgradeFeature.startScript(true, null, false, true);
    String revision = "app-jobmanager-5d8f7c9b4";
    String withoutId = run(dir, script, null, null, revision, null).get(2);
    String restarted = run(dir, script, null, null, revision, "18d2a1b3c4e").get(2);
    // A stateless restart (or a redeploy from the path the deployment started from) at the same revision: only the
    // deployment id tells it from the job Flink's result store already has as cancelled.
    assertThat(restarted).matches("[0-9a-f]{32}").isNotEqualTo(withoutId);
    assertThat(run(dir, script, null, null, revision, "18d2a1b3c4e").get(2)).as("the same deployment restarted").isEqualTo(restarted);
    assertThat(run(dir, script, null, null, revision, "18d2a1b3c4f").get(2)).isNotEqualTo(restarted);
    // Without the key the id is what it was before the key existed: pods already running keep their job.
    assertThat(run(dir, script, "s3://b/sp/savepoint-1", null, revision, null).get(2))
        .isEqualTo(md5(revision + "|s3://b/sp/savepoint-1"));
  }

  private static String md5(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void onlyAnApplicationWithoutHaWithACheckpointDirectoryResumesFromItsLatestCheckpoint() {
    String resumes = jobManager(build(savepointApp())).getCommand().get(2);
    assertThat(resumes).contains(RestoreState.MOUNT_PATH + "/" + RestoreState.RESOLVER_KEY, " latest ", "--job-id", "/dev/urandom")
        .doesNotContain("$(", "$$");
    assertThat(jobManager(build(savepointApp().flinkConfiguration(Map.of("execution.checkpointing.dir", "s3://other/chk"))))
        .getCommand().get(2)).contains(" latest ");
    assertThat(jobManager(build(app())).getCommand().get(2)).as("no checkpoint directory").doesNotContain(" latest ", "--job-id");
    assertThat(jobManager(build(savepointApp().highAvailability(HighAvailability.kubernetes("s3://b/ha")))).getCommand().get(2))
        .as("HA recovers the job itself").doesNotContain(" latest ", "/dev/urandom").contains("--job-id");
  }

  @Test
  void haApplicationsGetTheStartScriptAndKeepFinishedJobsInTheResultStore() {
    List<HasMetadata> stateless = build(app().highAvailability(HighAvailability.kubernetes("s3://b/ha")));
    Container jm = jobManager(stateless);
    assertThat(jm.getCommand()).hasSize(4);
    // Stateless too (since 2026-12-07): the deployment id the controller writes makes each deployment a new job.
    assertThat(jm.getCommand().get(2)).contains("--job-id", "md5sum", HighAvailabilityFeature.REVISION_ENV,
        RestoreState.MOUNT_PATH + "/" + RestoreState.DEPLOYMENT_KEY).doesNotContain("$(");
    assertThat(jm.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo(HighAvailabilityFeature.REVISION_ENV);
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.labels['controller-revision-hash']");
    });
    assertThat(config(stateless)).containsPattern("job-result-store.delete-on-commit: \"?false\"?\n");
    assertThat(jobManager(build(app())).getCommand().get(2)).doesNotContain("--job-id");
  }

  /**
   * Without HA (with a checkpoint directory) the job gets an id per deployment too, and the newest checkpoint the
   * resolver finds in that job's own checkpoint directory wins over the restore path: a JobManager restarted within its deployment resumes from
   * it. The resolver here is a stand-in {@code java} on {@code JAVA_HOME} that prints, as the real one does, its marked
   * line for the job it was asked about (Flink's logging before it on the line) when told there is one; the real
   * one runs on every version's own jars in e2e's {@code ApplicationRun} and {@code ResolveSavepointTest}.
   */
  @Test
  void withoutHaAJobManagerRestartedWithinItsDeploymentResumesFromItsLatestCheckpoint(@TempDir Path dir) throws Exception {
    String script = ControllerUpgradeFeature.startScript(true, null, false, false, Map.of(), true);
    Path mount = Files.createDirectories(dir.resolve("restore"));
    Path bin = Files.createDirectories(dir.resolve("jdk").resolve("bin"));
    // Asked about the deployment's jobs ($5: their ids' first 24 digits) with the configuration in $6, from which the real
    // one reads the checkpoint directory.
    Files.writeString(bin.resolve("java"), "#!/bin/sh\n[ \"$7\" = latest ] && [ \"$6\" = " + dir.resolve("conf") + " ] || exit 2\n"
        + "printf '%s\\n' \"$5\" > " + dir.resolve("asked") + "\n[ -f " + dir.resolve("found")
        + " ] && printf '%s\\n' \"2026-12-08 INFO x - flinkstack-savepoint: s3://b/checkpoints/${5}0a0b0c0d/chk-7\"\nexit 0\n");
    bin.resolve("java").toFile().setExecutable(true);
    Map<String, String> env = Map.of("JAVA_HOME", dir.resolve("jdk").toString(), "FLINK_HOME", dir.toString());

    // No resolver in the ConfigMap (the controller has not written it yet): the restore path; a job id per start.
    List<String> before = runWith(dir, script, "s3://b/sp/upgrade", "a1", env);
    assertThat(before).startsWith("standalone-job", "--job-id").contains("--fromSavepoint", "s3://b/sp/upgrade");
    assertThat(before.get(2)).matches("[0-9a-f]{32}");
    String deployment = before.get(2).substring(0, 24);
    assertThat(dir.resolve("asked")).doesNotExist();
    Files.writeString(mount.resolve(RestoreState.RESOLVER_KEY), "// the resolver");
    // Its first start: nothing of the deployment yet. Another start, another job id, the same deployment digits.
    List<String> first = runWith(dir, script, "s3://b/sp/upgrade", "a1", env);
    assertThat(Files.readString(dir.resolve("asked")).strip()).isEqualTo(deployment);
    assertThat(first.get(2)).startsWith(deployment).isNotEqualTo(before.get(2)).matches("[0-9a-f]{32}");
    assertThat(first).contains("--fromSavepoint", "s3://b/sp/upgrade");
    // Restarted within the deployment, after checkpoints: the latest one of its jobs.
    Files.writeString(dir.resolve("found"), "");
    List<String> resumed = runWith(dir, script, "s3://b/sp/upgrade", "a1", env);
    assertThat(resumed).containsExactly("standalone-job", "--job-id", resumed.get(2),
        "--fromSavepoint", "s3://b/checkpoints/" + deployment + "0a0b0c0d/chk-7", "--job-classname", "C", "--in", "x");
    assertThat(resumed.get(2)).startsWith(deployment);
    // Another deployment (a transition wrote a new id): other digits, asked about its own jobs.
    List<String> next = runWith(dir, script, "s3://b/sp/upgrade", "a2", env);
    assertThat(next.get(2).substring(0, 24)).isNotEqualTo(deployment);
    assertThat(Files.readString(dir.resolve("asked")).strip()).isEqualTo(next.get(2).substring(0, 24));
  }

  /**
   * As {@link #run}, with a deployment id and {@code env} added to the container's environment; the script's own
   * messages (standard error, here merged) left out.
   */
  private static List<String> runWith(Path dir, String script, String path, String deployment, Map<String, String> env)
      throws Exception {
    return run(dir, script, path, null, "app-jobmanager-5d8f7c9b4", deployment, env).stream()
        .filter(line -> !line.startsWith("flinkstack: ")).toList();
  }

  /** Runs the script as the container would, with the container's args; returns what the entrypoint got. */
  private static List<String> run(Path dir, String script, String path, String allow) throws Exception {
    return run(dir, script, path, allow, null);
  }

  private static List<String> run(Path dir, String script, String path, String allow, String revision) throws Exception {
    return run(dir, script, path, allow, revision, null);
  }

  private static List<String> run(Path dir, String script, String path, String allow, String revision, String deployment)
      throws Exception {
    return run(dir, script, path, allow, revision, deployment, Map.of());
  }

  private static List<String> run(Path dir, String script, String path, String allow, String revision, String deployment,
      Map<String, String> env) throws Exception {
    Path mount = Files.createDirectories(dir.resolve("restore"));
    write(mount.resolve(RestoreState.PATH_KEY), path);
    write(mount.resolve(RestoreState.ALLOW_NON_RESTORED_STATE_KEY), allow);
    write(mount.resolve(RestoreState.DEPLOYMENT_KEY), deployment);
    Path entrypoint = dir.resolve("entrypoint.sh");
    Files.writeString(entrypoint, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    entrypoint.toFile().setExecutable(true);
    String local = script.replace(RestoreState.MOUNT_PATH, mount.toString())
        .replace(ControllerUpgradeFeature.ENTRYPOINT, entrypoint.toString());
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", local, "jobmanager"));
    command.addAll(List.of("standalone-job", "--job-classname", "C", "--in", "x"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (revision != null) {
      builder.environment().put(HighAvailabilityFeature.REVISION_ENV, revision);
    }
    builder.environment().putAll(env);
    Process p = builder.start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  private static void write(Path file, String content) throws IOException {
    if (content == null) {
      Files.deleteIfExists(file);
    } else {
      Files.writeString(file, content);
    }
  }
}
