package io.flinkstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstack.cli.starter.Starter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flinkstack init} and {@code flinkstack synth --project}: a team's project from nothing, and its app run the way
 * {@code cdk8s synth} runs it. That the project init writes builds and passes its own tests against flinkstack's
 * published artifacts, and that {@code cdk8s synth} writes the same files, is {@code .ci/team-project-check}'s (it
 * needs Maven and the npm cdk8s CLI).
 */
class ProjectCommandsTest {
  private final CliRun cli = new CliRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private static long files(Path dir) throws IOException {
    return CliRun.files(dir);
  }

  @Test
  void initWritesTheProjectWithApprovedManifestsThatPassValidate(@TempDir Path tmp) throws IOException {
    Path project = tmp.resolve("orders");
    assertThat(run("init", project.toString(), "--group-id", "com.acme")).as(err.toString()).isZero();

    Path main = project.resolve("src/main/java/com/acme/orders/Main.java");
    assertThat(Files.readString(main)).startsWith("package com.acme.orders;").contains("NAMESPACE = \"orders\"");
    assertThat(Files.readString(project.resolve("pom.xml")))
        .contains("<groupId>com.acme</groupId>")
        .contains("<artifactId>orders</artifactId>")
        .contains("<flinkstack.version>" + Starter.flinkstackVersion() + "</flinkstack.version>")
        .contains("<mainClass>com.acme.orders.PulumiMain</mainClass>")
        .doesNotContain("@@");
    assertThat(Files.readString(project.resolve("cdk8s.yaml"))).contains("-DmainClass=com.acme.orders.Main");
    assertThat(project.resolve(".github/workflows/flinkstack.yml")).isRegularFile();
    assertThat(project.resolve("src/test/java/com/acme/orders/MainTest.java")).isRegularFile();
    assertThat(project.resolve("Pulumi.yaml")).isRegularFile();

    // The approved manifests are the app's, synthesized: the Flink application and the runtime controller.
    Path approved = project.resolve("approved");
    assertThat(Files.readString(approved.resolve("orders.approved.yaml")))
        .contains("kind: StatefulSet").contains("kind: HorizontalPodAutoscaler").contains("kind: Ingress")
        .contains("namespace: orders");
    assertThat(Files.readString(approved.resolve("flinkstack-controller.approved.yaml")))
        .contains("kind: Deployment").contains("namespace: flinkstack-system");
    assertThat(out.toString()).contains("Next: cd " + project + " && mvn -B verify");

    out.getBuffer().setLength(0);
    assertThat(run("validate", approved.toString())).as(err.toString()).isZero();
  }

