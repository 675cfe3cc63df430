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
}
