package io.flinkstack.controller.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.flinkstack.controller.observation.FlinkEndpoints;
import io.flinkstack.controller.reconcile.ControllerSettings;
import io.flinkstack.controller.testing.CustomResources;
import io.flinkstack.controller.testing.DeclarationFixture;
import io.flinkstack.controller.testing.KubernetesReads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: {@code --once} against the mock API server, and bad input. */
@EnableKubernetesMockClient(crud = true, https = false)
class ControllerMainTest {
  KubernetesClient client;
  @TempDir Path dir;
  private Path kubeconfig;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void kubeconfig() throws IOException {
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: " + client.getConfiguration().getMasterUrl(),
        "contexts:",
        "- name: mock",
        "  context:",
        "    cluster: mock",
        "    user: tester",
        "    namespace: flinkstack",
        "current-context: mock",
        "users:",
        "- name: tester",
        "  user:",
        "    token: not-checked",
        ""));
  }

  private int run(String... args) {
    // Cluster DNS as deployed: <service>.<namespace>.svc does not resolve here, so every JobManager is unreachable.
    ControllerMain command = new ControllerMain(Map.of(), FlinkEndpoints.clusterDns(),
        ControllerSettings.defaults().withFlinkRequestTimeout(Duration.ofSeconds(2)), LeaseSettings.defaults());
    return ControllerMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), command);
  }

  @Test
  void onceReconcilesEveryDeclarationAndPrintsALineForEach() {
    DeclarationFixture orders = DeclarationFixture.application("team-a", "orders").set("savepointTriggerNonce", 2);
    orders.apply(client);
    DeclarationFixture.application("team-a", "broken").set("savepointInterval", "soon").apply(client);
    DeclarationFixture.application("team-b", "elsewhere").apply(client);

    int code = run("controller", "--kubeconfig", kubeconfig.toString(), "--once", "--namespace", "team-a");

    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(out.toString().lines()).hasSize(2);
    assertThat(out.toString()).containsPattern("(?m)^team-a/broken INVALID lifecycle=- job=- .*savepointInterval.*$");
    assertThat(out.toString()).containsPattern("(?m)^team-a/orders OBSERVED_ONLY lifecycle=CREATED job=- \\S.*$");
    assertThat(KubernetesReads.status(client, orders)).as("the pass wrote the status").isNotNull();
  }

  @Test
  void onceOverSeveralNamespacesListsEach() {
    DeclarationFixture.application("team-a", "orders").apply(client);
    DeclarationFixture.application("team-b", "payments").apply(client);
    DeclarationFixture.application("team-c", "ignored").apply(client);

    assertThat(run("--kubeconfig", kubeconfig.toString(), "--once", "--namespace", "team-a", "--namespace", "team-b")).isZero();

    assertThat(out.toString().lines()).extracting(line -> line.split(" ")[0])
        .containsExactly("team-a/orders", "team-b/payments");
  }

  @Test
  void onceWithNothingDeclaredSaysSo() {
    CustomResources.install(client);
    assertThat(run("controller", "--kubeconfig", kubeconfig.toString(), "--once")).isZero();
    assertThat(out.toString()).isEqualTo("no FlinkJobs in any namespace\n");
  }

  private void assertBadInput(String flag, String... args) {
    int code = run(args);
    assertThat(code).as(err.toString()).isEqualTo(ControllerMain.EXIT_BAD_INPUT);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).as("one line").hasSize(1);
    assertThat(err.toString()).startsWith("controller: ").contains(flag).doesNotContain("\tat ", "Exception:");
  }

  @Test
  void anUnknownFlagIsOneLine() {
    assertBadInput("--lease", "controller", "--lease", "x");
  }

  @Test
  void aBadDurationIsOneLine() {
    assertBadInput("--interval", "controller", "--interval", "soon", "--once");
    assertThat(err.toString()).contains("'30 s'");
  }

  @Test
  void aZeroIntervalIsRefused() {
    assertBadInput("--interval", "--interval", "0 s", "--once");
  }

  @Test
  void aBadPortIsOneLine() {
    assertBadInput("--metrics-port", "--metrics-port", "http");
  }

  @Test
  void aPortOutOfRangeIsOneLine() {
    assertBadInput("--metrics-port", "--metrics-port", "70000", "--kubeconfig", kubeconfig.toString());
  }

  @Test
  void aMissingKubeconfigIsOneLine() {
    assertBadInput("--kubeconfig", "--kubeconfig", dir.resolve("nowhere").toString(), "--once");
  }

  @Test
  void aKubeconfigThatIsNotOneIsOneLine() throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage"), "clusters: [ {\n");
    assertBadInput("--kubeconfig", "--kubeconfig", garbage.toString(), "--once");
  }

  @Test
  void aBadNamespaceIsOneLine() {
    assertBadInput("--namespace", "--namespace", "Team_A", "--once", "--kubeconfig", kubeconfig.toString());
  }

  @Test
  void aPortInUseIsOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertBadInput("--metrics-port", "controller", "--kubeconfig", kubeconfig.toString(), "--metrics-port",
          String.valueOf(taken.getLocalPort()));
    }
    assertThat(err.toString()).contains("in use");
  }

  @Test
  void aBadJarHostIsOneLineNamingIt() {
    assertBadInput("--jar-host", "--jar-host", "artifacts.example.com", "--jar-host", "https://repo.example.com/jars",
        "--once", "--kubeconfig", kubeconfig.toString());
    assertThat(err.toString()).contains("'https://repo.example.com/jars' is not a host name");
  }

  @Test
  void aBadJarSizeOrTimeoutIsOneLine() {
    assertBadInput("--jar-max-size", "--jar-max-size", "lots", "--once");
    err.getBuffer().setLength(0);
    assertBadInput("--jar-max-size", "--jar-max-size", "0", "--once");
    err.getBuffer().setLength(0);
    assertBadInput("--jar-fetch-timeout", "--jar-fetch-timeout", "0 s", "--once");
  }

  @Test
  void jarSizesTakeUnits() {
    ControllerMain.SizeConverter sizes = new ControllerMain.SizeConverter();
    assertThat(sizes.convert("1000")).isEqualTo(1000L);
    assertThat(sizes.convert("64k")).isEqualTo(64L * 1024);
    assertThat(sizes.convert("512m")).isEqualTo(512L * 1024 * 1024);
    assertThat(sizes.convert("1 GB")).isEqualTo(1024L * 1024 * 1024);
  }

  @Test
  void theJarFlagsAreAccepted() {
    assertThat(run("controller", "--kubeconfig", kubeconfig.toString(), "--once", "--jar-host", "artifacts.example.com",
        "--jar-host", "*.example.org", "--jar-fetch-timeout", "30 s", "--jar-max-size", "100m")).as(err.toString()).isZero();
  }

  @Test
  void helpListsTheDeploymentsFlags() {
    assertThat(run("controller", "--help")).isZero();
    assertThat(out.toString()).contains("--namespace", "--lease-namespace", "--lease-name", "--metrics-port", "--interval",
        "--kubeconfig", "--once", "flinkstack-controller.", "Default: 9090", "Default: 10 s",
        "--jar-host", "--jar-fetch-timeout", "Default: 2 min", "--jar-max-size", "Default: 512m");
  }

  @Test
  void theLeaseNamespaceIsTheFlagsThenThePodsThenTheKubeconfigs() {
    assertThat(ControllerMain.leaseNamespace("ops", Map.of("POD_NAMESPACE", "pods"), "kube")).isEqualTo("ops");
    assertThat(ControllerMain.leaseNamespace(null, Map.of("POD_NAMESPACE", "pods"), "kube")).isEqualTo("pods");
    assertThat(ControllerMain.leaseNamespace(null, Map.of(), "kube")).isEqualTo("kube");
    assertThat(ControllerMain.leaseNamespace(null, Map.of("POD_NAMESPACE", ""), null)).isNull();
  }

  @Test
  void theIdentityIsThePodsNameElseHostAndPid() {
    assertThat(ControllerMain.identity(Map.of("POD_NAME", "controller-7d9f-x2"))).isEqualTo("controller-7d9f-x2");
    assertThat(ControllerMain.identity(Map.of())).endsWith("-" + ProcessHandle.current().pid());
  }
}
