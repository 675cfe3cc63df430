package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.constructs.HighAvailability;
import io.flinkstack.constructs.HpaAutoscaler;
import io.flinkstack.constructs.Resources;
import io.flinkstack.constructs.RestIngress;
import io.flinkstack.constructs.RestProtection;
import io.flinkstack.constructs.RuntimeController;
import io.flinkstack.constructs.RuntimeControllerProps;
import io.flinkstack.constructs.StateStorage;
import io.flinkstack.constructs.validation.ValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cdk8s.ApiObject;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.ApiObjectProps;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.junit.jupiter.api.Test;

/** The runnable stack, configured from the checked-in {@code Pulumi.dev.yaml}. */
class FlinkStackTest {
  static final Map<String, String> DEV = StackConfigFiles.load("Pulumi.dev.yaml");

  @Test
  void devStackDeploysTheConfiguredApplicationAndExportsWhereItIs() {
    // What the file says, so that editing it keeps the test honest.
    String name = DEV.get("flinkstack:name");
    String namespace = DEV.get("flinkstack:namespace");
    assertThat(name).isNotBlank();

    MockStack.Run run = MockStack.run(DEV, FlinkStack::define);

    assertThat(run.result().errors()).isEmpty();
    assertRegisteredExactly(run, DEV);
    assertThat(run.output("namespace")).isEqualTo(namespace);
    assertThat(run.output("restServiceName")).isEqualTo(name + "-rest");
    assertThat(run.output("jobManagerUrl")).isEqualTo("http://" + name + "-rest." + namespace + ".svc:8081");
    assertThat(run.output("jobManagerStatefulSetName")).isEqualTo(name + "-jobmanager");
    assertThat(run.output("taskManagerStatefulSetName")).isEqualTo(name + "-taskmanager");

    MockStack.Registration taskManagers = run.find("StatefulSet", name + "/" + namespace + "/" + name + "-taskmanager");
    Map<String, Object> spec = map(taskManagers.inputs().get("spec"));
    assertThat(((Number) spec.get("replicas")).intValue())
        .isEqualTo(Integer.parseInt(DEV.get("flinkstack:taskManagers")));
    Map<String, Object> container = map(list(map(map(spec.get("template")).get("spec")).get("containers")).get(0));
    assertThat(container.get("image")).isEqualTo(DEV.get("flinkstack:image"));
    assertThat(map(taskManagers.inputs().get("metadata")).get("namespace")).isEqualTo(namespace);
    String config = (String) map(map(run.find("ConfigMap", name + "/" + namespace + "/" + name + "-config")
        .inputs().get("data"))).get("config.yaml");
    assertThat(config).contains("parallelism.default: \"" + DEV.get("flinkstack:parallelism") + "\"",
        "taskmanager.numberOfTaskSlots: \"" + DEV.get("flinkstack:taskSlots") + "\"",
        "jobmanager.memory.process.size: " + DEV.get("flinkstack:jobManagerMemory"),
        "taskmanager.memory.process.size: " + DEV.get("flinkstack:taskManagerMemory"));

    // createNamespace: the Namespace comes first, everything else waits for it.
    assertThat(DEV.get("flinkstack:createNamespace")).isEqualTo("true");
    MockStack.Registration ns = run.find("Namespace", name + "/" + namespace);
    assertThat(ns.dependsOn()).isEmpty();
    assertThat(run.find("ServiceAccount", name + "/" + namespace + "/" + name).dependsOn())
        .containsExactly(name + "/" + namespace);
  }

