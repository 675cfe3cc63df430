package io.flinkstack.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingTest {

  @Test
  void namesFileDocumentObjectAndPointer() {
    Finding finding = new Finding("dist/wordcount.k8s.yaml", 2, "StatefulSet", "wordcount-taskmanager",
        "/spec/replica", "property 'replica' is not defined in the schema");

    assertThat(finding).hasToString("dist/wordcount.k8s.yaml#2 (StatefulSet wordcount-taskmanager)"
        + " /spec/replica: property 'replica' is not defined in the schema");
  }

  @Test
  void leavesOutWhatIsNotKnown() {
    assertThat(new Finding("a.yaml", 0, null, null, "", "YAML syntax error"))
        .hasToString("a.yaml#0: YAML syntax error");
    assertThat(new Finding("a.yaml", 1, "Widget", null, "", "no strict schema"))
        .hasToString("a.yaml#1 (Widget): no strict schema");
    assertThat(new Finding("a.yaml", 1, null, "w", "/kind", "kind must be a non-empty string"))
        .hasToString("a.yaml#1 (? w) /kind: kind must be a non-empty string");
  }

  @Test
  void staysOnOneLine() {
    assertThat(new Finding("a.yaml", 0, null, null, "", "first\n  second\r\nthird\n").toString())
        .isEqualTo("a.yaml#0: first second third");
  }
}
