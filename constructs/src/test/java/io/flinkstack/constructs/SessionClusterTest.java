package io.flinkstack.constructs;

import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.DesiredState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.SessionJobs;
import java.util.List;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session clusters and the jobs that attach to them, through cdk8s as a user's app runs them. */
class SessionClusterTest {
  private App app;
  private Chart chart;
  private FlinkSessionCluster session;

  @BeforeEach
  void cluster() {
    app = new App();
    chart = new Chart(app, "team");
    session = FlinkSessionCluster.Builder.create(chart, "shared")
        .image("flink:2.1").taskManagers(2).taskSlots(4)
        .stateStorage(StateStorage.objectStore("s3://b/session"))
        .build();
  }

  private SessionJob.Builder job(String id, int parallelism) {
    return SessionJob.Builder.create(chart, id).cluster(session)
        .jarUri("https://repo.example.com/" + id + ".jar").parallelism(parallelism);
  }

  private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void sessionJobManagerRunsNoJobOfItsOwn() {
    StatefulSet jm = find(session.getManifests(), StatefulSet.class, "shared-jobmanager");
    assertThat(jm.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("jobmanager");
    String config = find(session.getManifests(), ConfigMap.class, "shared-config").getData().get("config.yaml");
    assertThat(config).doesNotContain("parallelism.default").contains("taskmanager.numberOfTaskSlots: \"4\"");
    assertThat(session.getSlots()).isEqualTo(8);
  }

  @Test
  void haSessionJobManagerAdvertisesItsPodIp() {
    FlinkSessionCluster ha = FlinkSessionCluster.Builder.create(chart, "ha").image("flink:2.1")
        .jobManagerReplicas(2).highAvailability(HighAvailability.kubernetes("s3://b/ha")).build();
    StatefulSet jm = find(ha.getManifests(), StatefulSet.class, "ha-jobmanager");
    assertThat(jm.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("jobmanager", "-D", "kubernetes.namespace=$(POD_NAMESPACE)", "-D",
            "jobmanager.rpc.address=$(POD_IP)");
  }

  @Test
  void eachJobIsAFlinkJobNamedAfterIt() {
    job("enrich", 4).entryClass("com.example.Enrich").build();
    SqlJob.Builder.create(chart, "counts").cluster(session).parallelism(2)
        .statements("CREATE TABLE a (x INT) WITH ('connector'='datagen');\nINSERT INTO b SELECT x FROM a;").build();
    ChartManifest m = AppSynthesizer.synthesize(app).get(0);
    assertThat(m.yaml()).contains("apiVersion: flinkstack.io/v1alpha1\nkind: FlinkJob\n", "name: enrich\n",
        "name: counts\n", SessionJobs.LABEL_SESSION_CLUSTER + ": shared", "cluster: shared", "kind: jar", "kind: sql",
        "jarUri: " + SessionJobs.BUNDLED_SQL_RUNNER, "entryClass: " + SessionJobs.SQL_RUNNER_CLASS,
        "sqlStatements: |\n    CREATE TABLE a (x INT) WITH ('connector'='datagen');\n    INSERT INTO b SELECT x FROM a;\n",
        "upgradeMode: savepoint", "parallelism: 4\n")
        .doesNotContain("flinkstack.io/declaration", "kind: ConfigMap\nmetadata:\n  labels:\n    app.kubernetes.io/component",
            "shared-job-", "status:");
  }

  @Test
  void aSessionJobsFlinkJobNameIsUniqueInItsNamespace() {
    Chart analytics = new Chart(app, "analytics", ChartProps.builder().namespace("analytics").build());
    FlinkSessionCluster first = FlinkSessionCluster.Builder.create(analytics, "first").image("flink:2.1").taskSlots(8)
        .build();
    FlinkSessionCluster other = FlinkSessionCluster.Builder.create(analytics, "other").image("flink:2.1").taskSlots(8)
        .build();
    SessionJob.Builder.create(analytics, "enrich").cluster(first).jarUri("https://x/y.jar").parallelism(1).build();
    ValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
        () -> SessionJob.Builder.create(analytics, "enrich2").name("enrich").cluster(other).jarUri("https://x/y.jar")
            .parallelism(9).build());
    // Every problem at once: the name, and the slots.
    assertThat(e.problems()).extracting(p -> p.path() + ": " + p.field() + ": " + p.message()).containsExactly(
        "analytics/enrich2: parallelism: 9 is more than the 8 slots of session cluster 'other'; lower it or give the"
            + " cluster more TaskManagers or slots",
        "analytics/enrich2: name: 'enrich' is already the name of the FlinkJob of session job 'enrich' of session"
            + " cluster 'first' (analytics/enrich) in namespace analytics; a session job's FlinkJob is named after the"
            + " job, and FlinkJob names are unique per namespace: give this job another name with name(\"...\"), or"
            + " put session cluster 'other' in another namespace");
    // Refused, it holds no slots and no name: the job can be declared again under another name.
    SessionJob.Builder.create(analytics, "enrich3").cluster(other).jarUri("https://x/y.jar").parallelism(8).build();
    // Charts without a namespace go wherever kubectl points: not compared.
    job("enrich", 1).build();
  }

  @Test
  void anApplicationClusterAndASessionJobShareNoFlinkJobName() {
    Chart payments = new Chart(app, "payments", ChartProps.builder().namespace("payments").build());
    FlinkSessionCluster adhoc = FlinkSessionCluster.Builder.create(payments, "adhoc").image("flink:2.1").taskSlots(4)
        .build();
    SessionJob.Builder.create(payments, "orders-job").name("orders").cluster(adhoc).jarUri("https://x/y.jar")
        .parallelism(1).build();
    assertThatThrownBy(() -> FlinkApplication.Builder.create(payments, "orders").image("flink:2.1")
        .jarUri("local:///opt/flink/usrlib/job.jar").build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("payments/orders: name: 'orders' is already the name of the FlinkJob of session job 'orders' of"
            + " session cluster 'adhoc' (payments/orders-job) in namespace payments; an application cluster's FlinkJob"
            + " is named after the cluster, and FlinkJob names are unique per namespace: give the cluster or that job"
            + " another name, or put them in different namespaces");
    // The other way round.
    FlinkApplication.Builder.create(payments, "fraud").image("flink:2.1").jarUri("local:///opt/flink/usrlib/job.jar")
        .build();
    assertThatThrownBy(() -> SessionJob.Builder.create(payments, "fraud-job").name("fraud").cluster(adhoc)
        .jarUri("https://x/y.jar").parallelism(1).build())
        .hasMessageContaining("payments/fraud-job: name: 'fraud' is already the name of the FlinkJob of application"
            + " cluster 'fraud' (payments/fraud) in namespace payments; a session job's FlinkJob is named after the job");
    // Another namespace: no collision.
    Chart billing = new Chart(app, "billing", ChartProps.builder().namespace("billing").build());
    FlinkApplication.Builder.create(billing, "fraud").image("flink:2.1").jarUri("local:///opt/flink/usrlib/job.jar")
        .build();
  }

  @Test
  void runningJobsMustFitTheSlots() {
    job("a", 4).build();
    job("b", 4).build();
    assertThatThrownBy(() -> job("c", 1).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("team/c: parallelism: 1 more slots do not fit session cluster 'shared': its 8 slots already run 8 (a=4, b=4)");
    // A suspended job holds no slots.
    job("d", 8).job(JobSettings.builder().state(DesiredState.SUSPENDED).build()).build();
  }

  @Test
  void aSessionJobCarriesItsReadinessTimeoutAndRollbackSwitch() {
    SessionJob job = job("r", 2).job(JobSettings.builder().readinessTimeout("3 min").rollback(false).build()).build();
    assertThat(job.getDeclaration().readinessTimeout()).isEqualTo("3 min");
    assertThat(job.getDeclaration().rollback()).isFalse();
    String yaml = AppSynthesizer.synthesize(app).get(0).yaml();
    assertThat(yaml).contains("readinessTimeout: 3 min").contains("rollback: false");
    assertThatThrownBy(() -> job("s", 1).job(JobSettings.builder().readinessTimeout("soon").build()).build())
        .hasMessageContaining("readinessTimeout");
  }

  @Test
  void jobNamesAreUniquePerCluster() {
    job("a", 1).build();
    assertThatThrownBy(() -> job("a2", 1).name("a").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("team/a2: name: 'a' is already a job of session cluster 'shared'");
  }

  @Test
  void sessionJobJarsMustBeFetchable() {
    assertThatThrownBy(() -> job("x", 1).jarUri("local:///opt/flink/usrlib/x.jar").build())
        .hasMessageContaining("jarUri: 'local:///opt/flink/usrlib/x.jar' cannot be fetched")
        .hasMessageContaining("works only for FlinkApplication");
    assertThatThrownBy(() -> job("y", 1).jarUri(null).build()).hasMessageContaining("jarUri: is required");
    assertThatThrownBy(() -> job("z", 9).build()).hasMessageContaining("parallelism: 9 is more than the 8 slots");
    assertThatThrownBy(() -> SessionJob.Builder.create(chart, "w").jarUri("https://x/y.jar").build())
        .hasMessageContaining("cluster: is required");
  }

  private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void theJarDigestIsDeclaredForTheController() {
    SessionJob pinned = job("pinned", 1).jarSha256(SHA256).build();
    SessionJob unpinned = job("unpinned", 1).build();
    SqlJob runner = SqlJob.Builder.create(chart, "sql").cluster(session).runnerJarUri("https://repo.example.com/runner.jar")
        .runnerJarSha256(SHA256).statements("INSERT INTO b SELECT 1;").build();

    assertThat(pinned.getDeclaration().jarSha256()).isEqualTo(SHA256);
    assertThat(runner.getDeclaration().jarSha256()).isEqualTo(SHA256);
    assertThat(unpinned.getDeclaration().jarSha256()).isNull();
    String yaml = AppSynthesizer.synthesize(app).get(0).yaml();
    assertThat(yaml).contains("jarSha256: " + SHA256);
    // Only the two jobs that set it have it: without the prop nothing changes in what is synthesized.
    assertThat(yaml.split("jarSha256: ", -1)).hasSize(3);
  }

  @Test
  void jarCredentialsNameASecretKeyInTheFlinkJobAndBothHalvesAreRequired() {
    SessionJob job = job("private", 1).jarCredentialsSecretName("artifacts").jarCredentialsKey("token").build();

    assertThat(job.getDeclaration().jarCredentials()).isEqualTo(new io.flinkstack.contract.JarCredentials("artifacts", "token"));
    String yaml = AppSynthesizer.synthesize(app).get(0).yaml();
    assertThat(yaml).contains("jarCredentials:").contains("secretName: artifacts").contains("key: token");
    assertThatThrownBy(() -> job("half", 1).jarCredentialsSecretName("artifacts").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("jarCredentialsKey: is required with jarCredentialsSecretName");
    assertThatThrownBy(() -> job("bad", 1).jarCredentialsSecretName("Artifacts").jarCredentialsKey("a b").build())
        .hasMessageContaining("jarCredentialsSecretName: 'Artifacts' is not a Secret name")
        .hasMessageContaining("jarCredentialsKey: 'a b' is not a Secret key");
  }

  @Test
  void aSqlJobsRunnerJarCanBeDownloadedWithCredentialsButTheBundledRunnerTakesNone() {
    SqlJob runner = SqlJob.Builder.create(chart, "private-runner").cluster(session).runnerJarUri("https://repo.example.com/runner.jar")
        .runnerJarCredentialsSecretName("artifacts").runnerJarCredentialsKey("token").statements("INSERT INTO b SELECT 1;").build();

    assertThat(runner.getDeclaration().jarCredentials()).isEqualTo(new io.flinkstack.contract.JarCredentials("artifacts", "token"));
    assertThat(AppSynthesizer.synthesize(app).get(0).yaml()).contains("jarCredentials:").contains("secretName: artifacts");
    assertThatThrownBy(() -> SqlJob.Builder.create(chart, "half").cluster(session).runnerJarUri("https://repo.example.com/runner.jar")
        .runnerJarCredentialsKey("token").statements("INSERT INTO b SELECT 1;").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("runnerJarCredentialsSecretName: is required with runnerJarCredentialsKey");
    assertThatThrownBy(() -> SqlJob.Builder.create(chart, "bundled").cluster(session).runnerJarCredentialsSecretName("artifacts")
        .runnerJarCredentialsKey("token").statements("INSERT INTO b SELECT 1;").build())
        .hasMessageContaining("runnerJarCredentialsSecretName: is for a runnerJarUri download; the bundled SQL runner is uploaded");
  }

  @Test
  void aJarDigestMustBeOneAndEveryProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> job("x", 9).jarSha256(SHA256.toUpperCase()).jarUri("local:///x.jar").build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("team/x: jarSha256: '" + SHA256.toUpperCase() + "' is not a SHA-256 digest: give 64"
            + " lower-case hex digits (0-9, a-f), as 'sha256sum job.jar' prints them; e.g. " + SHA256)
        .hasMessageContaining("jarUri: 'local:///x.jar' cannot be fetched")
        .hasMessageContaining("parallelism: 9 is more than the 8 slots");
    assertThatThrownBy(() -> job("y", 1).jarSha256("abc").build())
        .hasMessageContaining("jarSha256: 'abc' is not a SHA-256 digest")
        .hasMessageNotContaining("e.g.");
    assertThatThrownBy(() -> job("z", 1).jarSha256(SHA256 + "0").build())
        .hasMessageContaining("jarSha256: '" + SHA256 + "0' is not a SHA-256 digest");
    // The bundled SQL runner is not downloaded: a digest for it is a mistake.
    assertThatThrownBy(() -> SqlJob.Builder.create(chart, "sql").cluster(session).runnerJarSha256(SHA256)
        .statements("INSERT INTO b SELECT 1;").build())
        .hasMessageContaining("runnerJarSha256: is for a runnerJarUri jar");
  }

  @Test
  void sqlJobsMustInsertSomething() {
    assertThatThrownBy(() -> SqlJob.Builder.create(chart, "ddl").cluster(session)
        .statements("CREATE TABLE a (x INT) WITH ('connector'='datagen');").build())
        .hasMessageContaining("statements: has no INSERT INTO");
  }

  @Test
  void reactiveModeIsApplicationModeOnly() {
    assertThatThrownBy(() -> FlinkSessionCluster.Builder.create(chart, "r").image("flink:2.1")
        .scheduler(Scheduler.REACTIVE).build())
        .hasMessageContaining("team/r: scheduler: reactive mode runs one job on every slot");
  }

  @Test
  void autoscaledSessionsCountTheAutoscalersMaximum() {
    FlinkSessionCluster scaled = FlinkSessionCluster.Builder.create(chart, "scaled").image("flink:2.1").taskSlots(2)
        .autoscaling(HpaAutoscaler.builder().minReplicas(1).maxReplicas(5).build()).build();
    assertThat(scaled.getSlots()).isEqualTo(10);
    assertThat(find(scaled.getManifests(), StatefulSet.class, "scaled-taskmanager").getSpec().getReplicas()).isNull();
  }

  @Test
  void savepointModeNeedsSomewhereToWriteSavepoints() {
    FlinkSessionCluster bare = FlinkSessionCluster.Builder.create(chart, "bare").image("flink:2.1").build();
    assertThatThrownBy(() -> SessionJob.Builder.create(chart, "j").cluster(bare).jarUri("https://x/j.jar")
        .job(JobSettings.builder().upgradeMode(UpgradeMode.SAVEPOINT).build()).build())
        .hasMessageContaining("job: needs somewhere to write savepoints");
    assertThatThrownBy(() -> SessionJob.Builder.create(chart, "k").cluster(bare).jarUri("https://x/j.jar")
        .job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).build()).build())
        .hasMessageContaining("job: needs somewhere to write savepoints").hasMessageNotContaining("HA metadata");
  }

  /**
   * A session job's LAST_STATE needs no HA: the cluster's HA metadata is the cluster's, and the runtime controller
   * upgrades the job with a savepoint (JobTransitions). Refused before 2026-12-07 for want of HA on the cluster.
   */
  @Test
  void aSessionJobsLastStateNeedsASavepointDirectoryNotHighAvailability() {
    FlinkSessionCluster stored = FlinkSessionCluster.Builder.create(chart, "stored").image("flink:2.1")
        .stateStorage(StateStorage.objectStore("s3://b/stored")).build();
    SessionJob job = SessionJob.Builder.create(chart, "last").cluster(stored).jarUri("https://x/j.jar")
        .job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).build()).build();
    assertThat(job.getDeclaration().upgradeMode()).isEqualTo(io.flinkstack.contract.UpgradeMode.LAST_STATE);
    // An application cluster's LAST_STATE still needs HA: its JobManager restores from the HA metadata.
    assertThatThrownBy(() -> FlinkApplication.Builder.create(chart, "app").image("flink:2.1").jarUri("local:///opt/flink/usrlib/j.jar")
        .stateStorage(StateStorage.objectStore("s3://b/app")).job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).build()).build())
        .hasMessageContaining("job.upgradeMode: LAST_STATE restores from the checkpoint recorded in HA metadata");
  }
}
