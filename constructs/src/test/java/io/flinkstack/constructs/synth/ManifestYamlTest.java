package io.flinkstack.constructs.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinkstack.constructs.bridge.ManifestBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ManifestYaml may write a document only if cdk8s' own writer would write the same bytes: every string it
 * accepts is compared with cdk8s' writer (through JSII), as a value, a list item and a key.
 */
class ManifestYamlTest {
  private static final List<String> ACCEPTED = List.of(
      "flink", "wordcount-jobmanager", "app.kubernetes.io/name", "local:///opt/flink/usrlib/job.jar",
      "s3://bucket/path/job.jar", "--jars", "-Dkubernetes.namespace=$(POD_NAMESPACE)", "$(POD_IP)",
      "/config", "standalone-job", "RuntimeDefault", "IfNotPresent", "registry.example.com/team/app:1.4.2",
      "flink:2.1", "6124", "1.20", "0", "2.1", "0.0.0.0", "1.4.2", "30s", "1024Mi", "500m", "2g",
      "Hello world", "a b c", "com.example.Job$Inner", "x=y", "key@host", "a+b", "-x", "NodePort",
      "line one\nline two\n", "k: v\n\nother = 1\n  indented\n", "# comment\nvalue\n", "%d{HH:mm} %-5p\n");

  private static ObjectNode document() {
    ObjectNode doc = ManifestJson.MAPPER.createObjectNode();
    doc.put("apiVersion", "v1");
    doc.put("kind", "ConfigMap");
    doc.putObject("metadata").put("name", "x");
    return doc;
  }

  private static void assertSameAsCdk8s(List<JsonNode> docs) {
    String ours = ManifestYaml.writeLikeCdk8s(docs).orElseThrow(() -> new AssertionError("refused " + docs));
    String cdk8s = ManifestBatch.stringifyYaml(ManifestJson.write(docs));
    assertThat(ours).isEqualTo(cdk8s);
  }

  private static List<JsonNode> usedEverywhere(String s) {
    ObjectNode asValue = document();
    asValue.putObject("data").put("key", s);
    ObjectNode asItem = document();
    asItem.putArray("args").add(s).add("next");
    List<JsonNode> docs = new ArrayList<>(List.of(asValue, asItem));
    if (ManifestYaml.alikeKey(s)) {
      ObjectNode asKey = document();
      asKey.putObject("labels").put(s, "v");
      docs.add(asKey);
    }
    return docs;
  }

  @Test
  void acceptedStringsAreWrittenAsCdk8sWritesThem() {
    for (String s : ACCEPTED) {
      assertThat(ManifestYaml.alikeString(s)).as(s).isTrue();
      assertSameAsCdk8s(usedEverywhere(s));
    }
  }

  @Test
  void randomAcceptedStringsAreWrittenAsCdk8sWritesThem() {
    Random random = new Random(Long.getLong("seed", 42));
    String alphabet = "abcXYZ019 -_./:=@+$()[]#'\"{},*&!%|>?\\\t\nyesnoONtrue";
    int accepted = 0;
    for (int i = 0; i < Integer.getInteger("n", 4000); i++) {
      StringBuilder sb = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      if (s.indexOf('\n') >= 0 && !s.endsWith("\n")) {
        s = s + "\n";
      }
      if (ManifestYaml.alikeString(s)) {
        accepted++;
        assertSameAsCdk8s(usedEverywhere(s));
      }
    }
    assertThat(accepted).as("enough random strings exercised").isGreaterThan(300);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yes", "No", "ON", "true", "null", "y", "1:20", "1_000", "2001-12-14", "1e3", "-5",
      "::", " x", "x ", "a: b", "a #b", "@x", "*x", "&x", "!x", "%x", "{a}", "x,y", "[a]", "a[0]", "'x'", "\"x\"", "a\tb", ".inf",
      "=", "0775", "no final newline\nx", "two\n\n", " lead\n", "trail \n", "tab\t\n", "é"})
  void refusesWhatTheWritersMayPrintDifferently(String s) {
    assertThat(ManifestYaml.alikeString(s)).isFalse();
    ObjectNode doc = document();
    doc.putObject("data").put("key", s);
    assertThat(ManifestYaml.writeLikeCdk8s(List.of(doc))).isEmpty();
  }

  @Test
  void emptyCollectionsAreWrittenAsCdk8sWritesThem() {
    ObjectNode doc = document();
    doc.putObject("spec").putObject("emptyDir");
    doc.putArray("volumes").addObject().putObject("emptyDir");
    doc.putArray("none");
    doc.putObject("nested").putArray("list").addArray();
    assertSameAsCdk8s(List.of(doc));
  }

  @Test
  void refusesFractions() {
    ObjectNode fraction = document();
    fraction.put("ratio", 0.5);
    assertThat(ManifestYaml.writeLikeCdk8s(List.of(fraction))).isEmpty();
  }
}
