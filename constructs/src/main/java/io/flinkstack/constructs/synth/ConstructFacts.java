package io.flinkstack.constructs.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flinkstack.constructs.FlinkCluster;
import io.flinkstack.constructs.FlinkOperatorInstall;
import io.flinkstack.constructs.RuntimeController;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cdk8s.App;
import org.cdk8s.Chart;
import software.constructs.IConstruct;

/**
 * What the flinkstack constructs of an app know about their objects: the typed (fabric8) object behind each
 * synthesized one and the workloads whose replicas their autoscaler owns. Objects no construct vouches for
 * (hand-made {@code ApiObject}s, {@code Include}d YAML) only have their synthesized JSON; for those, the one
 * statement of ownership there is, a hand-made HPA's {@code scaleTargetRef}, is read here, once.
 */
final class ConstructFacts {
  /** How a synthesized object and a construct's object are matched: cdk8s adds only the chart's namespace. */
  private record Key(String apiVersion, String kind, String namespace, String name) {
    static Key of(JsonNode object) {
      JsonNode namespace = object.path("metadata").path("namespace");
      return new Key(object.path("apiVersion").asText(), object.path("kind").asText(),
          namespace.isTextual() ? namespace.textValue() : null, object.path("metadata").path("name").asText());
    }
  }

  /** A construct's object: as built, and as cdk8s should have synthesized it. */
  private record Built(HasMetadata typed, ObjectNode expected) {}

  private final Map<Key, Built> built = new HashMap<>();
  private final Set<Key> ambiguous = new HashSet<>();
  private final Set<Key> autoscaled = new HashSet<>();

  private ConstructFacts() {}

  /** An app without flinkstack constructs: every object is hand-made. */
  static ConstructFacts none() {
    return new ConstructFacts();
  }

  /**
   * Walks the app's construct tree once (one JSII call, then one per flinkstack construct for its chart). JSII hands
   * back the Java instances of constructs created in Java, so their typed objects are the ones they built.
   */
  static ConstructFacts of(App app) {
    ConstructFacts facts = new ConstructFacts();
    for (IConstruct c : app.getNode().findAll()) {
      List<HasMetadata> manifests;
      List<HasMetadata> scaled = List.of();
      if (c instanceof FlinkCluster cluster) {
        manifests = cluster.getManifests();
        scaled = cluster.getAutoscaledWorkloads();
      } else if (c instanceof RuntimeController controller) {
        manifests = controller.getManifests();
      } else if (c instanceof FlinkOperatorInstall operator) {
        manifests = operator.getManifests();
      } else {
        continue;
      }
      String chartNamespace = Chart.of(c).getNamespace();
      for (HasMetadata typed : manifests) {
        ObjectNode expected = ManifestJson.MAPPER.valueToTree(typed);
        if (!expected.path("metadata").hasNonNull("namespace") && chartNamespace != null) {
          ((ObjectNode) expected.get("metadata")).put("namespace", chartNamespace);
        }
        Key key = Key.of(expected);
        if (facts.built.putIfAbsent(key, new Built(typed, expected)) != null) {
          facts.ambiguous.add(key);
        }
        if (scaled.stream().anyMatch(s -> s == typed)) {
          facts.autoscaled.add(key);
        }
      }
    }
    return facts;
  }

  /** A chart's synthesized objects ({@code objects}: cdk8s' JSON array), with their facts. */
  SynthesizedChart chart(String file, JsonNode objects) {
    List<ObjectNode> bodies = new ArrayList<>();
    objects.forEach(o -> bodies.add((ObjectNode) o));
    Set<Key> scaledByHandMadeHpas = handMadeHpaTargets(bodies);
    List<SynthesizedObject> synthesized = new ArrayList<>();
    for (ObjectNode body : bodies) {
      Key key = Key.of(body);
      Built b = ambiguous.contains(key) ? null : built.get(key);
      // Attached only when it is what was synthesized: a JSON patch on the ApiObject would make it a stale copy.
      Optional<HasMetadata> typed = b != null && b.expected().equals(NUMBERS_BY_VALUE, body)
          ? Optional.of(b.typed()) : Optional.empty();
      synthesized.add(new SynthesizedObject(body, typed, DeploymentTier.of(key.kind()),
          autoscaled.contains(key) || scaledByHandMadeHpas.contains(key)));
    }
    return new SynthesizedChart(file, synthesized);
  }

  /**
   * The objects of a chart scaled by an HPA of that chart that no construct built: a StatefulSet or Deployment of
   * its namespace named by its {@code scaleTargetRef} (kind, name and API group).
   */
  private Set<Key> handMadeHpaTargets(List<ObjectNode> chart) {
    Set<Key> targets = new HashSet<>();
    for (ObjectNode hpa : chart) {
      Key hpaKey = Key.of(hpa);
      if (!hpaKey.kind().equals("HorizontalPodAutoscaler") || built.containsKey(hpaKey)) {
        continue;
      }
      JsonNode ref = hpa.path("spec").path("scaleTargetRef");
      String kind = ref.path("kind").asText();
      if (!SCALABLE_KINDS.contains(kind)) {
        continue;
      }
      for (ObjectNode target : chart) {
        Key t = Key.of(target);
        if (t.kind().equals(kind) && t.name().equals(ref.path("name").asText())
            && groupOf(t.apiVersion()).equals(groupOf(ref.path("apiVersion").asText()))
            // an HPA scales workloads of its own namespace only
            && Objects.equals(t.namespace(), hpaKey.namespace())) {
          targets.add(t);
        }
      }
    }
    return targets;
  }

  private static final Set<String> SCALABLE_KINDS = Set.of("StatefulSet", "Deployment");

  private static String groupOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** JSON crossed into JavaScript and back: 30 may come back an int where fabric8 wrote a long. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };
}
