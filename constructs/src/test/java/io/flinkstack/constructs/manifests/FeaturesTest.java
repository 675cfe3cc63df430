package io.flinkstack.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.flinkstack.constructs.AutoscalingMetric;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.contract.ReplicasOwner;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.NetworkAccess;
import io.flinkstack.constructs.Placement;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RestService;
import io.flinkstack.constructs.Scheduler;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.StorageCredentials;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.synth.ManifestJson;
import io.flinkstack.constructs.validation.Problem;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Where each production feature lands in the manifests, and what its validation says. */
class FeaturesTest {
  private static FlinkApplicationProps.Builder app() {
    return FlinkApplicationProps.builder()
        .flinkVersion(FlinkVersion.V2_1)
        .image("flink:2.1")
        .jarUri("local:///opt/flink/usrlib/job.jar")
        .taskManagers(2)
        .taskSlots(2);
  }

  private static List<HasMetadata> build(FlinkApplicationProps.Builder b) {
    return ApplicationManifests.build(ClusterValidator.validate(b.build(), "app", () -> "chart/app"));
  }

  private static List<Problem> problems(UnaryOperator<FlinkApplicationProps.Builder> change) {
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> ClusterValidator.validate(change.apply(app()).build(), "app", () -> "chart/app"));
    assertThat(e).as("expected a validation problem").isNotNull();
    return e.problems();
  }

  private static Problem only(UnaryOperator<FlinkApplicationProps.Builder> change) {
    List<Problem> p = problems(change);
    assertThat(p).hasSize(1);
    return p.get(0);
  }

  private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static String config(List<HasMetadata> objects) {
    ConfigMap cm = find(objects, ConfigMap.class, "app-config");
    return cm.getData().getOrDefault("config.yaml", cm.getData().get("flink-conf.yaml"));
  }

  private static PodSpec pod(List<HasMetadata> objects, String name) {
    return find(objects, StatefulSet.class, name).getSpec().getTemplate().getSpec();
  }

  private static Container flink(List<HasMetadata> objects, String name) {
    return pod(objects, name).getContainers().get(0);
  }

  private static List<String> envNames(Container c) {
    return c.getEnv().stream().map(EnvVar::getName).toList();
  }

  // --- REST exposure -------------------------------------------------------------------------

  @Test
  void theRuntimeControllerReachesRestThroughTheNetworkPolicy() {
    NetworkPolicy np = find(build(app()), NetworkPolicy.class, "app");
    var rest = np.getSpec().getIngress().stream()
        .filter(r -> r.getPorts() != null && !r.getPorts().isEmpty() && r.getPorts().get(0).getPort().getIntVal() == 8081)
        .findFirst().orElseThrow();
    assertThat(rest.getFrom()).anySatisfy(peer -> {
      assertThat(peer.getNamespaceSelector()).isNotNull();
      assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "flinkstack-system");
      assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "flinkstack-controller");
    });
    NetworkPolicy other = find(build(app().runtimeControllerNamespace("platform")), NetworkPolicy.class, "app");
    assertThat(other.getSpec().getIngress()).anySatisfy(r -> assertThat(r.getFrom()).anySatisfy(peer ->
        assertThat(peer.getNamespaceSelector() == null ? Map.of() : peer.getNamespaceSelector().getMatchLabels())
            .containsEntry("kubernetes.io/metadata.name", "platform")));
    assertThat(only(b -> b.runtimeControllerNamespace("Platform")).field()).isEqualTo("runtimeControllerNamespace");
  }

  @Test
  void exposingRestOutsideTheClusterNeedsAProtection() {
    Problem nodePort = only(b -> b.restService(RestService.nodePort(30081))
        .restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8"))));
    assertThat(nodePort.field()).isEqualTo("restService");
    assertThat(nodePort.message()).contains("no authentication", "RestProtection.unauthenticated()");
    // The NetworkPolicy admits NodePort clients only by address.
    Problem noCidr = only(b -> b.restService(RestService.loadBalancer().protectedBy(RestProtection.unauthenticated())));
    assertThat(noCidr.field()).isEqualTo("restAccess");
    assertThat(noCidr.message()).contains("NetworkAccess.cidr(");
    build(app().restService(RestService.loadBalancer().protectedBy(RestProtection.authenticatedBy("the LB's mTLS")))
        .restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8"))));
    build(app().networkPolicy(false).restService(RestService.nodePort().protectedBy(RestProtection.unauthenticated())));

    Problem ingress = only(b -> b.restIngress(RestIngress.builder().host("flink.example.com").path("/").build()));
    assertThat(ingress.field()).isEqualTo("restIngress");
    assertThat(ingress.message()).contains("nginx.ingress.kubernetes.io/auth-url");
    build(app().restIngress(RestIngress.builder().host("flink.example.com").path("/")
        .annotations(Map.of("nginx.ingress.kubernetes.io/auth-url", "https://sso/auth")).build()));
    build(app().restIngress(RestIngress.builder().host("flink.example.com").path("/")
        .protectedBy(RestProtection.unauthenticated()).build()));
  }

  @Test
  void applicationsTurnWebSubmissionOff() {
    assertThat(config(build(app()))).containsPattern("web.submit.enable: \"?false\"?\n");
    assertThat(config(build(app().flinkConfiguration(Map.of("web.submit.enable", "true")))))
        .containsPattern("web.submit.enable: \"?true\"?\n");
  }

  // --- HA -----------------------------------------------------------------------------------

  @Test
  void aFileSystemTheImageBringsIsAcceptedAndNothingIsEnabledForIt() {
    // Flink's own HA docs use hdfs:///flink/recovery; flinkstack cannot enable HDFS, the image can.
    List<HasMetadata> o = build(app().jobManagerReplicas(2).highAvailability(HighAvailability.builder().build())
        .stateStorage(StateStorage.providedByImage("hdfs:///flink/app")));
    assertThat(config(o)).contains("execution.checkpointing.dir: hdfs:///flink/app/checkpoints",
        "high-availability.storageDir: hdfs:///flink/app/ha");
    assertThat(pod(o, "app-jobmanager").getInitContainers()).isEmpty();
    assertThat(pod(o, "app-taskmanager").getVolumes()).noneMatch(v -> v.getName().startsWith("plugin-"));
    // Without the declaration, hdfs:// is refused with the way to declare it.
    assertThat(only(b -> b.stateStorage(StateStorage.objectStore("hdfs:///flink/app"))).message())
        .contains("StateStorage.providedByImage(");
    assertThat(only(b -> b.highAvailability(HighAvailability.builder().storageDir("hdfs:///flink/ha").build())).message())
        .contains("StateStorage.providedByImage(\"hdfs://...\")");
    // A pod's own disk is no shared file system, whatever the image brings.
    assertThat(only(b -> b.stateStorage(StateStorage.providedByImage("file:///state"))).field())
        .isEqualTo("stateStorage.baseUri");
  }

  @Test
  void haConfiguresFlinkRbacAndStandbyJobManagers() {
    List<HasMetadata> o = build(app().jobManagerReplicas(2).highAvailability(HighAvailability.kubernetes("s3://b/ha")));
    assertThat(config(o)).contains("high-availability.type: kubernetes", "high-availability.storageDir: s3://b/ha",
        "kubernetes.cluster-id: app", "restart-strategy.type: fixed-delay", "restart-strategy.fixed-delay.attempts: \"10\"");
    assertThat(find(o, StatefulSet.class, "app-jobmanager").getSpec().getReplicas()).isEqualTo(2);
    // The pod IP as a dynamic property: 2.0 removed standalone-job's --host, and -D is accepted by every version.
    assertThat(flink(o, "app-jobmanager").getArgs()).startsWith("standalone-job",
        "-D", "kubernetes.namespace=$(POD_NAMESPACE)", "-D", "jobmanager.rpc.address=$(POD_IP)").doesNotContain("--host");
    assertThat(envNames(flink(o, "app-jobmanager"))).contains("POD_IP", "POD_NAMESPACE");
    assertThat(flink(o, "app-taskmanager").getArgs()).containsSequence("-D", "kubernetes.namespace=$(POD_NAMESPACE)");
    Role role = find(o, Role.class, "app-ha");
    assertThat(role.getRules()).extracting(r -> r.getApiGroups().get(0) + "/" + r.getResources().get(0))
        .containsExactly("/configmaps", "coordination.k8s.io/leases");
    assertThat(role.getRules()).allSatisfy(r -> assertThat(r.getVerbs())
        .containsExactly("get", "list", "watch", "create", "update", "patch", "delete").doesNotContain("*"));
    RoleBinding binding = find(o, RoleBinding.class, "app-ha");
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("app");
    assertThat(find(o, ServiceAccount.class, "app").getAutomountServiceAccountToken()).isTrue();
    assertThat(pod(o, "app-taskmanager").getAutomountServiceAccountToken()).isTrue();
    assertThat(find(o, PodDisruptionBudget.class, "app-jobmanager").getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    // An unready pod (crash-looping, or not yet verified by the runtime controller) never holds up a node drain.
    assertThat(all(o, PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName() + " " + p.getSpec().getUnhealthyPodEvictionPolicy())
        .containsExactlyInAnyOrder("app-jobmanager AlwaysAllow", "app-taskmanager AlwaysAllow");
  }

  @Test
  void haKeysFollowTheFlinkVersion() {
    String legacy = config(build(app().flinkVersion(FlinkVersion.V1_16).jarUri("local:///opt/flink/usrlib/job.jar")
        .highAvailability(HighAvailability.kubernetes("s3://b/ha"))));
    assertThat(legacy).contains("high-availability: kubernetes\n", "restart-strategy: fixed-delay\n");
  }

  @Test
  void withoutHaNothingTalksToTheApiServer() {
    List<HasMetadata> o = build(app());
    assertThat(find(o, ServiceAccount.class, "app").getAutomountServiceAccountToken()).isFalse();
    assertThat(pod(o, "app-jobmanager").getAutomountServiceAccountToken()).isFalse();
    assertThat(all(o, Role.class)).isEmpty();
    assertThat(all(o, PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName()).containsExactly("app-taskmanager");
  }

  @Test
  void haStorageDefaultsToTheStateStorage() {
    String c = config(build(app().highAvailability(HighAvailability.builder().build())
        .stateStorage(StateStorage.objectStore("gs://bucket/flink/"))));
    assertThat(c).contains("high-availability.storageDir: gs://bucket/flink/ha");
  }

  @Test
  void haValidation() {
    assertThat(only(b -> b.jobManagerReplicas(2)).message()).contains("need high availability");
    assertThat(only(b -> b.highAvailability(HighAvailability.builder().build())).field()).isEqualTo("highAvailability.storageDir");
    assertThat(only(b -> b.highAvailability(HighAvailability.kubernetes("bucket/ha"))).message()).contains("not a URI with a scheme");
    assertThat(only(b -> b.highAvailability(HighAvailability.kubernetes("file:///data/ha"))).message()).contains("standby JobManager cannot read");
    assertThat(only(b -> b.highAvailability(HighAvailability.builder().storageDir("s3://b").clusterId("x".repeat(46)).build())).field())
        .isEqualTo("highAvailability.clusterId");
    assertThat(only(b -> b.highAvailability(HighAvailability.builder().storageDir("s3://b").restartDelay("soon").build())).field())
        .isEqualTo("highAvailability.restartDelay");
    // file:// on the shared state volume is reachable from every JobManager.
    build(app().highAvailability(HighAvailability.kubernetes("file:///flink-state/ha")).stateStorage(StateStorage.sharedVolume("10Gi", "nfs")));
  }

  // --- local recovery --------------------------------------------------------------------------

  @Test
  void localRecoveryGivesEachTaskManagerAVolumeAndAStableId() {
    List<HasMetadata> o = build(app().localRecovery(LocalRecovery.builder().size("20Gi").storageClass("ssd").build()));
    StatefulSet tm = find(o, StatefulSet.class, "app-taskmanager");
    PersistentVolumeClaim claim = tm.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo("flink-data");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("ssd");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20480Mi");
    assertThat(tm.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    Container c = flink(o, "app-taskmanager");
    assertThat(c.getArgs()).containsSequence("-D", "taskmanager.resource-id=$(POD_NAME)");
    assertThat(c.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
    assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/flink-data"));
    assertThat(config(o)).contains("execution.checkpointing.local-backup.enabled: \"true\"",
        "execution.state-recovery.from-local: \"true\"", "process.taskmanager.working-dir: /flink-data/working-dir");
    assertThat(find(o, StatefulSet.class, "app-jobmanager").getSpec().getVolumeClaimTemplates()).isEmpty();
  }

  @Test
  void localRecoveryKeyFollowsTheFlinkVersion() {
    assertThat(config(build(app().flinkVersion(FlinkVersion.V1_20).localRecovery(LocalRecovery.withVolume("1Gi")))))
        .contains("state.backend.local-recovery: \"true\"").doesNotContain("from-local");
  }

  @Test
  void localRecoveryValidation() {
    assertThat(only(b -> b.flinkConfiguration(Map.of("execution.state-recovery.from-local", "true"))).message())
        .contains("needs a volume").contains("LocalRecovery");
    assertThat(only(b -> b.localRecovery(LocalRecovery.withVolume("lots"))).field()).isEqualTo("localRecovery.size");
    assertThat(only(b -> b.localRecovery(LocalRecovery.builder().size("1Gi").accessMode("ReadWriteMany").build()))
        .field()).isEqualTo("localRecovery.accessMode");
    assertThat(only(b -> b.localRecovery(LocalRecovery.withVolume("1Gi"))
        .flinkConfiguration(Map.of("process.taskmanager.working-dir", "/tmp/work"))).message())
        .contains("not on the local-recovery volume");
  }

  // --- state storage ----------------------------------------------------------------------------

  @Test
  void objectStoreGetsItsPluginAndSecretCredentials() {
    List<HasMetadata> o = build(app().stateStorage(StateStorage.objectStore("s3://bucket/app",
        StorageCredentials.s3("s3-keys", "id", "secret"))));
    assertThat(config(o)).contains("execution.checkpointing.dir: s3://bucket/app/checkpoints",
        "execution.checkpointing.savepoint-dir: s3://bucket/app/savepoints");
    for (String workload : List.of("app-jobmanager", "app-taskmanager")) {
      PodSpec pod = pod(o, workload);
      assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("enable-flink-s3-fs-hadoop");
      assertThat(pod.getContainers().get(0).getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/opt/flink/plugins/flink-s3-fs-hadoop"));
      assertThat(pod.getContainers().get(0).getEnv()).filteredOn(e -> e.getName().startsWith("AWS_"))
          .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-keys"));
    }
    assertThat(ManifestJson.write(o)).doesNotContain("secret-access-key-value");
  }

  @Test
  void stateDirectoriesFollowTheFlinkVersion() {
    // 1.20 deprecated the state.* names (FLIP-406): the current ones from 1.20, the old ones before.
    assertThat(config(build(app().flinkVersion(FlinkVersion.V1_20).stateStorage(StateStorage.objectStore("gs://b/x")))))
        .contains("execution.checkpointing.dir: gs://b/x/checkpoints", "execution.checkpointing.savepoint-dir: gs://b/x/savepoints")
        .doesNotContain("state.checkpoints.dir");
    assertThat(config(build(app().flinkVersion(FlinkVersion.V1_19).stateStorage(StateStorage.objectStore("gs://b/x")))))
        .contains("state.checkpoints.dir: gs://b/x/checkpoints", "state.savepoints.dir: gs://b/x/savepoints");
  }

  @Test
  void gcsAndAzureCredentials() {
    List<HasMetadata> gcs = build(app().stateStorage(StateStorage.objectStore("gs://b/x", StorageCredentials.gcs("gcs-key", "key.json"))));
    assertThat(envNames(flink(gcs, "app-taskmanager"))).contains("GOOGLE_APPLICATION_CREDENTIALS");
    assertThat(pod(gcs, "app-taskmanager").getVolumes()).anySatisfy(v -> assertThat(v.getSecret()).isNotNull());
    List<HasMetadata> azure = build(app().stateStorage(StateStorage.objectStore("abfss://c@acct.dfs.core.windows.net/x",
        StorageCredentials.azure("azure-key", "key", "acct"))));
    assertThat(flink(azure, "app-jobmanager").getArgs())
        .containsSequence("-D", "fs.azure.account.key.acct.dfs.core.windows.net=$(AZURE_STORAGE_KEY)");
    assertThat(config(azure)).doesNotContain("account.key");
  }

  @Test
  void sharedVolumeIsMountedOnEveryFlinkPod() {
    List<HasMetadata> o = build(app().stateStorage(StateStorage.sharedVolume("100Gi", "nfs")));
    PersistentVolumeClaim claim = find(o, PersistentVolumeClaim.class, "app-state");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    for (String workload : List.of("app-jobmanager", "app-taskmanager")) {
      assertThat(flink(o, workload).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/flink-state"));
    }
    assertThat(config(o)).contains("execution.checkpointing.dir: file:///flink-state/checkpoints");
  }

  @Test
  void stateStorageValidation() {
    Problem rwo = only(b -> b.stateStorage(StateStorage.existingClaim("state", "ReadWriteOnce")));
    assertThat(rwo.field()).isEqualTo("stateStorage.accessMode");
    assertThat(rwo.message()).contains("TaskManagers write their own checkpoint data").contains("ReadWriteMany");
    assertThat(only(b -> b.flinkConfiguration(Map.of("execution.checkpointing.dir", "file:///checkpoints"))).message())
        .contains("every TaskManager writes");
    assertThat(only(b -> b.stateStorage(StateStorage.objectStore("hdfs://nn/x"))).field()).isEqualTo("stateStorage.baseUri");
    assertThat(only(b -> b.stateStorage(StateStorage.objectStore("gs://b", StorageCredentials.s3("k", "a", "b")))).message())
        .contains("StorageCredentials.gcs");
    assertThat(only(b -> b.stateStorage(StateStorage.sharedVolume("huge", null))).field()).isEqualTo("stateStorage.size");
  }

  @Test
  void secretsNeverGoInThePlainConfiguration() {
    for (String key : List.of("s3.secret-key", "s3.access-key", "fs.azure.account.key.acct.dfs.core.windows.net",
        "security.ssl.rest.keystore-password", "metrics.reporter.x.token")) {
      Problem p = only(b -> b.flinkConfiguration(Map.of(key, "x")));
      assertThat(p.field()).isEqualTo("flinkConfiguration." + key);
      assertThat(p.message()).contains("Kubernetes Secret");
    }
  }

  // --- autoscaling -------------------------------------------------------------------------------

  @Test
  void autoscalerOwnsTheTaskManagerCount() {
    List<HasMetadata> o = build(app().autoscaling(HpaAutoscaler.builder().minReplicas(2).maxReplicas(6)
        .memoryUtilization(80).metrics(List.of(AutoscalingMetric.external("kafka_consumergroup_lag",
            Map.of("topic", "orders"), "1000"))).build()));
    HorizontalPodAutoscaler hpa = find(o, HorizontalPodAutoscaler.class, "app-taskmanager");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("app-taskmanager");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(hpa.getSpec().getMetrics()).extracting("type").containsExactly("Resource", "Resource", "External");
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(60);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(300);
    assertThat(find(o, StatefulSet.class, "app-taskmanager").getSpec().getReplicas()).isNull();
    assertThat(ManifestJson.MAPPER.valueToTree(find(o, StatefulSet.class, "app-taskmanager")).path("spec").has("replicas")).isFalse();
    // The API server defaults the missing field, so the controller learns who owns the count from this mark.
    assertThat(find(o, StatefulSet.class, "app-taskmanager").getMetadata().getAnnotations())
        .containsEntry(ReplicasOwner.ANNOTATION, "HorizontalPodAutoscaler/app-taskmanager");
    assertThat(find(o, StatefulSet.class, "app-jobmanager").getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(config(o)).contains("jobmanager.scheduler: adaptive", "parallelism.default: \"12\"");
  }

  @Test
  void reactiveModeAndDefaultScheduler() {
    assertThat(config(build(app().scheduler(Scheduler.REACTIVE)))).contains("scheduler-mode: reactive");
    assertThat(config(build(app()))).doesNotContain("jobmanager.scheduler").doesNotContain("scheduler-mode");
  }

  @Test
  void autoscalingValidation() {
    Problem p = only(b -> b.parallelism(13).autoscaling(HpaAutoscaler.builder().maxReplicas(6).build()));
    assertThat(p.message()).contains("autoscaling.maxReplicas × taskSlots = 6 × 2").contains("raise autoscaling.maxReplicas to 7");
    assertThat(only(b -> b.autoscaling(HpaAutoscaler.builder().minReplicas(5).maxReplicas(3).build())).field())
        .isEqualTo("autoscaling.maxReplicas");
    assertThat(only(b -> b.autoscaling(HpaAutoscaler.builder().maxReplicas(3).cpuUtilization(0).build())).field())
        .isEqualTo("autoscaling.cpuUtilization");
    assertThat(only(b -> b.autoscaling(HpaAutoscaler.builder().maxReplicas(3).cpuUtilization(null).build())).message())
        .contains("no metric to scale on");
    assertThat(only(b -> b.autoscaling(HpaAutoscaler.builder().maxReplicas(3)
        .metrics(List.of(AutoscalingMetric.pods("lag", "a lot"))).build())).field()).isEqualTo("autoscaling.metrics[0].averageValue");
  }

  // --- security, placement, exposure --------------------------------------------------------------

  @Test
  void podsMeetTheRestrictedProfileAndWritableFilesAreOnEmptyDirs() {
    List<HasMetadata> o = build(app());
    for (String workload : List.of("app-jobmanager", "app-taskmanager")) {
      PodSpec pod = pod(o, workload);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(9999L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      Container c = pod.getContainers().get(0);
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getVolumeMounts()).extracting("mountPath").contains("/tmp", "/opt/flink/log");
    }
  }

  @Test
  void networkPolicyAdmitsInternalTrafficAndConfiguredPeers() {
    NetworkPolicy np = find(build(app().restAccess(List.of(NetworkAccess.cidr("10.0.0.0/8"),
        NetworkAccess.namespaces(Map.of("team", "ops"))))), NetworkPolicy.class, "app");
    assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "app");
    assertThat(np.getSpec().getIngress()).hasSize(3);
    assertThat(np.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/instance", "app");
    assertThat(np.getSpec().getIngress().get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(8081);
    // The configured peers, then the runtime controller (its pods in its namespace).
    assertThat(np.getSpec().getIngress().get(1).getFrom()).extracting(f -> f.getIpBlock() != null ? f.getIpBlock().getCidr()
            : f.getPodSelector() != null ? "controller" : "ns")
        .containsExactly("10.0.0.0/8", "ns", "controller");
    assertThat(all(build(app().networkPolicy(false)), NetworkPolicy.class)).isEmpty();
    assertThat(only(b -> b.restAccess(List.of(NetworkAccess.cidr("everyone")))).field()).isEqualTo("restAccess[0]");
  }

  @Test
  void placementReachesEveryPodAndSpreadsTaskManagers() {
    List<HasMetadata> o = build(app().placement(Placement.builder().nodeSelector(Map.of("pool", "flink"))
        .tolerations(List.of(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("flink")
            .withEffect("NoSchedule").build()))
        .spreadAcrossZones(true).priorityClassName("high").build()));
    for (String workload : List.of("app-jobmanager", "app-taskmanager")) {
      PodSpec pod = pod(o, workload);
      assertThat(pod.getNodeSelector()).containsEntry("pool", "flink");
      assertThat(pod.getTolerations()).hasSize(1);
      assertThat(pod.getPriorityClassName()).isEqualTo("high");
    }
    assertThat(pod(o, "app-taskmanager").getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(pod(o, "app-taskmanager").getTopologySpreadConstraints()).hasSize(1);
    assertThat(pod(o, "app-jobmanager").getAffinity()).isNull();
  }

  @Test
  void ingressRoutesToTheRestService() {
    Ingress ingress = find(build(app().restIngress(RestIngress.builder().host("flink.example.com").ingressClassName("nginx")
        .protectedBy(RestProtection.unauthenticated())
        .tlsSecretName("tls").build())), Ingress.class, "app-rest");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
        .isEqualTo("app-rest");
    assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly("flink.example.com");
    assertThat(only(b -> b.restIngress(RestIngress.builder().host("not a host").protectedBy(RestProtection.unauthenticated())
        .build())).field()).isEqualTo("restIngress.host");
  }

  @Test
  void extraVolumesSidecarsAndAnnotations() {
    List<HasMetadata> o = build(app()
        .sidecars(List.of(new ContainerBuilder().withName("log-shipper").withImage("fluent-bit:3").build()))
        .podAnnotations(Map.of("team", "data")));
    assertThat(pod(o, "app-taskmanager").getContainers()).extracting(Container::getName).containsExactly("taskmanager", "log-shipper");
    assertThat(find(o, StatefulSet.class, "app-jobmanager").getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("team", "data");
    assertThat(only(b -> b.sidecars(List.of(new ContainerBuilder().withName("taskmanager").build()))).field()).isEqualTo("sidecars[0]");
  }

  @Test
  void podTemplateMergesByNameAndDeterministically() {
    var template = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("team", "data").endMetadata()
        .withNewSpec()
        .addNewContainer().withName("taskmanager").addNewEnv().withName("EXTRA").withValue("1").endEnv().endContainer()
        .addNewContainer().withName("sidecar").withImage("busybox").endContainer()
        .withTerminationGracePeriodSeconds(120L)
        .endSpec()
        .build();
    List<HasMetadata> o = build(app().taskManagerPodTemplate(template).env(Map.of("BASE", "x")));
    PodSpec pod = pod(o, "app-taskmanager");
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("taskmanager", "sidecar");
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("flink:2.1");
    assertThat(envNames(pod.getContainers().get(0))).containsExactly("BASE", "EXTRA");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(120L);
    assertThat(find(o, StatefulSet.class, "app-taskmanager").getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "data").containsEntry("app.kubernetes.io/instance", "app");
    assertThat(pod(o, "app-jobmanager").getContainers()).hasSize(1);
    String first = ManifestJson.write(o);
    assertThat(ManifestJson.write(build(app().taskManagerPodTemplate(template).env(Map.of("BASE", "x"))))).isEqualTo(first);
  }
}
