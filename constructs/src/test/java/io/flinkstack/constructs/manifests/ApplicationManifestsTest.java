package io.flinkstack.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.contract.DesiredState;
import io.flinkstack.contract.JobKind;
import io.flinkstack.contract.Labels;
import io.flinkstack.contract.UpgradeMode;
import io.flinkstack.contract.resource.FlinkJob;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationManifestsTest {
  private static FlinkApplicationProps.Builder wordcount() {
    return FlinkApplicationProps.builder()
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/examples/streaming/WordCount.jar")
        .parallelism(4)
        .taskManagers(2)
        .taskSlots(2)
        .jobManager(Resources.of("1024m", 1))
        .taskManager(Resources.of("2g", 0.5));
  }

  private static List<HasMetadata> build(FlinkApplicationProps.Builder b) {
    return ApplicationManifests.build(ClusterValidator.validate(b.build(), "wordcount", () -> "test"));
  }

  private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void synthesizesTheDocumentedApplicationCluster() {
    List<HasMetadata> objects = build(wordcount());
    assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
        "ServiceAccount/wordcount", "ConfigMap/wordcount-config", "Service/wordcount-jobmanager",
        "Service/wordcount-jobmanager-headless", "Service/wordcount-rest", "Service/wordcount-taskmanager", "FlinkJob/wordcount",
        "StatefulSet/wordcount-jobmanager",
        "StatefulSet/wordcount-taskmanager", "PodDisruptionBudget/wordcount-taskmanager", "NetworkPolicy/wordcount");
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
        .containsEntry(Labels.INSTANCE, "wordcount").containsEntry(Labels.MANAGED_BY, "flinkstack")
        .containsEntry(Labels.NAME, "flink").containsEntry(Labels.VERSION, "2.1"));
  }

  @Test
  void withoutAClassNameTheProgramArgumentsFollowADoubleDashSoFlinkDoesNotTakeThemForJars() {
    Container jm = container(find(build(wordcount().args(List.of("--in", "x"))), StatefulSet.class, "wordcount-jobmanager"));
    assertThat(jm.getArgs()).containsExactly("standalone-job", "--jars", "local:///opt/flink/examples/streaming/WordCount.jar",
        "--", "--in", "x");
  }

  @Test
  void jobManagerRunsTheJobWithItsArguments() {
    Container jm = container(find(build(wordcount().entryClass("org.example.Job").args(List.of("--in", "x"))),
        StatefulSet.class, "wordcount-jobmanager"));
    // --jars first: Flink takes every word after it as a jar up to the next option it knows.
    assertThat(jm.getArgs()).containsExactly("standalone-job", "--jars", "local:///opt/flink/examples/streaming/WordCount.jar",
        "--job-classname", "org.example.Job", "--in", "x");
    assertThat(jm.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("rpc:6123", "blob:6124", "rest:8081", "metrics:9249");
    assertThat(jm.getLivenessProbe()).isNotNull();
    assertThat(jm.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/config");
  }

  @Test
  void theJobIsDeclaredToTheControllerAsAFlinkJob() {
    FlinkJob job = find(build(wordcount()), FlinkJob.class, "wordcount");
    assertThat(job.getApiVersion()).isEqualTo("flinkstack.io/v1alpha1");
    assertThat(job.getKind()).isEqualTo("FlinkJob");
    assertThat(job.getMetadata().getLabels()).containsEntry("flinkstack.io/session-cluster", "wordcount")
        .doesNotContainKey("flinkstack.io/declaration");
    assertThat(job.getSpec().cluster).isEqualTo("wordcount");
    assertThat(job.getSpec().kind).isEqualTo(JobKind.APPLICATION);
    assertThat(job.getSpec().parallelism).isEqualTo(4);
    assertThat(job.getSpec().upgradeMode).isEqualTo(UpgradeMode.STATELESS);
    assertThat(job.getSpec().state).isEqualTo(DesiredState.RUNNING);
    assertThat(job.getStatus()).isNull();
    // As synthesized: the enums in their wire spelling, numbers as numbers, no nulls and no status.
    assertThat(ManifestJson.write(job)).isEqualTo("{\"apiVersion\":"
        + "\"flinkstack.io/v1alpha1\",\"kind\":\"FlinkJob\",\"metadata\":{\"labels\":{"
        + "\"app.kubernetes.io/instance\":\"wordcount\",\"app.kubernetes.io/managed-by\":\"flinkstack\","
        + "\"app.kubernetes.io/name\":\"flink\",\"app.kubernetes.io/version\":\"2.1\","
        + "\"flinkstack.io/session-cluster\":\"wordcount\"},\"name\":\"wordcount\"},\"spec\":{\"cluster\":"
        + "\"wordcount\",\"kind\":\"application\",\"jarUri\":\"local:///opt/flink/examples/streaming/WordCount.jar\","
        + "\"parallelism\":4,\"upgradeMode\":\"stateless\",\"state\":\"running\"}}");
  }

  @Test
  void oldFlinkFindsTheJarInUsrlib() {
    Container jm = container(find(build(wordcount().flinkVersion(FlinkVersion.V1_17).jarUri("local:///opt/flink/usrlib/job.jar")),
        StatefulSet.class, "wordcount-jobmanager"));
    assertThat(jm.getArgs()).containsExactly("standalone-job");
  }

  @Test
  void memoryIsDerivedFromOneValue() {
    List<HasMetadata> objects = build(wordcount());
    Container tm = container(find(objects, StatefulSet.class, "wordcount-taskmanager"));
    assertThat(tm.getResources().getLimits().get("memory").toString()).isEqualTo("2048Mi");
    assertThat(tm.getResources().getRequests().get("memory").toString()).isEqualTo("2048Mi");
    assertThat(tm.getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
    String config = find(objects, ConfigMap.class, "wordcount-config").getData().get("config.yaml");
    assertThat(config).contains("taskmanager.memory.process.size: 2048m").contains("jobmanager.memory.process.size: 1024m");
  }

  /**
   * What each version's standalone-job entrypoint is given (the versions module parses these with each version's
   * own classes): --jars only where the parser knows it (1.19+), and then an emptyDir where Flink copies the
   * artifact, since the root file system is read-only; before 1.19 the entrypoint finds the jar in usrlib.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(FlinkVersion.class)
  void theJobManagerArgsAreWhatTheVersionsEntrypointKnows(FlinkVersion version) {
    List<HasMetadata> objects = build(wordcount().flinkVersion(version).jarUri("local:///opt/flink/usrlib/job.jar")
        .entryClass("com.example.Job").args(List.of("--in", "x")));
    Container jm = find(objects, StatefulSet.class, "wordcount-jobmanager").getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    List<String> volumes = find(objects, StatefulSet.class, "wordcount-jobmanager").getSpec().getTemplate().getSpec()
        .getVolumes().stream().map(v -> v.getName()).toList();
    String config = find(objects, ConfigMap.class, "wordcount-config").getData().get(version.configFileName());
    if (version.isAtLeast(FlinkVersion.V1_19)) {
      assertThat(jm.getArgs()).containsExactly("standalone-job", "--jars", "local:///opt/flink/usrlib/job.jar",
          "--job-classname", "com.example.Job", "--in", "x");
      assertThat(jm.getVolumeMounts()).anySatisfy(m -> {
        assertThat(m.getMountPath()).isEqualTo("/opt/flink/artifacts");
        assertThat(volumes).contains(m.getName());
      });
      assertThat(config).contains("user.artifacts.base-dir: /opt/flink/artifacts");
    } else {
      assertThat(jm.getArgs()).containsExactly("standalone-job", "--job-classname", "com.example.Job", "--in", "x");
      assertThat(jm.getVolumeMounts()).noneMatch(m -> m.getMountPath().equals("/opt/flink/artifacts"));
      assertThat(config).doesNotContain("user.artifacts.base-dir");
    }
    // A bounded job must not end the JobManager (the StatefulSet would restart it and run the job again).
    assertThat(config).containsPattern("execution.shutdown-on-application-finish: \"?false\"?\n");
  }

  @Test
  void configFileFollowsTheFlinkVersion() {
    ConfigMap modern = find(build(wordcount()), ConfigMap.class, "wordcount-config");
    assertThat(modern.getData()).containsOnlyKeys("config.yaml", "log4j-console.properties");
    ConfigMap legacy = find(build(wordcount().flinkVersion(FlinkVersion.V1_18).jarUri("local:///opt/flink/usrlib/job.jar")), ConfigMap.class, "wordcount-config");
    assertThat(legacy.getData()).containsOnlyKeys("flink-conf.yaml", "log4j-console.properties");
    assertThat(legacy.getData().get("flink-conf.yaml")).contains("taskmanager.numberOfTaskSlots: 2\n")
        .contains("parallelism.default: 4\n");
  }

  @Test
  void configYamlQuotesWhatWouldChangeType() {
    String config = find(build(wordcount().flinkConfiguration(Map.of("pipeline.name", "1.10", "a.flag", "true"))),
        ConfigMap.class, "wordcount-config").getData().get("config.yaml");
    assertThat(config).contains("pipeline.name: \"1.10\"").contains("a.flag: \"true\"");
  }

  @Test
  void userConfigurationWinsOverDerivedKeys() {
    String config = find(build(wordcount().flinkConfiguration(Map.of("rest.bind-address", "::", "state.backend.type", "rocksdb"))),
        ConfigMap.class, "wordcount-config").getData().get("config.yaml");
    assertThat(config).contains("rest.bind-address: '::'".replace('\'', '"')).doesNotContain("rest.bind-address: 0.0.0.0")
        .contains("state.backend.type: rocksdb");
  }

  @Test
  void restServiceTypeAndNodePort() {
    Service rest = find(build(wordcount().restService(RestService.nodePort(30081).protectedBy(RestProtection.unauthenticated())).networkPolicy(false)), Service.class, "wordcount-rest");
    assertThat(rest.getSpec().getType()).isEqualTo("NodePort");
    assertThat(rest.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30081);
    Service lb = find(build(wordcount().restService(RestService.loadBalancer().protectedBy(RestProtection.unauthenticated())).networkPolicy(false)), Service.class, "wordcount-rest");
    assertThat(lb.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(lb.getSpec().getPorts().get(0).getNodePort()).isNull();
  }

  @Test
  void taskManagersAreAStatefulSetWithAHeadlessService() {
    List<HasMetadata> objects = build(wordcount());
    StatefulSet tm = find(objects, StatefulSet.class, "wordcount-taskmanager");
    assertThat(tm.getSpec().getReplicas()).isEqualTo(2);
    assertThat(tm.getSpec().getServiceName()).isEqualTo("wordcount-taskmanager");
    assertThat(container(tm).getArgs()).containsExactly("taskmanager");
    assertThat(find(objects, Service.class, "wordcount-taskmanager").getSpec().getClusterIP()).isEqualTo("None");
    assertThat(tm.getSpec().getSelector().getMatchLabels()).doesNotContainKey(Labels.VERSION);
  }

  @Test
  void theJobManagerStatefulSetIsGovernedByAHeadlessServiceAndClientsKeepTheClusterIpOne() {
    for (boolean session : List.of(false, true)) {
      List<HasMetadata> objects = session
          ? ApplicationManifests.build(ClusterValidator.validateSession(wordcount().build(), "wordcount", () -> "test"))
          : build(wordcount());
      StatefulSet jm = find(objects, StatefulSet.class, "wordcount-jobmanager");
      assertThat(jm.getSpec().getServiceName()).isEqualTo("wordcount-jobmanager-headless");
      Service governing = find(objects, Service.class, "wordcount-jobmanager-headless");
      assertThat(governing.getSpec().getClusterIP()).isEqualTo("None");
      assertThat(governing.getSpec().getPublishNotReadyAddresses()).isTrue();
      assertThat(governing.getSpec().getSelector()).isEqualTo(jm.getSpec().getSelector().getMatchLabels());
      assertThat(governing.getSpec().getPorts()).extracting("name").containsExactly("rpc", "blob");
      Service clients = find(objects, Service.class, "wordcount-jobmanager");
      assertThat(clients.getSpec().getType()).isEqualTo("ClusterIP");
      assertThat(clients.getSpec().getClusterIP()).isNull();
      // An application's pods are Ready only once the runtime controller verified their revision (its readiness gate,
      // every application since 2026-12-07), so its Services publish not-ready addresses; a session cluster's do not.
      assertThat(clients.getSpec().getPublishNotReadyAddresses()).isEqualTo(session ? null : Boolean.TRUE);
      // Every StatefulSet's serviceName names a headless Service of the same cluster.
      for (StatefulSet set : objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).toList()) {
        assertThat(find(objects, Service.class, set.getSpec().getServiceName()).getSpec().getClusterIP())
            .as(set.getMetadata().getName()).isEqualTo("None");
      }
    }
  }

  @Test
  void imagePullSettingsAndEnvReachEveryContainer() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZONE", "eu");
    env.put("APP", "x");
    List<HasMetadata> objects = build(wordcount().imagePullSecrets(List.of("regcred")).env(env));
    for (String name : List.of("wordcount-jobmanager", "wordcount-taskmanager")) {
      StatefulSet s = find(objects, StatefulSet.class, name);
      assertThat(s.getSpec().getTemplate().getSpec().getImagePullSecrets()).extracting("name").containsExactly("regcred");
      // Besides the JobManager's own (its pod's uid and revision, for the start script's guard).
      assertThat(container(s).getEnv()).extracting("name").filteredOn(n -> !n.equals(io.flinkstack.contract.RestoreState.POD_UID_ENV)
          && !n.equals(io.flinkstack.contract.RestoreState.POD_REVISION_ENV)).containsExactly("APP", "ZONE");
    }
  }

  @Test
  void outputDoesNotDependOnMapIterationOrder() {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> b = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      a.put("key." + i, "v" + i);
    }
    for (int i = 19; i >= 0; i--) {
      b.put("key." + i, "v" + i);
    }
    Map<String, String> c = new HashMap<>(a);
    String first = ManifestJson.write(build(wordcount().flinkConfiguration(a).env(Map.of("A", "1", "B", "2"))));
    assertThat(ManifestJson.write(build(wordcount().flinkConfiguration(b).env(Map.of("B", "2", "A", "1"))))).isEqualTo(first);
    assertThat(ManifestJson.write(build(wordcount().flinkConfiguration(c).env(Map.of("A", "1", "B", "2"))))).isEqualTo(first);
  }

  private static Container container(StatefulSet s) {
    return s.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
