package io.flinkstack.stacks;

import static io.flinkstack.stacks.FlinkStackTest.DEV;
import static io.flinkstack.stacks.FlinkStackTest.assertRegisteredExactly;
import static io.flinkstack.stacks.FlinkStackTest.list;
import static io.flinkstack.stacks.FlinkStackTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stack's keys for state storage, resources, autoscaling, the Ingress and the runtime controller: each run
 * registers exactly what the constructs synthesize for the equivalent props ({@link FlinkStackTest}'s own reading
 * of the keys), and the spot checks show the keys took effect.
 */
class FlinkStackAreasTest {
  private static final String NAME = DEV.get("flinkstack:name");
  private static final String NAMESPACE = DEV.get("flinkstack:namespace");

  /** Runs the stack: no errors, and exactly the objects the constructs synthesize for the same keys. */
  private static MockStack.Run runExactly(Map<String, String> config) {
    MockStack.Run run = MockStack.run(config, FlinkStack::define);
    assertThat(run.result().errors()).isEmpty();
    assertRegisteredExactly(run, config);
    return run;
  }

  @Test
  void anObjectStoreHoldsCheckpointsAndSavepoints() {
    Map<String, String> config = dev();
    config.put("flinkstack:stateStorage", "s3://flink-dev/wordcount");

    MockStack.Run run = runExactly(config);
    assertThat(flinkConfig(run)).contains("s3://flink-dev/wordcount/checkpoints", "s3://flink-dev/wordcount/savepoints");
  }

  @Test
  void aSharedVolumeHoldsCheckpointsAndSavepoints() {
    Map<String, String> config = dev();
    config.put("flinkstack:stateStorageVolumeSize", "50Gi");
    config.put("flinkstack:stateStorageClass", "nfs-client");

    MockStack.Run run = runExactly(config);
    Map<String, Object> claim = map(run.find("PersistentVolumeClaim", resource(NAME + "-state")).inputs().get("spec"));
    assertThat(claim.get("storageClassName")).isEqualTo("nfs-client");
    assertThat(flinkConfig(run)).contains("file:///flink-state/checkpoints");
  }

  @Test
  void resourcesReachTheContainersAndAMissingHalfKeepsTheDefault() {
    Map<String, String> config = dev();
    config.put("flinkstack:jobManagerMemory", "3g");
    config.remove("flinkstack:jobManagerCpu");
    config.remove("flinkstack:taskManagerMemory");
    config.put("flinkstack:taskManagerCpu", "2.5");

    MockStack.Run run = runExactly(config);
    assertThat(cpuRequest(run, NAME + "-taskmanager")).isEqualTo("2500m");
    // The halves left out are the constructs' defaults, as without any resource key.
    MockStack.Run defaults = MockStack.run(without(config, "flinkstack:jobManagerMemory", "flinkstack:taskManagerCpu"),
        FlinkStack::define);
    assertThat(cpuRequest(run, NAME + "-jobmanager")).isEqualTo(cpuRequest(defaults, NAME + "-jobmanager"));
    assertThat(memoryLimit(run, NAME + "-taskmanager")).isEqualTo(memoryLimit(defaults, NAME + "-taskmanager"));
    assertThat(memoryLimit(run, NAME + "-jobmanager")).isNotEqualTo(memoryLimit(defaults, NAME + "-jobmanager"));
  }

  @Test
  void autoscalingRegistersAnHpaAndLeavesTheTaskManagerCountToIt() {
    Map<String, String> config = without(dev(), "flinkstack:taskManagers", "flinkstack:parallelism");
    config.put("flinkstack:autoscalingMinTaskManagers", "2");
    config.put("flinkstack:autoscalingMaxTaskManagers", "6");
    config.put("flinkstack:autoscalingCpuUtilization", "75");

    MockStack.Run run = runExactly(config);
    Map<String, Object> hpa = map(run.find("HorizontalPodAutoscaler", resource(NAME + "-taskmanager"))
        .inputs().get("spec"));
    assertThat(((Number) hpa.get("minReplicas")).intValue()).isEqualTo(2);
    assertThat(((Number) hpa.get("maxReplicas")).intValue()).isEqualTo(6);
    MockStack.Registration taskManagers = run.find("StatefulSet", resource(NAME + "-taskmanager"));
    assertThat(taskManagers.ignoreChanges()).containsExactly(FlinkApplicationComponent.REPLICAS);
    assertThat(map(taskManagers.inputs().get("spec"))).doesNotContainKey("replicas");
    assertThat(run.find("StatefulSet", resource(NAME + "-jobmanager")).ignoreChanges()).isEmpty();
  }

