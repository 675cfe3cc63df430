package io.flinkstack.schemas.apiserver;

import java.util.Set;

/**
 * PodDisruptionBudgets: {@code pkg/apis/policy/validation/validation.go} ValidatePodDisruptionBudgetSpec.
 *
 * <p>Kubernetes rejects a budget with both minAvailable and maxUnavailable; a budget with neither is accepted, so it
 * is not reported here.
 */
final class DisruptionBudgetRules {
  private static final Set<String> EVICTION_POLICIES = Set.of("IfHealthyBudget", "AlwaysAllow");

  private DisruptionBudgetRules() {}

  static void check(Field object, Problems problems) {
    Field spec = object.get("spec");
    Field minAvailable = spec.get("minAvailable");
    Field maxUnavailable = spec.get("maxUnavailable");
    if (minAvailable.isSet() && maxUnavailable.isSet()) {
      problems.report(spec, "minAvailable and maxUnavailable cannot both be set; keep one of them");
    }
    for (Field budget : new Field[] {minAvailable, maxUnavailable}) {
      WorkloadRules.intOrPercent(budget, problems);
      WorkloadRules.notMoreThan100Percent(budget, problems);
    }
    Selectors.selector(spec.get("selector"), problems);
    ContainerRules.values(spec.get("unhealthyPodEvictionPolicy"), EVICTION_POLICIES, problems);
  }
}
