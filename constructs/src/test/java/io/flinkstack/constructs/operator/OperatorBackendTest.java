package io.flinkstack.constructs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.flinkstack.constructs.Backend;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.FlinkSessionCluster;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.ImagePullPolicy;
import io.flinkstack.constructs.JobSettings;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.OperatorAutoscaler;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.constructs.SessionJob;
import io.flinkstack.constructs.SqlJob;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.schemas.SchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where each high-level prop lands with the Apache-operator backend, and what the operator cannot express. */
class OperatorBackendTest {
  private static SchemaValidator validator;

  @BeforeAll
  static void loadOperatorCrds() {
    validator = CustomResourceSchemas.validator();
  }

  private static FlinkApplicationProps.Builder app() {
    return FlinkApplicationProps.builder()
        .backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20)
        .image("flink:1.20")
        .jarUri("local:///opt/flink/usrlib/job.jar")
        .parallelism(4)
        .taskSlots(2);
  }

  private static List<HasMetadata> build(FlinkApplicationProps.Builder b) {
    List<HasMetadata> objects = ApplicationManifests.build(ClusterValidator.validate(b.build(), "app", () -> "chart/app"));
    for (HasMetadata o : objects) {
      assertThat(validator.validate(ManifestJson.MAPPER.valueToTree(o))).as(o.getKind()).isEmpty();
    }
    return objects;
  }

  private static JsonNode deployment(List<HasMetadata> objects) {
    return ManifestJson.MAPPER.valueToTree(objects.stream().filter(o -> o.getKind().equals("FlinkDeployment"))
        .findFirst().orElseThrow()).path("spec");
  }

  private static Problem only(UnaryOperator<FlinkApplicationProps.Builder> change) {
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> ClusterValidator.validate(change.apply(app()).build(), "app", () -> "chart/app"));
    assertThat(e).isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }

  @Test
  void everyHighLevelPropLandsInTheFlinkDeployment() {
    List<HasMetadata> objects = build(app()
        .imagePullPolicy(ImagePullPolicy.ALWAYS)
        .entryClass("com.example.Job").args(List.of("--x", "1"))
        .jobManager(Resources.of("2g", 1)).taskManager(Resources.of("4096m", 2))
        .flinkConfiguration(Map.of("state.backend.type", "rocksdb"))
        .logConfiguration("rootLogger.level = WARN\n")
        .highAvailability(HighAvailability.builder().build()).jobManagerReplicas(2)
        .stateStorage(StateStorage.objectStore("s3://b/app"))
        .restService(RestService.nodePort().protectedBy(RestProtection.unauthenticated()))
        .restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8")))
        .restIngress(RestIngress.builder().host("flink.example.com").path("/app").ingressClassName("nginx")
            .protectedBy(RestProtection.authenticatedBy("sso")).build())
        .operatorAutoscaler(OperatorAutoscaler.builder().targetUtilization(0.6).build())
        .podTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("taskmanager")
            .addNewEnv().withName("EXTRA").withValue("1").endEnv().endContainer().endSpec().build())
        .job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).state(DesiredState.SUSPENDED)
            .savepointTriggerNonce(7L).initialSavepointPath("s3://b/sp/savepoint-1").allowNonRestoredState(true)
            .restartNonce(3L).redeployNonce(5L)
            .savepointInterval("6 h").savepointHistoryMaxCount(3).savepointHistoryMaxAge("2 d").build()));
    JsonNode spec = deployment(objects);
    assertThat(spec.path("image").asText()).isEqualTo("flink:1.20");
    assertThat(spec.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(spec.path("serviceAccount").asText()).isEqualTo("app");
    assertThat(spec.path("flinkVersion").asText()).isEqualTo("v1_20");
    JsonNode config = spec.path("flinkConfiguration");
    assertThat(config.path("state.backend.type").asText()).isEqualTo("rocksdb");
    assertThat(config.path("high-availability.type").asText()).isEqualTo("kubernetes");
    assertThat(config.path("high-availability.storageDir").asText()).isEqualTo("s3://b/app/ha");
    assertThat(config.path("state.checkpoints.dir").asText()).isEqualTo("s3://b/app/checkpoints");
    assertThat(config.path("kubernetes.operator.periodic.savepoint.interval").asText()).isEqualTo("6 h");
    assertThat(config.path("kubernetes.operator.savepoint.history.max.count").asText()).isEqualTo("3");
    assertThat(config.path("kubernetes.operator.savepoint.history.max.age").asText()).isEqualTo("2 d");
    assertThat(config.path("job.autoscaler.enabled").asText()).isEqualTo("true");
    assertThat(config.path("job.autoscaler.target.utilization").asText()).isEqualTo("0.6");
    assertThat(config.path("kubernetes.rest-service.exposed.type").asText()).isEqualTo("NodePort");
    assertThat(config.has("kubernetes.cluster-id")).as("the operator sets the cluster id").isFalse();
    assertThat(config.has("taskmanager.memory.process.size")).as("the operator sizes processes").isFalse();
    assertThat(spec.path("logConfiguration").path("log4j-console.properties").asText()).isEqualTo("rootLogger.level = WARN\n");
    assertThat(spec.at("/jobManager/resource/memory").asText()).isEqualTo("2048m");
    assertThat(spec.at("/jobManager/replicas").asInt()).isEqualTo(2);
    assertThat(spec.at("/taskManager/resource/cpu").asDouble()).isEqualTo(2.0);
    assertThat(spec.at("/taskManager/podTemplate/spec/containers/0/name").asText()).isEqualTo("flink-main-container");
    assertThat(spec.at("/taskManager/podTemplate/spec/containers/0/env").toString()).contains("EXTRA");
    assertThat(spec.at("/taskManager/podTemplate/spec/initContainers/0/name").asText()).isEqualTo("enable-flink-s3-fs-hadoop");
    assertThat(spec.at("/jobManager/podTemplate/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    JsonNode job = spec.path("job");
    assertThat(job.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/job.jar");
    assertThat(job.path("entryClass").asText()).isEqualTo("com.example.Job");
    assertThat(job.path("args").toString()).isEqualTo("[\"--x\",\"1\"]");
    assertThat(job.path("parallelism").asInt()).isEqualTo(4);
    assertThat(job.path("state").asText()).isEqualTo("suspended");
    assertThat(job.path("upgradeMode").asText()).isEqualTo("last-state");
    assertThat(job.path("savepointTriggerNonce").asLong()).isEqualTo(7);
    assertThat(job.path("savepointRedeployNonce").asLong()).as("the operator's name for a redeploy").isEqualTo(5);
    assertThat(spec.path("restartNonce").asLong()).isEqualTo(3);
    assertThat(job.path("initialSavepointPath").asText()).isEqualTo("s3://b/sp/savepoint-1");
    assertThat(job.path("allowNonRestoredState").asBoolean()).isTrue();
    assertThat(spec.at("/ingress/template").asText()).isEqualTo("flink.example.com/app");
    assertThat(spec.at("/ingress/className").asText()).isEqualTo("nginx");
    assertThat(objects).extracting(HasMetadata::getKind)
        .containsExactly("ServiceAccount", "Role", "RoleBinding", "FlinkDeployment", "PodDisruptionBudget",
            "PodDisruptionBudget", "NetworkPolicy");
  }

  @Test
  void theOperatorsJobManagerRoleHasNoWildcards() {
    String role = ManifestJson.write(build(app()).get(1));
    assertThat(role).contains("\"kind\":\"Role\"").doesNotContain("\"*\"");
  }

  @Test
  void whatTheOperatorCannotExpressIsAnErrorNotASilentDrop() {
    assertThat(only(b -> b.localRecovery(LocalRecovery.withVolume("10Gi"))).message())
        .contains("cannot keep a volume across restarts");
    assertThat(only(b -> b.autoscaling(HpaAutoscaler.builder().maxReplicas(4).build())).message())
        .contains("operatorAutoscaler");
    assertThat(only(b -> b.flinkVersion(FlinkVersion.V2_1)).message()).contains("up to Flink 1.20");
    assertThat(only(b -> b.scheduler(Scheduler.REACTIVE)).field()).isEqualTo("scheduler");
    assertThat(only(b -> b.restService(RestService.nodePort(30081).protectedBy(RestProtection.unauthenticated()))
        .restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8")))).field()).isEqualTo("restService");
    assertThat(only(b -> b.operatorAutoscaler(OperatorAutoscaler.builder().targetUtilization(1.5).build())).field())
        .isEqualTo("operatorAutoscaler.targetUtilization");
  }

  @Test
  void operatorAutoscalerIsOperatorOnly() {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> ClusterValidator.validate(
        app().backend(Backend.STANDALONE).operatorAutoscaler(OperatorAutoscaler.builder().build()).taskManagers(2).build(),
        "app", () -> "chart/app"));
    assertThat(e.problems()).extracting(Problem::field).containsExactly("operatorAutoscaler");
  }

  @Test
  void sessionJobsBecomeFlinkSessionJobs() {
    App cdk8s = new App();
    Chart chart = new Chart(cdk8s, "team");
    FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "shared").backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20).image("flink:1.20").taskManagers(2).taskSlots(2)
        .stateStorage(StateStorage.objectStore("s3://b/session")).build();
    assertThat(deployment(session.getManifests()).has("job")).isFalse();
    assertThat(deployment(session.getManifests()).at("/taskManager/replicas").asInt()).isEqualTo(2);
    SessionJob job = SessionJob.Builder.create(chart, "enrich").cluster(session).jarUri("s3://jobs/enrich.jar")
        .parallelism(2).job(JobSettings.builder().savepointInterval("1 h").build()).build();
    assertThat(job.getDeclaration().jarUri()).isEqualTo("s3://jobs/enrich.jar");
    SqlJob.Builder.create(chart, "counts").cluster(session).runnerJarUri("https://repo/sql-runner.jar")
        .statements("INSERT INTO b SELECT 1;").build();
    String yaml = io.flinkstack.constructs.synth.AppSynthesizer.synthesize(cdk8s).get(0).yaml();
    assertThat(yaml).contains("kind: FlinkSessionJob", "deploymentName: shared", "jarURI: s3://jobs/enrich.jar",
        "kubernetes.operator.periodic.savepoint.interval: 1 h", "- --sql", "name: shared-counts");
    assertThat(catchThrowableOfType(ValidationException.class, () -> SqlJob.Builder.create(chart, "nojar")
        .cluster(session).statements("INSERT INTO b SELECT 1;").build()).getMessage())
        .contains("runnerJarUri: is required");
    // The operator fetches the jar itself and would ignore a digest: refused rather than silently unchecked.
    assertThat(catchThrowableOfType(ValidationException.class, () -> SessionJob.Builder.create(chart, "pinned")
        .cluster(session).jarUri("s3://jobs/pinned.jar")
        .jarSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").build()).getMessage())
        .contains("jarSha256: is checked by flinkstack's runtime controller (standalone backend)");
  }

  // The rules below are the Apache operator's own validation (flink-kubernetes-operator 1.10.0, tag release-1.10.0,
  // DefaultValidator; its jar is not served here, so each is taken from its source and tested as a rule).

  /** DefaultValidator#validateFlinkDeploymentConfig: keys the operator sets itself are forbidden in a FlinkDeployment. */
  @Test
  void keysTheOperatorForbidsAreRefused() {
    for (String key : List.of("kubernetes.cluster-id", "kubernetes.namespace", "high-availability.cluster-id")) {
      Problem p = only(b -> b.flinkConfiguration(Map.of(key, "other")));
      assertThat(p.field()).isEqualTo("flinkConfiguration." + key);
      assertThat(p.message()).contains("Forbidden Flink config key: " + key).contains("remove the key");
    }
  }

  /**
   * DefaultValidator#validateFlinkDeploymentConfig: rollbacks need HA, and the cluster health check needs JobManager
   * deployment recovery.
   */
  @Test
  void operatorKeysThatNeedOtherSettingsAreRefusedWithoutThem() {
    Problem rollback = only(b -> b.flinkConfiguration(Map.of("kubernetes.operator.deployment.rollback.enabled", "true")));
    assertThat(rollback.field()).isEqualTo("flinkConfiguration.kubernetes.operator.deployment.rollback.enabled");
    assertThat(rollback.message()).contains("HA must be enabled for rollback support.").contains("highAvailability(");
    build(app().flinkConfiguration(Map.of("kubernetes.operator.deployment.rollback.enabled", "true"))
        .highAvailability(HighAvailability.builder().build()).stateStorage(StateStorage.objectStore("s3://b/app")));
    Problem health = only(b -> b.flinkConfiguration(Map.of("kubernetes.operator.cluster.health-check.enabled", "true",
        "kubernetes.operator.jm-deployment-recovery.enabled", "false")));
    assertThat(health.field()).isEqualTo("flinkConfiguration.kubernetes.operator.jm-deployment-recovery.enabled");
    assertThat(health.message()).contains("must be enabled for job health check");
    build(app().flinkConfiguration(Map.of("kubernetes.operator.cluster.health-check.enabled", "true")));
  }

  /** DefaultValidator#validateAutoScalerFlinkConfiguration: no negative scale factors once the autoscaler is on. */
  @Test
  void aNegativeOperatorAutoscalerFactorIsRefused() {
    Problem up = only(b -> b.operatorAutoscaler(OperatorAutoscaler.builder().scaleUpMaxFactor(-1.0).build()));
    assertThat(up.field()).isEqualTo("operatorAutoscaler.scaleUpMaxFactor");
    assertThat(up.message()).contains("job.autoscaler.scale-up.max-factor is invalid").contains("use 0 or more");
    assertThat(only(b -> b.operatorAutoscaler(OperatorAutoscaler.builder().scaleDownMaxFactor(-0.5).build())).field())
        .isEqualTo("operatorAutoscaler.scaleDownMaxFactor");
    build(app().operatorAutoscaler(OperatorAutoscaler.builder().scaleUpMaxFactor(0.0).scaleDownMaxFactor(0.5).build()));
  }

  /**
   * DefaultValidator#validateJobSpec: last-state and savepoint upgrades need a checkpoint directory, which a savepoint
   * directory alone (enough for flinkstack's own check) or HA storage does not give.
   */
  @Test
  void statefulUpgradeModesNeedTheCheckpointDirectoryTheOperatorReads() {
    Problem savepoint = only(b -> b.flinkConfiguration(Map.of("state.savepoints.dir", "s3://b/sp")));
    assertThat(savepoint.field()).isEqualTo("job.upgradeMode");
    assertThat(savepoint.message()).contains("UpgradeMode.SAVEPOINT (the default with a savepoint directory) needs a checkpoint directory")
        .contains("must be defined for last-state and savepoint upgrade modes").contains("execution.checkpointing.dir");
    Problem lastState = only(b -> b.highAvailability(HighAvailability.builder().storageDir("s3://b/ha").build())
        .job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).build()));
    assertThat(lastState.field()).isEqualTo("job.upgradeMode");
    assertThat(lastState.message()).contains("UpgradeMode.LAST_STATE needs a checkpoint directory");
    build(app().flinkConfiguration(Map.of("state.savepoints.dir", "s3://b/sp", "state.checkpoints.dir", "s3://b/cp")));
    build(app().job(JobSettings.builder().upgradeMode(UpgradeMode.STATELESS).build()));
  }

  /**
   * DefaultValidator#validateJobSpec: a savepoint triggered by nonce, or periodic savepoints set by the operator's key,
   * need a savepoint directory; on a FlinkDeployment and on a FlinkSessionJob alike.
   */
  @Test
  void savepointsTheOperatorTriggersNeedASavepointDirectory() {
    Problem nonce = only(b -> b.job(JobSettings.builder().savepointTriggerNonce(1L).build()));
    assertThat(nonce.field()).isEqualTo("job.savepointTriggerNonce");
    assertThat(nonce.message()).contains("while config key[state.savepoints.dir] is not set").contains("stateStorage(");
    Problem periodic = only(b -> b.flinkConfiguration(Map.of("kubernetes.operator.periodic.savepoint.interval", "1 h")));
    assertThat(periodic.field()).isEqualTo("flinkConfiguration.kubernetes.operator.periodic.savepoint.interval");
    Problem maxAge = only(b -> b.highAvailability(HighAvailability.builder().storageDir("s3://b/ha").build())
        .flinkConfiguration(Map.of("state.checkpoints.dir", "s3://b/cp",
            "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age", "10 min"))
        .job(JobSettings.builder().upgradeMode(UpgradeMode.LAST_STATE).build()));
    assertThat(maxAge.field()).isEqualTo("flinkConfiguration.kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age");
    build(app().stateStorage(StateStorage.objectStore("s3://b/app"))
        .job(JobSettings.builder().savepointTriggerNonce(1L).build()));

    App cdk8s = new App();
    Chart chart = new Chart(cdk8s, "team");
    FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "shared").backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20).image("flink:1.20").taskManagers(1).taskSlots(2).build();
    assertThat(catchThrowableOfType(ValidationException.class, () -> SessionJob.Builder.create(chart, "enrich")
        .cluster(session).jarUri("s3://jobs/enrich.jar").job(JobSettings.builder().savepointTriggerNonce(1L).build())
        .build()).getMessage())
        .contains("job.savepointTriggerNonce: triggers a savepoint, which needs a savepoint directory");
    SessionJob.Builder.create(chart, "plain").cluster(session).jarUri("s3://jobs/plain.jar").build();
  }

  /**
   * The operator 1.10 reads the directories with Flink 1.19's keys: on 1.20 the user's current names are written under
   * the old names too (else the operator sees none, or stateStorage's), and on older versions 1.20's name is refused.
   */
  @Test
  void directoriesGivenUnderTheirCurrentNamesReachTheOperator() {
    JsonNode config = deployment(build(app().flinkConfiguration(Map.of("execution.checkpointing.dir", "s3://b/cp",
        "execution.checkpointing.savepoint-dir", "s3://b/sp")))).path("flinkConfiguration");
    assertThat(config.path("state.checkpoints.dir").asText()).isEqualTo("s3://b/cp");
    assertThat(config.path("state.savepoints.dir").asText()).isEqualTo("s3://b/sp");
    assertThat(config.path("execution.checkpointing.savepoint-dir").asText()).isEqualTo("s3://b/sp");
    JsonNode overridden = deployment(build(app().stateStorage(StateStorage.objectStore("s3://b/app"))
        .flinkConfiguration(Map.of("execution.checkpointing.savepoint-dir", "s3://b/mine")))).path("flinkConfiguration");
    assertThat(overridden.path("state.savepoints.dir").asText()).as("the operator takes savepoints where Flink would")
        .isEqualTo("s3://b/mine");
    Problem older = only(b -> b.flinkVersion(FlinkVersion.V1_19).image("flink:1.19").flinkConfiguration(Map.of(
        "state.checkpoints.dir", "s3://b/cp", "execution.checkpointing.savepoint-dir", "s3://b/sp")));
    assertThat(older.field()).isEqualTo("flinkConfiguration.execution.checkpointing.savepoint-dir");
    assertThat(older.message()).contains("rename the key to state.savepoints.dir");
  }

  /**
   * DefaultValidator#validateSpecChange: a FlinkDeployment's changed savepointRedeployNonce needs initialSavepointPath;
   * a FlinkSessionJob's does not (it is redeployed without state).
   */
  @Test
  void aRedeployNonceWithoutASavepointPathIsRefusedOnAFlinkDeployment() {
    Problem redeploy = only(b -> b.job(JobSettings.builder().redeployNonce(1L).build()));
    assertThat(redeploy.field()).isEqualTo("job.redeployNonce");
    assertThat(redeploy.message()).contains("InitialSavepointPath must not be empty for savepoint redeployment")
        .contains("set initialSavepointPath");
    build(app().job(JobSettings.builder().redeployNonce(1L).initialSavepointPath("s3://b/sp/savepoint-1").build()));

    App cdk8s = new App();
    Chart chart = new Chart(cdk8s, "team");
    FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "shared").backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20).image("flink:1.20").taskManagers(1).taskSlots(2).build();
    SessionJob.Builder.create(chart, "enrich").cluster(session).jarUri("s3://jobs/enrich.jar")
        .job(JobSettings.builder().redeployNonce(1L).build()).build();
  }

  /**
   * The job's readiness timeout and rollback reach the operator as its own keys (flink-kubernetes-operator 1.10.0,
   * AbstractFlinkResourceReconciler#shouldRollBack reads both), instead of being dropped; unset, the operator's defaults.
   * A rollback without HA, and a value contradicting the same key in flinkConfiguration, are refused.
   */
  @Test
  void readinessTimeoutAndRollbackBecomeTheOperatorsKeys() {
    JsonNode config = deployment(build(app().highAvailability(HighAvailability.builder().build())
        .stateStorage(StateStorage.objectStore("s3://b/app"))
        .job(JobSettings.builder().readinessTimeout("3 min").rollback(true).build()))).path("flinkConfiguration");
    assertThat(config.path("kubernetes.operator.deployment.readiness.timeout").asText()).isEqualTo("3 min");
    assertThat(config.path("kubernetes.operator.deployment.rollback.enabled").asText()).isEqualTo("true");
    JsonNode off = deployment(build(app().job(JobSettings.builder().rollback(false).build()))).path("flinkConfiguration");
    assertThat(off.path("kubernetes.operator.deployment.rollback.enabled").asText()).isEqualTo("false");
    JsonNode unset = deployment(build(app())).path("flinkConfiguration");
    assertThat(unset.has("kubernetes.operator.deployment.rollback.enabled")).isFalse();
    assertThat(unset.has("kubernetes.operator.deployment.readiness.timeout")).isFalse();

    Problem noHa = only(b -> b.job(JobSettings.builder().rollback(true).build()));
    assertThat(noHa.field()).isEqualTo("job.rollback");
    assertThat(noHa.message()).contains("HA must be enabled for rollback support.").contains("rollback(false)");
    Problem contradicted = only(b -> b.flinkConfiguration(Map.of("kubernetes.operator.deployment.readiness.timeout", "1 min"))
        .job(JobSettings.builder().readinessTimeout("10 min").build()));
    assertThat(contradicted.field()).isEqualTo("job.readinessTimeout");
    assertThat(contradicted.message()).contains("flinkConfiguration.kubernetes.operator.deployment.readiness.timeout is 1 min");
    build(app().flinkConfiguration(Map.of("kubernetes.operator.deployment.readiness.timeout", "10 min"))
        .job(JobSettings.builder().readinessTimeout("10 min").build()));

    App cdk8s = new App();
    Chart chart = new Chart(cdk8s, "team");
    FlinkSessionCluster session = FlinkSessionCluster.Builder.create(chart, "shared").backend(Backend.OPERATOR)
        .flinkVersion(FlinkVersion.V1_20).image("flink:1.20").taskManagers(1).taskSlots(2).build();
    SessionJob.Builder.create(chart, "enrich").cluster(session).jarUri("s3://jobs/enrich.jar")
        .job(JobSettings.builder().readinessTimeout("2 min").build()).build();
    assertThat(io.flinkstack.constructs.synth.AppSynthesizer.synthesize(cdk8s).get(0).yaml())
        .contains("kubernetes.operator.deployment.readiness.timeout: 2 min");
    assertThat(catchThrowableOfType(ValidationException.class, () -> SessionJob.Builder.create(chart, "rolled").cluster(session)
        .jarUri("s3://jobs/rolled.jar").job(JobSettings.builder().rollback(true).build()).build()).getMessage())
        .contains("job.rollback: needs high availability");
  }

  /** The operator sets kubernetes.cluster-id to the FlinkDeployment's name: another HA cluster id would be dropped. */
  @Test
  void anHaClusterIdTheOperatorWouldIgnoreIsRefused() {
    Problem p = only(b -> b.highAvailability(HighAvailability.builder().clusterId("orders-ha").build())
        .stateStorage(StateStorage.objectStore("s3://b/app")));
    assertThat(p.field()).isEqualTo("highAvailability.clusterId");
    assertThat(p.message()).contains("names the HA ConfigMaps after the FlinkDeployment").contains("remove clusterId");
  }
}
