package io.flinkstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.LocalRecovery;
import io.flinkstack.constructs.Resources;
import io.flinkstack.examples.Examples;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(Object command, String... args) {
    return cli.run(command, args);
  }

  private static long files(Path dir) throws IOException {
    return CliRun.files(dir);
  }

  @Test
  void synthWritesEveryExampleAndPrintsATable(@TempDir Path dir) throws IOException {
    Path dist = dir.resolve("dist");
    assertThat(run(null, "synth", "--out", dist.toString())).isZero();
    for (String chart : Examples.all().keySet()) {
      assertThat(dist.resolve(chart + ".k8s.yaml")).isRegularFile();
      long documents = Files.readString(dist.resolve(chart + ".k8s.yaml")).split("\n---\n").length;
      assertThat(out.toString()).containsPattern("(?m)^" + chart + " +" + documents + " +[A-Za-z,]+ +.*" + chart + "\\.k8s\\.yaml$");
    }
    assertThat(files(dist)).isEqualTo(Examples.all().size());
  }

  @Test
  void synthOfOneExampleWritesOnlyIt(@TempDir Path dir) throws IOException {
    assertThat(run(null, "synth", "wordcount", "--out", dir.toString())).isZero();
    assertThat(files(dir)).isEqualTo(1);
    assertThat(dir.resolve("wordcount.k8s.yaml")).isRegularFile();
  }

  @Test
  void unknownExampleIsBadInput(@TempDir Path dir) throws IOException {
    assertThat(run(null, "synth", "nope", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no example named 'nope'").contains("wordcount");
    assertThat(files(dir)).isZero();
  }

  @Test
  void invalidPropsExitTwoWriteNothingAndNameEveryProblem(@TempDir Path dir) throws IOException {
    Map<String, Consumer<App>> examples = new LinkedHashMap<>();
    examples.put("good", app -> FlinkApplication.Builder.create(new Chart(app, "good"), "good")
        .image("flink:2.1").jarUri("local:///opt/flink/usrlib/a.jar").build());
    examples.put("bad", app -> FlinkApplication.Builder.create(new Chart(app, "bad"), "bad")
        .image("flink:2.1").jarUri("local:///opt/flink/usrlib/a.jar").taskManagers(2).taskSlots(2).parallelism(5)
        .taskManager(Resources.of("2G", 1)).build());
    Path dist = dir.resolve("dist");
    assertThat(run(new SynthCommand(examples), "--out", dist.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("2 problems, nothing written")
        .contains("bad/bad: parallelism: 5 is more than the 4 slots")
        .contains("bad/bad: taskManager.memory: '2G' is not a memory size")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(files(dist)).isZero();
  }

  /** One application; with local recovery its TaskManager StatefulSet gets a volumeClaimTemplate. */
  private static Map<String, Consumer<App>> application(boolean localRecovery) {
    return Map.of("app", app -> {
      var builder = FlinkApplication.Builder.create(new Chart(app, "app"), "app")
          .image("flink:2.1").jarUri("local:///opt/flink/usrlib/a.jar");
      if (localRecovery) {
        builder.localRecovery(LocalRecovery.withVolume("10Gi"));
      }
      builder.build();
    });
  }

  @Test
  void changesKubectlApplyWouldRefuseExitFourAndWriteNothingUnlessForced(@TempDir Path dir) throws IOException {
    assertThat(run(new SynthCommand(application(false)), "--out", dir.toString())).isZero();
    Path file = dir.resolve("app.k8s.yaml");
    // As the release before the headless governing Service wrote it.
    String before = Files.readString(file).replace("serviceName: app-jobmanager-headless", "serviceName: app-jobmanager");
    Files.writeString(file, before);

    assertThat(run(new SynthCommand(application(true)), "--out", dir.toString())).isEqualTo(Main.EXIT_IMMUTABLE_CHANGES);
    assertThat(err.toString())
        .contains("flinkstack synth: 2 changes kubectl apply would refuse (compared with " + dir + "), nothing written:")
        .contains("  " + file + ": StatefulSet app-jobmanager /spec/serviceName: 'app-jobmanager' →"
            + " 'app-jobmanager-headless'; a StatefulSet's spec may change only in replicas")
        .contains("Instead: kubectl delete statefulset app-jobmanager --cascade=orphan, then kubectl apply")
        .contains("  " + file + ": StatefulSet app-taskmanager /spec/volumeClaimTemplates: claims [] → [")
        .contains("--force")
        .doesNotContain("Exception");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(files(dir)).isEqualTo(1);

    err.getBuffer().setLength(0);
    assertThat(run(new SynthCommand(application(true)), "--out", dir.toString(), "--force")).isZero();
    assertThat(err.toString()).contains("warning: 2 changes kubectl apply would refuse").contains("written anyway");
    assertThat(Files.readString(file)).contains("serviceName: app-jobmanager-headless").contains("volumeClaimTemplates");

    // Written: the next run compares with the new files and finds nothing.
    err.getBuffer().setLength(0);
    assertThat(run(new SynthCommand(application(true)), "--out", dir.toString())).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void againstSnapshotsComparesWithTheApprovedFiles(@TempDir Path dir) throws IOException {
    Path approved = Files.createDirectories(dir.resolve("approved"));
    Path out = dir.resolve("dist");
    assertThat(run(new SynthCommand(application(false)), "--out", out.toString())).isZero();
    Files.writeString(approved.resolve("app.approved.yaml"), Files.readString(out.resolve("app.k8s.yaml")));
    assertThat(run(new SynthCommand(application(true)), "--out", out.resolve("new").toString(),
        "--against-snapshots=" + approved)).isEqualTo(Main.EXIT_IMMUTABLE_CHANGES);
    assertThat(err.toString()).contains(approved.resolve("app.approved.yaml") + ": StatefulSet app-taskmanager"
        + " /spec/volumeClaimTemplates");
    assertThat(files(out.resolve("new"))).isZero();

    err.getBuffer().setLength(0);
    assertThat(run(new SynthCommand(application(true)), "--out", out.toString(),
        "--against-snapshots=" + dir.resolve("missing"))).isEqualTo(2);
    assertThat(err.toString()).contains("--against-snapshots: '" + dir.resolve("missing") + "' is not a folder");
  }

  @Test
  void anUnreadableEarlierFileIsReportedAndOverwritten(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("app.k8s.yaml"), "kind: [unclosed\n");
    assertThat(run(new SynthCommand(application(false)), "--out", dir.toString())).isZero();
    assertThat(err.toString()).contains("warning: not compared, " + dir.resolve("app.k8s.yaml") + ": not YAML");
    assertThat(Files.readString(dir.resolve("app.k8s.yaml"))).contains("kind: StatefulSet");
  }

  @Test
  void validateAcceptsSynthesizedManifests(@TempDir Path dir) {
    assertThat(run(null, "synth", "--out", dir.toString())).isZero();
    assertThat(run(null, "validate", dir.toString())).isZero();
    assertThat(out.toString()).contains("every object under");
  }

  /** Synthesizes the wordcount example into {@code dir} with every {@code from} in its manifest replaced by {@code to}. */
  private void wordcountWith(Path dir, String from, String to) throws IOException {
    assertThat(run(null, "synth", "wordcount", "--out", dir.toString())).isZero();
    Path file = dir.resolve("wordcount.k8s.yaml");
    Files.writeString(file, Files.readString(file).replace(from, to));
  }

  @Test
  void validateReportsFileDocumentAndPointer(@TempDir Path dir) throws IOException {
    wordcountWith(dir, "  replicas: 2\n", "  replica: 2\n");
    assertThat(run(null, "validate", dir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("wordcount.k8s.yaml#8 (StatefulSet wordcount-taskmanager) /spec/replica")
        .contains("1 problem");
  }

  @Test
  void validateReportsWhatTheApiServerWouldReject(@TempDir Path dir) throws IOException {
    assertThat(run(null, "synth", "wordcount", "--out", dir.toString())).isZero();
    Path file = dir.resolve("wordcount.k8s.yaml");
    String manifests = Files.readString(file);
    // Valid against the schema (any string is), but not a DNS-1123 label: the API server refuses the Service.
    Files.writeString(file, manifests.replaceFirst("(?m)^  name: wordcount-rest$", "  name: wordcount_rest"));
    assertThat(run(null, "validate", dir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .containsPattern("wordcount\\.k8s\\.yaml#\\d+ \\(Service wordcount_rest\\) /metadata/name: Service name"
            + " 'wordcount_rest' must be a DNS-1035 label")
        .contains("(rejected by the API server)")
        .contains("1 problem");
  }

  @Test
  void validateChecksFlinkstacksCustomResourcesWithTheirCrdsSchemaAndCelRules(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("jobs.yaml"), """
        apiVersion: flinkstack.io/v1alpha1
        kind: FlinkJob
        metadata: {name: enrich, namespace: flink}
        spec: {cluster: sessions, kind: jar, jarUri: "https://x/enrich.jar", parallelismMin: 8, parallelismMax: 4}
        ---
        apiVersion: flinkstack.io/v1alpha1
        kind: FlinkSnapshot
        metadata: {name: before-upgrade, namespace: flink}
        spec: {job: enrich, type: savepoint, format: portable}
        """);
    assertThat(run(null, "validate", dir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("jobs.yaml#0 (FlinkJob enrich) /spec/parallelismMin: parallelismMin must not be more than"
            + " parallelismMax")
        .contains("jobs.yaml#1 (FlinkSnapshot before-upgrade) /spec/format:")
        .contains("2 problems");
  }

  @Test
  void validateChecksTheNetworkPoliciesOfTheClustersItFinds(@TempDir Path dir) throws IOException {
    assertThat(run(null, "synth", "--out", dir.toString())).isZero();
    assertThat(run(null, "validate", dir.toString())).isZero();
    // stateful-ha's Ingress: which namespace its controller runs in, the files cannot tell.
    assertThat(err.toString()).contains("warning: stateful-ha.k8s.yaml#").contains("Flink cluster fraud-detection:"
        + " the Ingress controller → the JobManager: REST (8081) depends on what the manifests do not show: NetworkPolicy fraud-detection admits them only by");
    Path file = dir.resolve("runtime-controller.k8s.yaml");
    // The runtime controller moved to another namespace without the clusters' policies following it.
    Files.writeString(file, Files.readString(file).replace("namespace: flinkstack-system", "namespace: platform"));
    assertThat(run(null, "validate", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).containsPattern("stateful-ha\\.k8s\\.yaml#\\d+ \\(StatefulSet fraud-detection-jobmanager\\):"
        + " Flink cluster fraud-detection: the runtime controller \\(namespace platform\\) → the JobManager: REST"
        + " \\(8081\\) is blocked");
  }

  @Test
  void validateHoldsWorkloadsToThePodSecurityLevelAsked(@TempDir Path dir) throws IOException {
    wordcountWith(dir, "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true");
    assertThat(run(null, "validate", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).containsPattern("wordcount\\.k8s\\.yaml#\\d+ \\(StatefulSet wordcount-jobmanager\\)"
        + " /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation: Privilege Escalation")
        .contains("2 problems");
    // Baseline allows escalation; only restricted forbids it.
    assertThat(run(null, "validate", "--pod-security=baseline", dir.toString())).isZero();
    assertThat(run(null, "validate", "--pod-security=none", dir.toString())).isZero();
  }

  @Test
  void validateHelpNamesBothChecks() {
    assertThat(run(null, "validate", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help).contains("strict Kubernetes 1.32 schemas").contains("API server enforces")
        .contains("docs/api-server-rules.md");
  }

  @Test
  void validateOfAMissingFolderIsBadInput(@TempDir Path dir) {
    assertThat(run(null, "validate", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not a folder");
  }

  @Test
  void unknownCommandShowsUsage() {
    assertThat(run(null, "frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'frobnicate'");
  }
}