  @Test
  void aMissingKeyIsNamed() {
    Map<String, String> config = new HashMap<>(DEV);
    config.remove("flinkstack:image");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().exitCode()).isNotZero();
    assertThat(run.result().errors()).containsExactly(
        "flinkstack:image: required; set it with `pulumi config set flinkstack:image <value>`");
    assertThat(run.kubernetes()).isEmpty();
  }

  @Test
  void everyConfigProblemIsListedAtOnce() {
    Map<String, String> config = new HashMap<>(DEV);
    config.remove("flinkstack:jarUri");
    config.put("flinkstack:taskSlots", "two");
    config.put("flinkstack:namespace", "Flink_Dev");
    config.put("flinkstack:createNamespace", "yes");
    config.put("flinkstack:haStorageDir", "s3://bucket/ha");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().errors()).hasSize(1);
    assertThat(run.result().errors().get(0).lines().toList()).containsExactly(
        "flinkstack:namespace: \"Flink_Dev\" is not a Kubernetes namespace name (lower-case letters, digits and '-',"
            + " at most 63 characters, starting and ending with a letter or digit)",
        "flinkstack:createNamespace: expected true or false, got \"yes\"",
        "flinkstack:jarUri: required; set it with `pulumi config set flinkstack:jarUri <value>`",
        "flinkstack:taskSlots: expected a whole number, got \"two\"",
        "flinkstack:haStorageDir: is only used with high availability; set flinkstack:ha to true or remove it");
  }

  @Test
  void flinkstacksOwnValidationMessagePassesThroughUnchanged() {
    Map<String, String> config = new HashMap<>(DEV);
    config.put("flinkstack:parallelism", "99");
    String expected = validationMessage(config);
    assertThat(expected).contains("parallelism: 99 is more than the 4 slots");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().exitCode()).isNotZero();
    assertThat(run.result().errors()).containsExactly(expected); // the message alone: no stack trace
    assertThat(run.result().exceptions())
        .anySatisfy(e -> assertThat(e).isInstanceOf(InvalidFlinkApplicationException.class));
    assertThat(run.kubernetes()).isEmpty();
  }

  @Test
  void highAvailabilityIsPassedToTheConstructs() {
    Map<String, String> config = new HashMap<>(DEV);
    config.put("flinkstack:ha", "true");
    config.put("flinkstack:haStorageDir", "s3://flink-dev/wordcount/ha");
    config.put("flinkstack:jobManagerReplicas", "2");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().errors()).isEmpty();
    assertRegisteredExactly(run, config);
    assertThat(run.kubernetes()).extracting(MockStack.Registration::type)
        .contains("kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
  }

  @Test
  void highAvailabilityWithoutStorageFailsWithTheConstructsOwnMessage() {
    Map<String, String> config = new HashMap<>(DEV);
    config.put("flinkstack:ha", "true");
    String expected = validationMessage(config);
    assertThat(expected).contains("highAvailability.storageDir");

    MockStack.Run run = MockStack.run(config, FlinkStack::define);

    assertThat(run.result().errors()).containsExactly(expected);
  }

  /** The registered objects are exactly what the constructs synthesize for the configured props. */
  static void assertRegisteredExactly(MockStack.Run run, Map<String, String> config) {
    String name = config.get("flinkstack:name");
    String namespace = config.get("flinkstack:namespace");
    FlinkApplicationProps props = propsOf(config);
    Map<String, Object> expected = new TreeMap<>();
    for (JsonNode o : Manifests.synthesize(app -> {
      if (Boolean.parseBoolean(config.get("flinkstack:createNamespace"))) {
        new ApiObject(new Chart(app, "ns"), "ns", ApiObjectProps.builder().apiVersion("v1").kind("Namespace")
            .metadata(ApiObjectMetadata.builder().name(namespace).build()).build());
      }
      if (Boolean.parseBoolean(config.get("flinkstack:runtimeController"))) {
        // Declared first, in a chart without a namespace, as the runtime-controller guide says.
        new RuntimeController(new Chart(app, "controller"), "controller", RuntimeControllerProps.builder()
            .image(config.get("flinkstack:runtimeControllerImage"))
            .namespace(config.getOrDefault("flinkstack:runtimeControllerNamespace", namespace))
            .watchNamespaces(List.of(namespace))
            .build());
      }
      new FlinkApplication(new Chart(app, name, ChartProps.builder().namespace(namespace).build()), name, props);
    })) {
      expected.put(Manifests.key(o), Normalized.of(o));
    }
    Map<String, Object> registered = new TreeMap<>();
    run.kubernetes().forEach(r -> registered.put(Manifests.key(r), Normalized.of(r.inputs())));
    assertThat(registered.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((key, object) -> assertThat(registered.get(key)).as(key).isEqualTo(object));
  }

  /** The props the stack should build from {@code config}: this test's own reading of the keys. */
  static FlinkApplicationProps propsOf(Map<String, String> config) {
    FlinkApplicationProps.Builder props = FlinkApplicationProps.builder()
        .name(config.get("flinkstack:name"))
        .flinkVersion(config.get("flinkstack:flinkVersion"))
        .image(config.get("flinkstack:image"))
        .jarUri(config.get("flinkstack:jarUri"))
        .parallelism(config.containsKey("flinkstack:parallelism")
            ? Integer.valueOf(config.get("flinkstack:parallelism")) : null)
        .taskSlots(Integer.parseInt(config.get("flinkstack:taskSlots")));
    if (config.containsKey("flinkstack:taskManagers")) {
      props.taskManagers(Integer.parseInt(config.get("flinkstack:taskManagers")));
    }
    if (config.containsKey("flinkstack:stateStorage")) {
      props.stateStorage(StateStorage.objectStore(config.get("flinkstack:stateStorage")));
    }
    if (config.containsKey("flinkstack:stateStorageVolumeSize")) {
      props.stateStorage(StateStorage.sharedVolume(config.get("flinkstack:stateStorageVolumeSize"),
          config.get("flinkstack:stateStorageClass")));
    }
    FlinkApplicationProps defaults = FlinkApplicationProps.builder().build();
    resources(config, "jobManager", defaults.getJobManager()).ifPresent(props::jobManager);
    resources(config, "taskManager", defaults.getTaskManager()).ifPresent(props::taskManager);
    if (config.containsKey("flinkstack:autoscalingMaxTaskManagers")) {
      HpaAutoscaler.Builder hpa = HpaAutoscaler.builder()
          .maxReplicas(Integer.parseInt(config.get("flinkstack:autoscalingMaxTaskManagers")));
      if (config.containsKey("flinkstack:autoscalingMinTaskManagers")) {
        hpa.minReplicas(Integer.parseInt(config.get("flinkstack:autoscalingMinTaskManagers")));
      }
      if (config.containsKey("flinkstack:autoscalingCpuUtilization")) {
        hpa.cpuUtilization(Integer.valueOf(config.get("flinkstack:autoscalingCpuUtilization")));
      }
      props.autoscaling(hpa.build());
    }
    if (config.containsKey("flinkstack:ingressHost")) {
      props.restIngress(RestIngress.builder()
          .host(config.get("flinkstack:ingressHost"))
          .ingressClassName(config.get("flinkstack:ingressClassName"))
          .tlsSecretName(config.get("flinkstack:ingressTlsSecret"))
          .protectedBy(config.containsKey("flinkstack:ingressAuthenticatedBy")
              ? RestProtection.authenticatedBy(config.get("flinkstack:ingressAuthenticatedBy"))
              : RestProtection.unauthenticated())
          .build());
    }
    if (config.containsKey("flinkstack:ingressControllerNamespace")) {
      props.ingressControllerNamespace(config.get("flinkstack:ingressControllerNamespace"));
    }
    if (Boolean.parseBoolean(config.get("flinkstack:ha"))) {
      props.highAvailability(HighAvailability.builder().storageDir(config.get("flinkstack:haStorageDir")).build());
    }
    if (config.containsKey("flinkstack:jobManagerReplicas")) {
      props.jobManagerReplicas(Integer.parseInt(config.get("flinkstack:jobManagerReplicas")));
    }
    return props.build();
  }

  /** {@code <process>Memory} and {@code <process>Cpu}, a missing half taken from the constructs' defaults. */
  private static Optional<Resources> resources(Map<String, String> config, String process,
      Resources defaults) {
    String memory = config.get("flinkstack:" + process + "Memory");
    String cpu = config.get("flinkstack:" + process + "Cpu");
    if (memory == null && cpu == null) {
      return Optional.empty();
    }
    return Optional.of(Resources.of(memory == null ? defaults.memory() : memory,
        cpu == null ? defaults.cpu() : Double.parseDouble(cpu)));
  }

  /** What the constructs themselves say about these props, asked directly, without Pulumi. */
  private static String validationMessage(Map<String, String> config) {
    String name = config.get("flinkstack:name");
    FlinkApplicationProps props = propsOf(config);
    return Cdk8sThread.call(() -> {
      try {
        new FlinkApplication(new Chart(new App(), name), name, props);
        throw new AssertionError("expected a ValidationException");
      } catch (ValidationException e) {
        return e.getMessage();
      }
    });
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