  @Test
  void initReportsEveryBadNameAndANonEmptyFolderAndWritesNothing(@TempDir Path tmp) throws IOException {
    Path project = Files.createDirectories(tmp.resolve("orders"));
    Files.writeString(project.resolve("notes.txt"), "mine");
    assertThat(run("init", project.toString(), "--name", "Orders_App", "--package", "com.acme.class",
        "--namespace", "-x")).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString())
        .contains("4 problems, nothing written")
        .contains("--name: 'Orders_App' must be a DNS label")
        .contains("--package: 'com.acme.class' is not a Java package name")
        .contains("--namespace: '-x' is not a Kubernetes namespace name")
        .contains("exists and is not an empty folder")
        .doesNotContain("\tat ");
    assertThat(files(tmp)).isEqualTo(1);
  }

  @Test
  void initDerivesAJavaPackageFromAnyValidName() {
    assertThat(Starter.Settings.defaultPackage("com.example", "click-stream")).isEqualTo("com.example.clickstream");
    assertThat(Starter.Settings.defaultPackage("com.example", "new")).isEqualTo("com.example.appnew");
    assertThat(Starter.Settings.defaultPackage("com.example", "2fa")).isEqualTo("com.example.app2fa");
  }

  /**
   * A project whose cdk8s.yaml app command copies prepared manifests into CDK8S_OUTDIR: the contract between the CLI and
   * a cdk8s app, whatever its language.
   */
  private static Path project(Path tmp, String app, String manifestName, String manifest) throws IOException {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.createDirectories(project.resolve("prepared"));
    if (manifest != null) {
      Files.writeString(project.resolve("prepared").resolve(manifestName), manifest);
    }
    Files.writeString(project.resolve("cdk8s.yaml"), "language: java\napp: '" + app.replace("'", "''") + "'\noutput: out\n");
    return project;
  }

  private String wordcount(Path tmp) throws IOException {
    Path dist = tmp.resolve("examples");
    assertThat(run("synth", "wordcount", "--out", dist.toString())).isZero();
    out.getBuffer().setLength(0);
    return Files.readString(dist.resolve("wordcount.k8s.yaml"));
  }

  @Test
  void synthProjectRunsTheAppCommandWithCdk8sOutdirAndWritesToItsOutput(@TempDir Path tmp) throws IOException {
    String manifest = wordcount(tmp);
    Path project = project(tmp, "echo building >&2; cp prepared/*.yaml \"$CDK8S_OUTDIR\"/", "wordcount.k8s.yaml",
        manifest);
    assertThat(run("synth", "--project", project.toString())).as(err.toString()).isZero();
    assertThat(Files.readString(project.resolve("out/wordcount.k8s.yaml"))).isEqualTo(manifest);
    assertThat(files(project.resolve("out"))).isEqualTo(1);
    assertThat(out.toString()).containsPattern("(?m)^wordcount +11 +ConfigMap,FlinkJob,NetworkPolicy,.*wordcount\\.k8s\\.yaml$")
        .doesNotContain("building");
    assertThat(err.toString()).contains("building");
  }

  @Test
  void synthProjectWritesNothingWhenTheManifestsFailTheChecks(@TempDir Path tmp) throws IOException {
    String broken = wordcount(tmp)
        .replaceFirst("name: wordcount-rest", "name: wordcount_rest");
    Path project = project(tmp, "cp prepared/*.yaml \"$CDK8S_OUTDIR\"/", "wordcount.k8s.yaml", broken);
    Path dist = tmp.resolve("dist");
    assertThat(run("synth", "--project", project.toString(), "--out", dist.toString()))
        .isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString())
        .contains("in the manifests (as flinkstack validate reports them), nothing written")
        .contains("wordcount.k8s.yaml#")
        .contains("DNS-1035")
        .doesNotContain("\tat ");
    assertThat(files(dist)).isZero();
  }

  @Test
  void synthProjectReportsAFailingAppCommandAndItsOutput(@TempDir Path tmp) throws IOException {
    Path project = project(tmp, "echo 'orders/orders: parallelism: 5 is more than the 4 slots' >&2; exit 3", "x.yaml",
        null);
    assertThat(run("synth", "--project", project.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString())
        .contains("parallelism: 5 is more than the 4 slots")
        .contains("failed with exit status 3")
        .contains("nothing written");
    assertThat(files(project.resolve("out"))).isZero();
  }

  @Test
  void synthProjectNeedsACdk8sYamlWithAnAppCommand(@TempDir Path tmp) throws IOException {
    assertThat(run("synth", "--project", tmp.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("no cdk8s.yaml in").contains("flinkstack init DIR");

    Files.writeString(tmp.resolve("cdk8s.yaml"), "language: java\n");
    err.getBuffer().setLength(0);
    assertThat(run("synth", "--project", tmp.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("app: missing");

    Files.writeString(tmp.resolve("cdk8s.yaml"), "app: true\n");
    err.getBuffer().setLength(0);
    assertThat(run("synth", "--project", tmp.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("wrote no *.yaml into CDK8S_OUTDIR");
  }

  @Test
  void synthProjectTakesNoExampleNames(@TempDir Path tmp) {
    assertThat(run("synth", "wordcount", "--project", tmp.toString())).isEqualTo(Main.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("leave out the example names (wordcount)");
  }
}
