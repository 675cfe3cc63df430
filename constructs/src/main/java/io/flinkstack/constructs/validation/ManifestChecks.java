package io.flinkstack.constructs.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinkstack.constructs.synth.ChartManifest;
import io.flinkstack.constructs.validation.reachability.ManifestSetReachability;
import io.flinkstack.schemas.Finding;
import io.flinkstack.schemas.ManifestValidator;
import io.flinkstack.schemas.PodSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks flinkstack runs on a set of manifests, in one place for {@code flinkstack validate DIR} and the
 * flinkstack-testing library, so both report the same problems in the same words:
 *
 * <ol>
 *   <li>every object against the strict Kubernetes 1.32 schemas and the Apache operator's CRD schemas ({@link
 *       CustomResourceSchemas}), then the rules the API server enforces beyond them ({@link ManifestValidator});</li>
 *   <li>every workload against a Pod Security Standard level (restricted unless told otherwise); a
 *       FlinkDeployment's pods through its pod templates, the common one under each component's, as the operator
 *       lays them;</li>
 *   <li>the NetworkPolicy model on the Flink clusters found among all the objects ({@link
 *       ManifestSetReachability}): a blocked flow is a problem, one the manifests cannot decide a warning.</li>
 * </ol>
 *
 * <p>Each problem is a {@link Finding}, printed as {@code FILE#DOC (KIND NAME) POINTER: MESSAGE}. Immutable and
 * thread-safe.
 */
public final class ManifestChecks {
  private static final List<String> FLINK_COMPONENTS = List.of("jobManager", "taskManager");

  /**
   * What the checks found.
   *
   * @param problems what Kubernetes would refuse, or what would not work once applied (a blocked flow)
   * @param warnings what the manifests alone cannot decide
   */
  public record Result(List<Finding> problems, List<Finding> warnings) {
    public Result {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
    }

    public boolean passed() {
      return problems.isEmpty();
    }
  }

  private final PodSecurity.Level podSecurity;

  private ManifestChecks(PodSecurity.Level podSecurity) {
    this.podSecurity = podSecurity;
  }

  /** Every check, workloads at the restricted Pod Security level: what flinkstack's own manifests pass. */
  public static ManifestChecks standard() {
    return new ManifestChecks(PodSecurity.Level.RESTRICTED);
  }

  /** The same checks with workloads held to {@code level}; {@code null} leaves Pod Security out. */
  public ManifestChecks withPodSecurity(PodSecurity.Level level) {
    return new ManifestChecks(level);
  }

  /** The level workloads are held to; empty when Pod Security is not checked. */
  public Optional<PodSecurity.Level> podSecurity() {
    return Optional.ofNullable(podSecurity);
  }

  /**
   * Checks every {@code *.yaml}/{@code *.yml} file under {@code dir}; findings name files relative to it.
   *
   * @throws IllegalArgumentException if {@code dir} is not a directory
   */
  public Result checkDirectory(Path dir) {
    List<Finding> problems = new ArrayList<>(new ManifestValidator(CustomResourceSchemas.validator()).validateDirectory(dir));
    return checkDocuments(ManifestValidator.documentsUnder(dir), problems);
  }

  /** Checks synthesized charts as if written to a folder: findings name each chart's file, e.g. {@code app.k8s.yaml}. */
  public Result checkManifests(List<ChartManifest> manifests) {
    ManifestValidator validator = new ManifestValidator(CustomResourceSchemas.validator());
    List<Finding> problems = new ArrayList<>();
    List<ManifestValidator.Document> documents = new ArrayList<>();
    for (ChartManifest m : manifests) {
      problems.addAll(validator.validateYaml(m.file(), m.yaml()));
      documents.addAll(ManifestValidator.documentsOf(m.file(), m.yaml()));
    }
    return checkDocuments(documents, problems);
  }

  private Result checkDocuments(List<ManifestValidator.Document> documents, List<Finding> problems) {
    if (podSecurity != null) {
      documents.forEach(d -> problems.addAll(podSecurity(d)));
    }
    List<Finding> warnings = new ArrayList<>();
    reachability(documents, problems, warnings);
    return new Result(problems, warnings);
  }

  /** One finding per violation, the message starting with the control's name, as {@link PodSecurity#checkYaml}. */
  private List<Finding> podSecurity(ManifestValidator.Document document) {
    JsonNode object = document.content();
    String kind = textOrNull(object.path("kind"));
    String name = textOrNull(object.path("metadata").path("name"));
    // A component's template and the common one can both miss a field: one line for it, not one per component.
    LinkedHashSet<Finding> findings = new LinkedHashSet<>();
    if (PodSecurity.podSpecPointer(object).isPresent()) {
      for (PodSecurity.Violation v : PodSecurity.check(object, podSecurity)) {
        findings.add(new Finding(document.file(), document.index(), kind, name, v.pointer(), v.control() + ": " + v.message()));
      }
    } else if (object.path("apiVersion").asText().startsWith("flink.apache.org/") && "FlinkDeployment".equals(kind)) {
      JsonNode common = object.path("spec").path("podTemplate");
      for (String component : FLINK_COMPONENTS) {
        JsonNode own = object.path("spec").path(component).path("podTemplate");
        JsonNode template = merge(common, own);
        if (!template.isObject()) {
          continue; // nothing of the pods is in the manifest to judge
        }
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.set("metadata", template.path("metadata").deepCopy());
        pod.set("spec", template.path("spec").deepCopy());
        for (PodSecurity.Violation v : PodSecurity.check(pod, podSecurity)) {
          findings.add(new Finding(document.file(), document.index(), kind, name,
              templatePointer(common, own, component, v.pointer()), v.control() + ": " + v.message()));
        }
      }
    }
    return List.copyOf(findings);
  }

  /** The operator lays a component's template over the common one: objects merged, lists replaced. */
  private static JsonNode merge(JsonNode base, JsonNode overlay) {
    if (overlay.isMissingNode() || overlay.isNull()) {
      return base;
    }
    if (!(base instanceof ObjectNode baseObject) || !overlay.isObject()) {
      return overlay;
    }
    ObjectNode merged = baseObject.deepCopy();
    overlay.fields().forEachRemaining(e -> merged.set(e.getKey(), merge(merged.path(e.getKey()), e.getValue())));
    return merged;
  }

  /**
   * Where in the FlinkDeployment a pod's field comes from: the template holding more of its path (the component's
   * on a tie, when it has one), so a missing field is to be set next to its nearest existing parent.
   */
  private static String templatePointer(JsonNode common, JsonNode own, String component, String podPointer) {
    int inOwn = own.isObject() ? existingDepth(own, podPointer) : -1;
    int inCommon = common.isObject() ? existingDepth(common, podPointer) : -1;
    return (inOwn >= inCommon ? "/spec/" + component + "/podTemplate" : "/spec/podTemplate") + podPointer;
  }

  private static int existingDepth(JsonNode template, String pointer) {
    String[] steps = pointer.substring(1).split("/");
    String prefix = "";
    int depth = 0;
    for (String step : steps) {
      prefix += "/" + step;
      if (template.at(prefix).isMissingNode()) {
        break;
      }
      depth++;
    }
    return depth;
  }

  /** Blocked flows become problems and undecidable ones warnings, each on the cluster's JobManager object. */
  private static void reachability(List<ManifestValidator.Document> documents, List<Finding> problems, List<Finding> warnings) {
    Map<JsonNode, ManifestValidator.Document> located = new IdentityHashMap<>();
    documents.forEach(d -> located.put(d.content(), d));
    List<JsonNode> objects = documents.stream().map(ManifestValidator.Document::content).toList();
    for (ManifestSetReachability.ClusterFinding f : ManifestSetReachability.check(objects)) {
      ManifestValidator.Document at = Objects.requireNonNull(located.get(f.anchor()), "anchor among the documents");
      Finding finding = new Finding(at.file(), at.index(), f.anchor().path("kind").asText(),
          f.anchor().path("metadata").path("name").asText(), "", "Flink cluster " + f.cluster() + ": "
          + f.finding().message());
      (f.finding().blocked() ? problems : warnings).add(finding);
    }
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
