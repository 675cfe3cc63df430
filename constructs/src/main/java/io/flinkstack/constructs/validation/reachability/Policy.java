package io.flinkstack.constructs.validation.reachability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A NetworkPolicy as the model reads it from a manifest.
 *
 * @param namespace null for the chart's own namespace
 * @param ingress whether it isolates the pods it selects for ingress
 * @param egress whether it isolates them for egress
 */
public record Policy(String namespace, String name, Selector podSelector, boolean ingress, boolean egress,
    List<PolicyRule> ingressRules, List<PolicyRule> egressRules) {
  public Policy {
    ingressRules = List.copyOf(ingressRules);
    egressRules = List.copyOf(egressRules);
  }

  /** Every NetworkPolicy among {@code objects} (Kubernetes objects as JSON), in order. */
  public static List<Policy> in(List<JsonNode> objects) {
    List<Policy> policies = new ArrayList<>();
    for (JsonNode o : objects) {
      if (o.path("kind").asText().equals("NetworkPolicy") && o.path("apiVersion").asText().startsWith("networking.k8s.io/")) {
        policies.add(parse(o));
      }
    }
    return policies;
  }

  static Policy parse(JsonNode o) {
    JsonNode spec = o.path("spec");
    List<PolicyRule> in = new ArrayList<>();
    spec.path("ingress").forEach(r -> in.add(PolicyRule.parse(r, "from")));
    List<PolicyRule> out = new ArrayList<>();
    spec.path("egress").forEach(r -> out.add(PolicyRule.parse(r, "to")));
    boolean ingress;
    boolean egress;
    if (spec.path("policyTypes").isArray() && !spec.path("policyTypes").isEmpty()) {
      List<String> types = new ArrayList<>();
      spec.path("policyTypes").forEach(t -> types.add(t.asText()));
      ingress = types.contains("Ingress");
      egress = types.contains("Egress");
    } else {
      // Left out: every policy affects ingress, and egress too when it has an egress section.
      ingress = true;
      egress = spec.has("egress");
    }
    // podSelector is required; an empty one selects every pod of the namespace.
    Selector selector = Selector.parse(spec.get("podSelector"));
    return new Policy(text(o.path("metadata").get("namespace")), o.path("metadata").path("name").asText(),
        selector == null ? Selector.parse(ManifestNodes.EMPTY_OBJECT) : selector, ingress, egress, in, out);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /** Whether this policy selects {@code pods} (in its own namespace) for the given direction. */
  Tri selects(Endpoint pods, boolean forIngress) {
    if (pods.external() || !(forIngress ? ingress : egress)
        || !java.util.Objects.equals(namespace, pods.namespace())) {
      return Tri.NO;
    }
    return podSelector.matches(pods.labels());
  }
}
