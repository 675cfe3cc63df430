package io.flinkstack.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.flinkstack.constructs.RuntimeController;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.ChartManifest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cdk8s.App;
import org.cdk8s.Chart;

/**
 * What an API server's RBAC would check: each recorded request as {@code group:resource:verb}, and the
 * rules of the Role that the {@code RuntimeController} construct grants in a watched namespace.
 */
final class ApiPermissions {
  // /api/v1/namespaces/{ns}/{resource}[/{name}[/{sub}]] and /apis/{group}/{version}/namespaces/{ns}/…
  private static final Pattern PATH = Pattern.compile(
      "^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?$");

  private ApiPermissions() {}

  /** {@code group:resource:verb} as RBAC sees the request (the core group is empty). */
  static String permission(RecordedRequest request) {
    URI uri = URI.create(request.getPath());
    Matcher path = PATH.matcher(uri.getPath());
    if (!path.matches()) {
      return "?:" + uri.getPath() + ":" + request.getMethod();
    }
    String group = path.group(1) == null ? "" : path.group(1);
    String resource = path.group(2) + (path.group(4) != null ? "/" + path.group(4) : "");
    boolean named = path.group(3) != null;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb = switch (request.getMethod().toUpperCase(Locale.ROOT)) {
      case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> request.getMethod();
    };
    return group + ":" + resource + ":" + verb;
  }

  /** Everything the RuntimeController construct's Role in {@code namespace} allows, as {@code group:resource:verb}. */
  static Set<String> grantedIn(KubernetesClient client, String namespace) {
    App app = new App();
    Chart chart = new Chart(app, "controller");
    RuntimeController.Builder.create(chart, "controller")
        .image("registry.example.com/flinkstack-controller:test")
        .namespace("flinkstack-system")
        .watchNamespaces(List.of(namespace))
        .build();
    String yaml = String.join("---\n", AppSynthesizer.synthesize(app).stream().map(ChartManifest::yaml).toList());
    Set<String> granted = new TreeSet<>();
    for (HasMetadata object : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      if (object instanceof Role role && namespace.equals(role.getMetadata().getNamespace())) {
        for (PolicyRule rule : role.getRules()) {
          for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
              for (String verb : rule.getVerbs()) {
                granted.add(group + ":" + resource + ":" + verb);
              }
            }
          }
        }
      }
    }
    return granted;
  }
}
