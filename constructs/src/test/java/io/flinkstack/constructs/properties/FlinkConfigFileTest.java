package io.flinkstack.constructs.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.constructs.FlinkApplicationProps;
import io.flinkstack.contract.FlinkVersion;
import io.flinkstack.constructs.manifests.ApplicationManifests;
import io.flinkstack.constructs.manifests.ClusterValidator;
import io.flinkstack.constructs.manifests.ClusterSpec;
import io.flinkstack.constructs.synth.ManifestJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Flink reads back exactly the configuration a user gave, however its keys and values look, in the file
 * format of every version ({@code config.yaml} as standard YAML from 1.19, the line-based
 * {@code flink-conf.yaml} before), and flinkstack's fixed keys cannot be overridden through a value.
 */
class FlinkConfigFileTest {
  /** A version and a configuration validation accepts for it. */
  record ConfiguredVersion(FlinkVersion version, Map<String, String> configuration) {
    FlinkApplicationProps props() {
      return FlinkApplicationProps.builder().flinkVersion(version).image("flink:" + version)
          .jarUri("local:///opt/flink/usrlib/job.jar").flinkConfiguration(configuration).build();
    }

    @Override
    public String toString() {
      return "flinkVersion(FlinkVersion." + version.name() + ").flinkConfiguration(" + Java.map(configuration) + ")";
    }
  }

  @Provide
  Arbitrary<ConfiguredVersion> configuredVersions() {
    return Arbitraries.oneOf(Arrays.stream(FlinkVersion.values()).map(version ->
        Arbitraries.maps(FlinkConfigurations.adversarialKeys(version), FlinkConfigurations.adversarialValues(version))
            .ofMinSize(1).ofMaxSize(4)
            .map(configuration -> new ConfiguredVersion(version, configuration))).toList());
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void flinkReadsBackEveryValue(@ForAll("configuredVersions") ConfiguredVersion configured) {
    ClusterSpec spec = ClusterValidator.validate(configured.props(), "app", () -> "chart/app");
    JsonNode configMap = ApplicationManifests.build(spec).stream()
        .filter(o -> o.getKind().equals("ConfigMap"))
        .map(o -> (JsonNode) ManifestJson.MAPPER.valueToTree(o))
        .findFirst().orElseThrow();

    Map<String, String> read = FlinkReads.configuration(configMap);

    Map<String, String> expected = new TreeMap<>(configured.configuration());
    expected.put("rest.port", "8081");
    expected.put("jobmanager.rpc.port", "6123");
    expected.put("blob.server.port", "6124");
    expected.put("taskmanager.rpc.port", "6122");
    expected.put("jobmanager.rpc.address", "app-jobmanager");
    expected.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.taskSlots()));
    assertThat(read).containsAllEntriesOf(expected);
  }

  /** Found by the property above on a fresh machine: a plain {@code <<} is YAML's merge key to Flink's reader. */
  @Example
  void aValueThatIsYamlsMergeKeyIsReadBackAsItself() {
    for (FlinkVersion version : List.of(FlinkVersion.V1_19, FlinkVersion.V2_0)) {
      flinkReadsBackEveryValue(new ConfiguredVersion(version, Map.of("custom.merge", "<<", "pipeline.name", "<<")));
    }
  }
}
