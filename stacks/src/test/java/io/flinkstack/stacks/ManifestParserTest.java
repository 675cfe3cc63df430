package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

  @Test
  void readsEveryDocumentAndSkipsEmptyOnes() {
    List<KubernetesObject> objects = ManifestParser.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, namespace: ns}
        data: {version: "1.20"}
        ---
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ns}
        """);

    assertThat(objects).extracting(KubernetesObject::describe).containsExactly("ConfigMap ns/a", "Namespace ns");
    assertThat(objects.get(0).body().path("data").path("version").isTextual()).isTrue();
    assertThat(objects.get(1).namespace()).isNull();
  }

  @Test
  void anObjectWithoutNameIsRefused() {
    assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"))
        .hasMessage("document 1 of the manifest has no metadata.name");
  }
}