  @Test
  void anIngressPublishesTheRestApiUnderItsHost() {
    Map<String, String> config = dev();
    config.put("flinkstack:ingressHost", "wordcount.flink.example.com");
    config.put("flinkstack:ingressClassName", "nginx");
    config.put("flinkstack:ingressTlsSecret", "wordcount-tls");
    config.put("flinkstack:ingressAuthenticatedBy", "oauth2-proxy in front of the nginx class");
    config.put("flinkstack:ingressControllerNamespace", "ingress-system");

    MockStack.Run run = runExactly(config);
    MockStack.Registration ingress = run.kubernetes().stream().filter(r -> r.type().endsWith(":Ingress"))
        .findFirst().orElseThrow();
    Map<String, Object> spec = map(ingress.inputs().get("spec"));
    assertThat(spec.get("ingressClassName")).isEqualTo("nginx");
    assertThat(map(list(spec.get("rules")).get(0)).get("host")).isEqualTo("wordcount.flink.example.com");
    assertThat(map(list(spec.get("tls")).get(0)).get("secretName")).isEqualTo("wordcount-tls");
    assertThat(networkPolicy(run)).contains("ingress-system");
  }

  @Test
  void anUnauthenticatedIngressIsAcceptedWhenSaidSo() {
    Map<String, String> config = dev();
    config.put("flinkstack:ingressHost", "wordcount.flink.example.com");
    config.put("flinkstack:ingressUnauthenticated", "true");

    runExactly(config);
  }

  @Test
  void theRuntimeControllerIsDeployedWithTheApplicationAndAdmittedToItsRestApi() {
    Map<String, String> config = dev();
    config.put("flinkstack:runtimeController", "true");
    config.put("flinkstack:runtimeControllerImage", "registry.example.com/flinkstack-controller:0.1.0");
    config.put("flinkstack:runtimeControllerNamespace", "flink-controllers");

    MockStack.Run run = runExactly(config);
    MockStack.Registration deployment = run.find("Deployment", NAME + "/flink-controllers/flinkstack-controller");
    assertThat(map(deployment.inputs().get("metadata")).get("namespace")).isEqualTo("flink-controllers");
    // It watches the application's namespace only: a Role there, nothing cluster-wide.
    run.find("Role", resource("flinkstack-controller"));
    assertThat(run.kubernetes()).extracting(MockStack.Registration::type)
        .doesNotContain("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
    run.find("ValidatingAdmissionPolicy", NAME + "/flinkstack-controller-statefulset-writes");
    // The cluster's NetworkPolicy admits the controller's namespace, which no default names.
    assertThat(networkPolicy(run)).contains("flink-controllers");
    assertOutputs(run);
  }

  @Test
  void theRuntimeControllerRunsInTheApplicationsNamespaceByDefault() {
    Map<String, String> config = dev();
    config.put("flinkstack:runtimeController", "true");
    config.put("flinkstack:runtimeControllerImage", "registry.example.com/flinkstack-controller:0.1.0");

    MockStack.Run run = runExactly(config);
    run.find("Deployment", resource("flinkstack-controller"));
    assertThat(networkPolicy(run)).doesNotContain("flinkstack-system");
    assertOutputs(run);
  }

  @Test
  void badValuesOfTheNewKeysAreListedAtOnce() {
    Map<String, String> config = dev();
    config.put("flinkstack:stateStorage", "s3://flink-dev/wordcount");
    config.put("flinkstack:stateStorageVolumeSize", "50Gi");
    config.put("flinkstack:jobManagerCpu", "one");
    config.put("flinkstack:autoscalingMinTaskManagers", "2");
    config.put("flinkstack:ingressHost", "wordcount.flink.example.com");
    config.put("flinkstack:runtimeController", "true");
    config.put("flinkstack:runtimeControllerNamespace", "Controllers");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().exitCode()).isNotZero();
    assertThat(run.result().errors()).hasSize(1);
    assertThat(run.result().errors().get(0).lines().toList()).containsExactly(
        "flinkstack:stateStorageVolumeSize: a shared volume and an object store (flinkstack:stateStorage) are two"
            + " places for the same state; keep one",
        "flinkstack:jobManagerCpu: expected a number (e.g. 1 or 0.5), got \"one\"",
        "flinkstack:autoscalingMinTaskManagers: is only used with autoscaling; set"
            + " flinkstack:autoscalingMaxTaskManagers or remove it",
        "flinkstack:ingressHost: publishes Flink's REST API, which has no authentication and runs any job it is"
            + " sent; say what protects it with `pulumi config set flinkstack:ingressAuthenticatedBy \"<what"
            + " authenticates every request>\"`, or set flinkstack:ingressUnauthenticated to true to accept that"
            + " anyone who reaches it can run code",
        "flinkstack:runtimeControllerImage: required with the runtime controller (flinkstack builds no controller"
            + " image); set it with `pulumi config set flinkstack:runtimeControllerImage <value>`",
        "flinkstack:runtimeControllerNamespace: \"Controllers\" is not a Kubernetes namespace name (lower-case"
            + " letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)");
    assertThat(run.kubernetes()).isEmpty();
  }

