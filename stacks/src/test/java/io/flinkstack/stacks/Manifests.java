package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cdk8s.App;

/** The expected side of the fidelity tests: a definition synthesized as `flinkstack synth` does, parsed here. */
final class Manifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  static List<JsonNode> synthesize(Consumer<App> definition) {
    List<ChartManifest> charts = Cdk8sThread.call(() -> {
      App app = new App();
      definition.accept(app);
      return AppSynthesizer.synthesize(app);
    });
    List<JsonNode> objects = new ArrayList<>();
    for (ChartManifest chart : charts) {
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(chart.yaml())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && !doc.isNull()) {
            objects.add(doc);
          }
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    return objects;
  }

  /** The token Pulumi's provider knows a kind by, spelled out here independently of the code under test. */
  static String expectedToken(JsonNode object) {
    String apiVersion = object.get("apiVersion").asText();
    String groupVersion = apiVersion.contains("/") ? apiVersion : "core/" + apiVersion;
    return "kubernetes:" + groupVersion + ":" + object.get("kind").asText();
  }

  /** Kind, namespace and name: how both sides are matched. */
  static String key(String kind, Object namespace, Object name) {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }

  static String key(JsonNode object) {
    JsonNode metadata = object.get("metadata");
    String namespace = metadata.hasNonNull("namespace") ? metadata.get("namespace").asText() : null;
    return key(object.get("kind").asText(), namespace, metadata.get("name").asText());
  }

  static String key(MockStack.Registration registration) {
    String kind = registration.type().substring(registration.type().lastIndexOf(':') + 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) registration.inputs().get("metadata");
    return key(kind, metadata.get("namespace"), metadata.get("name"));
  }
}
