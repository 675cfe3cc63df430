package io.flinkstack.harness.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.harness.FlinkRole;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {
  @Test
  void expandsVariablesTheKubernetesWay() {
    Map<String, String> env = Map.of("POD_NAME", "orders-taskmanager-1", "POD_IP", "127.0.0.1");
    assertThat(ContainerCommand.expand("taskmanager.resource-id=$(POD_NAME)", env)).isEqualTo("taskmanager.resource-id=orders-taskmanager-1");
    assertThat(ContainerCommand.expand("$(POD_IP):$(POD_IP)", env)).isEqualTo("127.0.0.1:127.0.0.1");
    assertThat(ContainerCommand.expand("$(UNDEFINED) stays", env)).isEqualTo("$(UNDEFINED) stays");
    assertThat(ContainerCommand.expand("$$(POD_NAME) is escaped, $$ too", env)).isEqualTo("$(POD_NAME) is escaped, $ too");
    assertThat(ContainerCommand.expand("$(unclosed", env)).isEqualTo("$(unclosed");
    assertThat(ContainerCommand.expand("costs $5", env)).isEqualTo("costs $5");
  }

  /** The pod's configuration as the harness writes it (only the keys these tests touch). */
  private static final Map<String, String> LOCAL =
      Map.of("rest.port", "8081", "jobmanager.rpc.address", "orders-jobmanager", "taskmanager.memory.process.size", "1024m",
          "taskmanager.host", "127.20.0.3");

  private static ContainerCommand.Launch launch(List<String> args) {
    return ContainerCommand.launch(args, LocalPodConfig::ownedByHarness, LOCAL);
  }

  @Test
  void argumentsReachTheEntrypointVerbatimAndInOrder() {
    // --host is gone from 2.x's standalone-job parser: the harness must not fix or drop it, the real parser decides.
    List<String> args =
        List.of("--fromSavepoint", "file:/sp/savepoint-1", "--allowNonRestoredState", "--host", "10.0.0.7", "-D", "kubernetes.namespace=flink",
            "-Dparallelism.default=3", "--configDir", "/opt/flink/conf", "--job-classname", "com.example.Job", "--no-such-option", "x",
            "--output", "file:///out", "-D", "not-an-option-any-more");
    var launch = launch(concat("standalone-job", args));
    assertThat(launch.role()).isEqualTo(FlinkRole.APPLICATION_JOBMANAGER);
    assertThat(launch.arguments()).isEqualTo(args);
    var taskManager = launch(List.of("taskmanager", "-D", "taskmanager.resource-id=orders-taskmanager-0", "--jars", "x.jar"));
    assertThat(taskManager.role()).isEqualTo(FlinkRole.TASKMANAGER);
    assertThat(taskManager.arguments()).containsExactly("-D", "taskmanager.resource-id=orders-taskmanager-0", "--jars", "x.jar");
    assertThatThrownBy(() -> launch(List.of("history-server"))).hasMessageContaining("history-server");
  }

  @Test
  void localJarUrisStayAsWrittenTheSandboxHasTheImagesFiles() {
    List<String> args =
        List.of("--jars", "local:///opt/flink/usrlib/job.jar", "-Dpipeline.classpaths=local:///opt/flink/usrlib/job.jar", "--job-classname",
            "com.example.Job");
    assertThat(launch(concat("standalone-job", args)).arguments()).isEqualTo(args);
  }

  @Test
  void jobManagerScriptAppendsItsPositionalHostAndPortAfterTheOtherArguments() {
    var session = launch(List.of("jobmanager", "-D", "a=b", "-D", "c=d"));
    assertThat(session.role()).isEqualTo(FlinkRole.JOBMANAGER);
    assertThat(session.arguments()).containsExactly("-D", "a=b", "-D", "c=d");
    assertThat(launch(List.of("jobmanager", "orders-jobmanager", "-D", "a=b")).arguments())
        .containsExactly("-D", "a=b", "--host", "orders-jobmanager");
    assertThat(launch(List.of("jobmanager", "orders-jobmanager", "8081", "-D", "a=b")).arguments())
        .containsExactly("-D", "a=b", "--host", "orders-jobmanager", "--webui-port", "8081");
    assertThat(launch(List.of("jobmanager", "orders-jobmanager")).arguments()).containsExactly("--host", "orders-jobmanager");
    // Only a lone "-D" ends the positionals: "-Da=b" first is taken as the host, as the script does.
    assertThat(launch(List.of("jobmanager", "-Da=b", "-D", "c=d")).arguments()).containsExactly("-D", "c=d", "--host", "-Da=b");
    // Options are not positionals to the harness either: the script would take "--host" as the host.
    assertThat(launch(List.of("jobmanager", "--host", "h", "-D", "a=b")).arguments())
        .containsExactly("-D", "a=b", "--host", "--host", "--webui-port", "h");
  }

  @Test
  void aDynamicPropertyOfAnOwnedKeyMustMatchTheHarnessValue() {
    assertThatThrownBy(() -> launch(List.of("standalone-job", "-D", "taskmanager.host=10.0.0.9", "--job-classname", "com.example.Job")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskmanager.host=10.0.0.9")
        .hasMessageContaining("owns taskmanager.host")
        .hasMessageContaining("127.20.0.3");
    assertThatThrownBy(() -> launch(List.of("taskmanager", "-Dtaskmanager.memory.process.size=4g")))
        .hasMessageContaining("taskmanager.memory.process.size");
    assertThatThrownBy(() -> launch(List.of("taskmanager", "-D", "rest.bind-address=0.0.0.0")))
        .hasMessageContaining("rest.bind-address").hasMessageContaining("leaves it unset");
    // Ports and the rpc address are the pod's own now (each pod has its address): they pass as written.
    assertThat(launch(List.of("standalone-job", "-D", "jobmanager.rpc.address=127.20.0.3", "-D", "rest.port=9999")).arguments())
        .containsExactly("-D", "jobmanager.rpc.address=127.20.0.3", "-D", "rest.port=9999");
    // After "--" nothing is an option to any version's parser: program arguments are the job's.
    assertThat(launch(List.of("standalone-job", "--", "-D", "taskmanager.host=x")).arguments()).containsExactly("--", "-D", "taskmanager.host=x");
  }

  @Test
  void theConstructsDynamicPropertiesRunAsWritten() {
    Map<String, String> env = Map.of("POD_IP", "127.0.0.1", "POD_NAMESPACE", "flink", "POD_NAME", "orders-taskmanager-0");
    List<String> jobManager =
        List.of("standalone-job", "-D", "kubernetes.namespace=$(POD_NAMESPACE)", "-D", "jobmanager.rpc.address=$(POD_IP)").stream()
            .map(arg -> ContainerCommand.expand(arg, env)).toList();
    assertThat(launch(jobManager).arguments()).isEqualTo(jobManager.subList(1, jobManager.size()));
    List<String> taskManager =
        List.of("taskmanager", "-D", "kubernetes.namespace=$(POD_NAMESPACE)", "-D", "taskmanager.resource-id=$(POD_NAME)").stream()
            .map(arg -> ContainerCommand.expand(arg, env)).toList();
    assertThat(launch(taskManager).arguments()).isEqualTo(taskManager.subList(1, taskManager.size()));
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  @Test
  void configMapIsTheBaseWithLocalOverrides() {
    Map<String, String> base =
        LocalPodConfig.parse(
            String.join(
                "\n",
                "blob.server.port: \"6124\"",
                "jobmanager.rpc.address: orders-jobmanager",
                "jobmanager.memory.process.size: 2048m",
                "execution.checkpointing.dir: s3://bucket/orders/checkpoints",
                "execution.checkpointing.savepoint-dir: file:///keep/savepoints",
                "high-availability.type: kubernetes",
                "metrics.reporter.prom.port: \"9249\"",
                "execution.shutdown-on-application-finish: false",
                "pipeline:",
                "  max-parallelism: 128",
                ""),
            true);
    assertThat(base).containsEntry("pipeline.max-parallelism", "128").containsEntry("execution.shutdown-on-application-finish", "false");
    Map<String, String> config =
        LocalPodConfig.build(
            base, Map.of("parallelism.default", "2", "rest.bind-address", "0.0.0.0", "high-availability.type", "zookeeper"), "127.20.0.3", URI.create("file:/w/checkpoints/"),
            URI.create("file:/w/savepoints/"));
    assertThat(config)
        // The pod's own: the Service name stays (the pod's /etc/hosts resolves it), ports stay (each pod has its address).
        .containsEntry("jobmanager.rpc.address", "orders-jobmanager")
        .containsEntry("blob.server.port", "6124")
        .containsEntry("jobmanager.bind-host", "127.20.0.3")
        .containsEntry("rest.bind-address", "127.20.0.3")
        .containsEntry("taskmanager.host", "127.20.0.3")
        .containsEntry("jobmanager.memory.process.size", "1024m")
        .containsEntry("execution.checkpointing.dir", "file:/w/checkpoints/")
        .containsEntry("execution.checkpointing.savepoint-dir", "file:///keep/savepoints")
        .containsEntry("execution.shutdown-on-application-finish", "false")
        .containsEntry("parallelism.default", "2")
        .containsEntry("cluster.registration.error-delay", "1000")
        .containsEntry("high-availability.type", "zookeeper")
        .doesNotContainKeys("io.tmp.dirs", "user.artifacts.base-dir", "metrics.reporter.prom.port");
    assertThat(LocalPodConfig.isRemote("gs://b/x")).isTrue();
    assertThat(LocalPodConfig.isRemote("/tmp/x")).isFalse();
    assertThat(LocalPodConfig.isRemote("file:///tmp/x")).isFalse();
  }

  @Test
  void declaredHighAvailabilityNeedsTheZooKeeperStandIn() {
    Map<String, String> base = Map.of("high-availability.type", "kubernetes", "jobmanager.rpc.address", "orders-jobmanager");
    assertThatThrownBy(() -> LocalPodConfig.build(base, Map.of(), "127.20.0.3", URI.create("file:/c/"), URI.create("file:/s/")))
        .hasMessageContaining("high-availability kubernetes")
        .hasMessageContaining("PodHarness.Builder.highAvailability");
    assertThat(LocalPodConfig.build(base, Map.of("high-availability.type", "zookeeper"), "127.20.0.3", URI.create("file:/c/"), URI.create("file:/s/")))
        .containsEntry("high-availability.type", "zookeeper");
    assertThat(LocalPodConfig.build(Map.of("high-availability.type", "NONE"), Map.of(), "127.20.0.3", URI.create("file:/c/"), URI.create("file:/s/")))
        .doesNotContainKey("high-availability.type");
  }

  /**
   * Flink 2.3's per-deployment result stores lie under the declared HA storage directory (an object store here): they move
   * with it to the harness' HA directory, the rest of the path kept, so two deployments still have two stores.
   */
  @Test
  void resultStoresUnderTheDeclaredHaDirectoryMoveToTheHarnessOne() {
    Map<String, String> declared = Map.of("high-availability.storageDir", "s3://bucket/ha");
    Map<String, String> local = Map.of("high-availability.storageDir", "file:///work/ha/");
    List<String> args = List.of("--job-id", "a1", "-D", "job-result-store.storage-path=s3://bucket/ha/job-result-store/app/a1",
        "-Dapplication-result-store.storage-path=s3://bucket/ha/application-result-store/app/a1",
        "-D", "job-result-store.storage-path=s3://elsewhere/jrs/a1", "-D", "execution.checkpointing.dir=s3://bucket/ha/x",
        "--", "-D", "job-result-store.storage-path=s3://bucket/ha/program-argument");
    assertThat(LocalPodConfig.relocateResultStores(args, declared, local)).containsExactly("--job-id", "a1", "-D",
        "job-result-store.storage-path=file:///work/ha/job-result-store/app/a1",
        "-Dapplication-result-store.storage-path=file:///work/ha/application-result-store/app/a1",
        "-D", "job-result-store.storage-path=s3://elsewhere/jrs/a1", "-D", "execution.checkpointing.dir=s3://bucket/ha/x",
        "--", "-D", "job-result-store.storage-path=s3://bucket/ha/program-argument");
    // No HA declared, or none of the harness': nothing moves.
    assertThat(LocalPodConfig.relocateResultStores(args, Map.of(), local)).isEqualTo(args);
    assertThat(LocalPodConfig.relocateResultStores(args, declared, Map.of())).isEqualTo(args);
  }
}
