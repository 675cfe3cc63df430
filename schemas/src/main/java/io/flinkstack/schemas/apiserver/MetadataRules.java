package io.flinkstack.schemas.apiserver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Object metadata, as apimachinery's {@code pkg/api/validation/objectmeta.go} ValidateObjectMetaAccessor checks it
 * on create for every kind: name (in the kind's {@link NameFormat}) or generateName, namespace, labels, annotations
 * and finalizers; plus {@code pkg/apis/core/validation} validateKubeFinalizerName.
 */
final class MetadataRules {
  /** apimachinery TotalAnnotationSizeLimitB: keys plus values, in bytes. */
  static final int TOTAL_ANNOTATION_BYTES = 256 * 1024;

  /** helper.IsStandardFinalizerName: the only finalizer names allowed without a domain prefix. */
  private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

  private MetadataRules() {}

  static void check(Field object, String group, String kind, Problems problems) {
    Field metadata = object.get("metadata");
    NameFormat format = Kinds.nameFormat(group, kind);
    Field name = metadata.get("name");
    Field generateName = metadata.get("generateName");
    String nameText = name.textOrEmpty();
    if (nameText.isEmpty() && generateName.textOrEmpty().isEmpty()) {
      problems.report(name, "metadata.name is required; set a " + format.description() + " name");
    } else if (!nameText.isEmpty()) {
      String problem = format.problem(nameText);
      if (problem != null) {
        problems.report(name, kind + " name " + name.shown() + " " + problem);
      }
    }
    String prefix = generateName.textOrEmpty();
    if (!prefix.isEmpty()) {
      String problem = format.prefixProblem(prefix);
      if (problem != null) {
        problems.report(generateName, "generateName '" + prefix + "' " + problem);
      }
    }
    // A namespace on a cluster-scoped object is cleared by the API server, not rejected (rest.BeforeCreate).
    String namespace = metadata.get("namespace").textOrEmpty();
    if (!namespace.isEmpty() && !Kinds.isClusterScoped(group, kind)) {
      String problem = Formats.dns1123Label(namespace);
      if (problem != null) {
        problems.report(metadata.get("namespace"), "namespace '" + namespace + "' " + problem);
      }
    }
    labelsAndAnnotations(metadata, problems);
    for (Field finalizer : metadata.get("finalizers").items()) {
      String text = finalizer.text();
      if (text == null) {
        continue;
      }
      String problem = Formats.qualifiedName(text);
      if (problem != null) {
        problems.report(finalizer, "finalizer " + finalizer.shown() + " " + problem);
      } else if (!text.contains("/") && !STANDARD_FINALIZERS.contains(text)) {
        problems.report(finalizer, "finalizer " + finalizer.shown() + " is neither a standard finalizer nor"
            + " domain-qualified; write it as 'example.com/" + text + "'");
      }
    }
  }

  /**
   * Labels and annotations of any metadata, including pod templates' (ValidateLabels, ValidateAnnotations):
   * annotation keys are qualified names compared in lower case, and all keys and values together stay within
   * 256 KiB.
   */
  static void labelsAndAnnotations(Field metadata, Problems problems) {
    Selectors.labels(metadata.get("labels"), problems);
    Field annotations = metadata.get("annotations");
    long total = 0;
    for (var entry : annotations.fields().entrySet()) {
      String problem = Formats.qualifiedName(entry.getKey().toLowerCase(Locale.ROOT));
      if (problem != null) {
        problems.report(entry.getValue(), "annotation key '" + entry.getKey() + "' " + problem);
      }
      total += entry.getKey().getBytes(StandardCharsets.UTF_8).length
          + entry.getValue().textOrEmpty().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > TOTAL_ANNOTATION_BYTES) {
      problems.report(annotations, "annotations total " + total + " bytes, more than the " + TOTAL_ANNOTATION_BYTES
          + " bytes (256 KiB) Kubernetes allows; move large values into a ConfigMap");
    }
  }
}