  @Test
  void keysThatNeedAnotherKeyNameIt() {
    Map<String, String> config = dev();
    config.put("flinkstack:autoscalingMaxTaskManagers", "6");
    config.put("flinkstack:stateStorageClass", "nfs-client");
    config.put("flinkstack:ingressTlsSecret", "wordcount-tls");
    config.put("flinkstack:runtimeControllerImage", "registry.example.com/flinkstack-controller:0.1.0");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().errors().get(0).lines().toList()).containsExactly(
        "flinkstack:stateStorageClass: is only used with a shared state volume; set"
            + " flinkstack:stateStorageVolumeSize or remove it",
        "flinkstack:taskManagers: is ignored under autoscaling (the HorizontalPodAutoscaler sets the count, between"
            + " flinkstack:autoscalingMinTaskManagers and flinkstack:autoscalingMaxTaskManagers); remove it",
        "flinkstack:ingressTlsSecret: is only used with an Ingress; set flinkstack:ingressHost or remove it",
        "flinkstack:runtimeControllerImage: is only used with the runtime controller; set"
            + " flinkstack:runtimeController to true or remove it");
  }

  @Test
  void theConstructsJudgeTheValuesThemselves() {
    Map<String, String> config = dev();
    config.put("flinkstack:stateStorage", "ftp://flink-dev/wordcount");
    config.put("flinkstack:taskManagerMemory", "lots");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().exceptions())
        .anySatisfy(e -> assertThat(e).isInstanceOf(InvalidFlinkApplicationException.class));
    assertThat(run.result().errors()).hasSize(1);
    assertThat(run.result().errors().get(0)).contains("stateStorage", "ftp://", "taskManager.memory", "lots");
    assertThat(run.kubernetes()).isEmpty();
  }

  private static void assertOutputs(MockStack.Run run) {
    assertThat(run.output("namespace")).isEqualTo(NAMESPACE);
    assertThat(run.output("restServiceName")).isEqualTo(NAME + "-rest");
    assertThat(run.output("jobManagerUrl")).isEqualTo("http://" + NAME + "-rest." + NAMESPACE + ".svc:8081");
    assertThat(run.output("jobManagerStatefulSetName")).isEqualTo(NAME + "-jobmanager");
    assertThat(run.output("taskManagerStatefulSetName")).isEqualTo(NAME + "-taskmanager");
  }

  private static Map<String, String> dev() {
    return new HashMap<>(DEV);
  }

  private static Map<String, String> without(Map<String, String> config, String... keys) {
    Map<String, String> copy = new HashMap<>(config);
    List.of(keys).forEach(copy::remove);
    return copy;
  }

  private static String resource(String objectName) {
    return NAME + "/" + NAMESPACE + "/" + objectName;
  }

  private static String flinkConfig(MockStack.Run run) {
    return (String) map(run.find("ConfigMap", resource(NAME + "-config")).inputs().get("data")).get("config.yaml");
  }

  private static String networkPolicy(MockStack.Run run) {
    return run.kubernetes().stream().filter(r -> r.type().endsWith(":NetworkPolicy")).findFirst().orElseThrow()
        .inputs().get("spec").toString();
  }

  private static Map<String, Object> resources(MockStack.Run run, String statefulSet) {
    Map<String, Object> spec = map(run.find("StatefulSet", resource(statefulSet)).inputs().get("spec"));
    List<Object> containers = list(map(map(spec.get("template")).get("spec")).get("containers"));
    return map(map(containers.stream().filter(c -> !"true".equals(String.valueOf(map(c).get("sidecar"))))
        .findFirst().orElseThrow()).get("resources"));
  }

  private static Object cpuRequest(MockStack.Run run, String statefulSet) {
    return map(resources(run, statefulSet).get("requests")).get("cpu");
  }

  private static Object memoryLimit(MockStack.Run run, String statefulSet) {
    return map(resources(run, statefulSet).get("limits")).get("memory");
  }
}
