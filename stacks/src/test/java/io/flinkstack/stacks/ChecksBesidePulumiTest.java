package io.flinkstack.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.validation.CustomResourceSchemas;
import org.junit.jupiter.api.Test;

/**
 * A team's project holds the Pulumi SDK and flinkstack's checks on one classpath (the starter does): the checks'
 * CEL evaluation needs protobuf-java 4, the Pulumi SDK brings protobuf-java 3.25, and the BOM's pin decides. This
 * module's classpath is that mix.
 */
class ChecksBesidePulumiTest {
  @Test
  void theCrdCelRulesRunBesideThePulumiSdk() throws Exception {
    var flinkJob = new ObjectMapper(new YAMLFactory()).readTree("""
        apiVersion: flinkstack.io/v1alpha1
        kind: FlinkJob
        metadata: {name: enrich, namespace: flink}
        spec: {cluster: sessions, kind: jar, jarUri: "https://x/enrich.jar", parallelismMin: 8, parallelismMax: 4}
        """);
    assertThat(CustomResourceSchemas.validator().validate(flinkJob))
        .singleElement().satisfies(v -> assertThat(v.message()).startsWith("parallelismMin must not be more than"));
  }
}
