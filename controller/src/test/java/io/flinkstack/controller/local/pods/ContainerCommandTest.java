package io.flinkstack.controller.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstack.controller.local.FlinkRole;
import java.net.URI;
import java.nio.file.Path;
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

  @Test
  void applicationJobManagerArgumentsBecomeLocal() {
    var launch =
        ContainerCommand.launch(
            List.of("standalone-job", "--fromSavepoint", "file:/sp/savepoint-1", "--allowNonRestoredState", "--host", "10.0.0.7",
                "-D", "kubernetes.namespace=flink", "-D", "rest.port=8081", "-Dparallelism.default=3", "--job-classname", "com.example.Job",
                "--jars", "local:///opt/flink/usrlib/job.jar", "--output", "file:///out", "-D", "not-an-option-any-more"),
            Map.of("local:///opt/flink/usrlib/job.jar", "file:///home/me/job.jar"),
            LocalPodConfig::ownedByHarness);
    assertThat(launch.role()).isEqualTo(FlinkRole.APPLICATION_JOBMANAGER);
    assertThat(launch.arguments())
        .containsExactly(
            "--fromSavepoint", "file:/sp/savepoint-1", "--allowNonRestoredState", "--host", "127.0.0.1", "-D", "kubernetes.namespace=flink",
            "-D", "parallelism.default=3", "--job-classname", "com.example.Job", "--jars", "file:///home/me/job.jar",
            // Program arguments: from the first word the entrypoint does not know, verbatim.
            "--output", "file:///out", "-D", "not-an-option-any-more");
  }

  @Test
  void taskManagerAndSessionJobManager() {
    var taskManager =
        ContainerCommand.launch(
            List.of("taskmanager", "-D", "taskmanager.resource-id=orders-taskmanager-0", "-D", "taskmanager.memory.process.size=4g"),
            Map.of(), LocalPodConfig::ownedByHarness);
    assertThat(taskManager.role()).isEqualTo(FlinkRole.TASKMANAGER);
    assertThat(taskManager.arguments()).containsExactly("-D", "taskmanager.resource-id=orders-taskmanager-0");
    var session = ContainerCommand.launch(List.of("jobmanager", "--host", "$(POD_IP)", "--configDir", "/opt/flink/conf"), Map.of(), key -> false);
    assertThat(session.role()).isEqualTo(FlinkRole.JOBMANAGER);
    assertThat(session.arguments()).containsExactly("--host", "127.0.0.1");
    var positionalHost = ContainerCommand.launch(List.of("jobmanager", "$(POD_IP)", "-D", "a=b"), Map.of(), key -> false);
    assertThat(positionalHost.arguments()).containsExactly("--host", "127.0.0.1", "-D", "a=b");
    assertThatThrownBy(() -> ContainerCommand.launch(List.of("history-server"), Map.of(), key -> false))
        .hasMessageContaining("history-server");
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
            base, Map.of("parallelism.default", "2"), 40001, 40002, Path.of("/w/pod/start-0"), Path.of("/w/pod"),
            URI.create("file:/w/checkpoints/"), URI.create("file:/w/savepoints/"));
    assertThat(config)
        .containsEntry("jobmanager.rpc.address", "127.0.0.1")
        .containsEntry("rest.port", "40001")
        .containsEntry("jobmanager.rpc.port", "40002")
        .containsEntry("jobmanager.memory.process.size", "1024m")
        .containsEntry("execution.checkpointing.dir", "file:/w/checkpoints/")
        .containsEntry("execution.checkpointing.savepoint-dir", "file:///keep/savepoints")
        .containsEntry("io.tmp.dirs", "/w/pod/start-0/tmp")
        .containsEntry("execution.shutdown-on-application-finish", "false")
        .containsEntry("parallelism.default", "2")
        .containsEntry("cluster.registration.error-delay", "1000")
        .doesNotContainKeys("blob.server.port", "high-availability.type", "metrics.reporter.prom.port");
    assertThat(LocalPodConfig.isRemote("gs://b/x")).isTrue();
    assertThat(LocalPodConfig.isRemote("/tmp/x")).isFalse();
    assertThat(LocalPodConfig.isRemote("file:///tmp/x")).isFalse();
  }
}
