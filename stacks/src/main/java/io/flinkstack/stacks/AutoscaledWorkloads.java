package io.flinkstack.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the workloads whose replica count belongs to an HPA: a HorizontalPodAutoscaler of the same chart
 * whose {@code spec.scaleTargetRef} names a StatefulSet or Deployment of that chart. Pulumi must then leave
 * their {@code spec.replicas} alone on updates, or every {@code pulumi up} would undo the autoscaler's work.
 */
final class AutoscaledWorkloads {
  private static final Set<String> SCALABLE_KINDS = Set.of("StatefulSet", "Deployment");

  private AutoscaledWorkloads() {}

  /** The objects of {@code chart} scaled by an HPA of {@code chart}. */
  static Set<KubernetesObject> in(List<KubernetesObject> chart) {
    return chart.stream()
        .filter(o -> o.kind().equals("HorizontalPodAutoscaler"))
        .flatMap(hpa -> chart.stream().filter(target -> isTargetOf(target, hpa)))
        .collect(Collectors.toSet());
  }

  private static boolean isTargetOf(KubernetesObject target, KubernetesObject hpa) {
    JsonNode ref = hpa.body().path("spec").path("scaleTargetRef");
    return SCALABLE_KINDS.contains(target.kind())
        && target.kind().equals(ref.path("kind").asText())
        && target.name().equals(ref.path("name").asText())
        && groupOf(ref.path("apiVersion").asText()).equals(target.group())
        // an HPA scales workloads of its own namespace only
        && Objects.equals(target.namespace(), hpa.namespace());
  }

  private static String groupOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
