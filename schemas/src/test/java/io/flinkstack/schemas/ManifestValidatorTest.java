package io.flinkstack.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestValidatorTest {
  private static final ManifestValidator VALIDATOR = new ManifestValidator();

  private static final String MISSPELT_STATEFUL_SET =
      TestManifests.STATEFUL_SET.replace("  replicas: 2\n", "  replica: 2\n");
  private static final String QUOTED_PORT_DEPLOYMENT =
      TestManifests.DEPLOYMENT.replace("containerPort: 8085", "containerPort: \"8085\"");

  private static String documents(String... documents) {
    return String.join("---\n", documents);
  }

  @Test
  void validManifestSetHasNoFindings() {
    String manifests = documents(TestManifests.CONFIG_MAP, TestManifests.SERVICE, TestManifests.DEPLOYMENT,
        TestManifests.STATEFUL_SET);

    assertThat(VALIDATOR.validateYaml("dist/wordcount.k8s.yaml", manifests)).isEmpty();
  }

  @Test
  void findingsCarryTheirDocumentIndexKindAndName() {
    String manifests = documents(TestManifests.CONFIG_MAP, TestManifests.SERVICE, MISSPELT_STATEFUL_SET,
        QUOTED_PORT_DEPLOYMENT);

    List<Finding> findings = VALIDATOR.validateYaml("dist/wordcount.k8s.yaml", manifests);

    assertThat(findings).extracting(Finding::documentIndex, Finding::kind, Finding::name, Finding::pointer)
        .containsExactly(
            tuple(2, "StatefulSet", "wordcount-taskmanager", "/spec/replica"),
            tuple(3, "Deployment", "flink-kubernetes-operator",
                "/spec/template/spec/containers/0/ports/0/containerPort"));
    assertThat(findings.get(0)).hasToString("dist/wordcount.k8s.yaml#2 (StatefulSet wordcount-taskmanager)"
        + " /spec/replica: property 'replica' is not defined in the schema"
        + " and the schema does not allow additional properties");
  }

  @Test
  void quotedNumbersStayStringsAndPlainNumbersStayNumbers() {
    String numberInConfigMap = TestManifests.CONFIG_MAP.replace("blob.server.port: \"6124\"", "blob.server.port: 6124");

    assertThat(VALIDATOR.validateYaml("cm.yaml", TestManifests.CONFIG_MAP)).isEmpty();
    assertThat(VALIDATOR.validateYaml("cm.yaml", numberInConfigMap)).singleElement()
        .hasToString("cm.yaml#0 (ConfigMap wordcount-config) /data/blob.server.port: integer found, [string, null] expected");
  }

  @Test
  void emptyDocumentsAreSkippedButKeepTheirPlace() {
    String manifests = "---\n---\n" + TestManifests.CONFIG_MAP + "---\n\n---\n" + MISSPELT_STATEFUL_SET + "---\n";

    assertThat(VALIDATOR.validateYaml("m.yaml", manifests)).singleElement()
        .satisfies(finding -> assertThat(finding.documentIndex()).isEqualTo(3));
  }

  @Test
  void emptyTextHasNoFindings() {
    assertThat(VALIDATOR.validateYaml("empty.yaml", "")).isEmpty();
    assertThat(VALIDATOR.validateYaml("comments.yaml", "# nothing here\n")).isEmpty();
  }

  @Test
  void syntaxErrorBecomesAFindingAfterTheDocumentsBeforeIt() {
    String manifests = documents(MISSPELT_STATEFUL_SET, "apiVersion: v1\nkind: ConfigMap\n  data: x\n");
    int brokenLine = (int) MISSPELT_STATEFUL_SET.lines().count() + 4;

    List<Finding> findings = VALIDATOR.validateYaml("m.yaml", manifests);

    assertThat(findings).hasSize(2);
    assertThat(findings.get(0).pointer()).isEqualTo("/spec/replica");
    Finding syntax = findings.get(1);
    assertThat(syntax.documentIndex()).isEqualTo(1);
    assertThat(syntax.kind()).isNull();
    assertThat(syntax.pointer()).isEmpty();
    assertThat(syntax.message())
        .isEqualTo("YAML syntax error: mapping values are not allowed here (line " + brokenLine + ", column 7)");
  }

  @Test
  void duplicateKeyIsAFinding() {
    String duplicate = TestManifests.STATEFUL_SET.replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n");

    assertThat(VALIDATOR.validateYaml("m.yaml", duplicate)).singleElement()
        .satisfies(finding -> assertThat(finding.message()).startsWith("YAML syntax error: Duplicate field 'replicas'"));
  }

  @Test
  void documentThatIsNotAnObjectIsAFinding() {
    assertThat(VALIDATOR.validateYaml("m.yaml", documents(TestManifests.CONFIG_MAP, "just text\n")))
        .singleElement()
        .hasToString("m.yaml#1: expected a Kubernetes object (a mapping with apiVersion and kind), found string");
  }

  @Test
  void directoryIsWalkedRecursivelyInPathOrderWithRelativeNames(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("b/nested"));
    Files.writeString(dir.resolve("b/nested/z.YAML"), MISSPELT_STATEFUL_SET);
    Files.writeString(dir.resolve("b/app.k8s.yaml"), documents(TestManifests.CONFIG_MAP, QUOTED_PORT_DEPLOYMENT));
    Files.writeString(dir.resolve("a.yml"), MISSPELT_STATEFUL_SET);
    Files.writeString(dir.resolve("ok.yaml"), TestManifests.SERVICE);
    Files.writeString(dir.resolve("notes.txt"), "not: [yaml");
    Files.writeString(dir.resolve("values.json"), "{\"kind\": 1}");

    List<Finding> findings = VALIDATOR.validateDirectory(dir);

    assertThat(findings).extracting(finding -> finding.file() + "#" + finding.documentIndex())
        .containsExactly("a.yml#0", "b/app.k8s.yaml#1", "b/nested/z.YAML#0");
    assertThat(VALIDATOR.validateDirectory(dir)).isEqualTo(findings);
  }

  @Test
  void fileThatIsNotUtf8IsAFinding(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

    assertThat(VALIDATOR.validateDirectory(dir)).singleElement()
        .hasToString("latin1.yaml#0: cannot read file: not UTF-8 text");
  }

  @Test
  void missingDirectoryIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> VALIDATOR.validateDirectory(dir.resolve("dist")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a directory: ");
  }

  @Test
  void apiServerRulesRunAfterTheSchemaOnEveryObject() {
    String renamedPort = TestManifests.SERVICE.replace("- name: metrics", "- name: Metrics");
    String unknownMount = TestManifests.STATEFUL_SET.replace("- name: state\n", "- name: data\n");

    List<Finding> findings = VALIDATOR.validateYaml("dist/wordcount.k8s.yaml",
        documents(TestManifests.CONFIG_MAP, renamedPort, MISSPELT_STATEFUL_SET, unknownMount));

    assertThat(findings).extracting(Finding::documentIndex, Finding::pointer)
        .containsExactly(
            tuple(1, "/spec/ports/1/name"),
            tuple(2, "/spec/replica"),
            tuple(3, "/spec/template/spec/containers/0/volumeMounts/1/name"));
    assertThat(findings.get(0)).hasToString("dist/wordcount.k8s.yaml#1 (Service wordcount-rest)"
        + " /spec/ports/1/name: port name 'Metrics' must be a DNS-1123 label: lower-case letters, digits and '-',"
        + " starting and ending with a letter or digit (e.g. 'my-name') (rejected by the API server)");
    assertThat(findings.get(2).message()).contains("no volume named 'data'")
        .endsWith("(rejected when the StatefulSet controller creates the pods)");
  }

  @Test
  void aValueTheSchemaRejectsIsNotReportedAgainByTheRules() {
    assertThat(VALIDATOR.validateYaml("deployment.yaml", QUOTED_PORT_DEPLOYMENT))
        .extracting(Finding::pointer)
        .containsExactly("/spec/template/spec/containers/0/ports/0/containerPort");
  }
}
