package io.flinkstack.constructs.operatorinstall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.synth.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Apache operator's CustomResourceDefinitions (apiextensions.k8s.io/v1), exactly as the
 * flink-kubernetes-operator-api jar ships them in {@code META-INF/fabric8/}.
 *
 * <p>They are kept as JSON trees, not fabric8 {@code CustomResourceDefinition}s: a typed round trip through
 * flinkstack's mapper (which leaves empty values out) would drop {@code subresources.status: {}} and so
 * switch off the status subresource. The YAML is parsed once per JVM (the FlinkDeployment CRD is ~520 KB
 * of YAML, ~160 KB of JSON) and its compact JSON is kept, so each construct only splices text.
 */
public final class OperatorCrds {
  /** The jar's file names; the {@code -v1beta1.yml} twins use the old CRD API and are not used. */
  public static final List<String> RESOURCES = List.of(
      "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml",
      "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml",
      "META-INF/fabric8/flinkstatesnapshots.flink.apache.org-v1.yml");

  private OperatorCrds() {}

  /** Parsed on first use: an install without CRDs ({@code installCrds(false)}) never pays for them. */
  private static final class Loaded {
    static final List<JsonNode> TREES = load();
    static final List<RawValue> JSON = TREES.stream().map(t -> new RawValue(ManifestJson.write(t))).toList();
  }

  /** Deep copies of the three CRDs, in {@link #RESOURCES} order (callers may change them freely). */
  public static List<JsonNode> trees() {
    return Loaded.TREES.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  /** The CRDs as compact JSON that flinkstack's mapper writes verbatim inside a list of objects. */
  public static List<RawValue> json() {
    return Loaded.JSON;
  }

  /** The CRDs' names, e.g. {@code flinkdeployments.flink.apache.org}. */
  public static List<String> names() {
    return Loaded.TREES.stream().map(t -> t.at("/metadata/name").asText()).toList();
  }

  private static List<JsonNode> load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> trees = new ArrayList<>();
    for (String resource : RESOURCES) {
      try (InputStream in = OperatorCrds.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath: flinkstack-constructs needs "
              + "org.apache.flink:flink-kubernetes-operator-api, which ships the operator's CRDs");
        }
        trees.add(yaml.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return List.copyOf(trees);
  }
}
