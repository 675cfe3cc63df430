package io.flinkstack.schemas.apiserver;

import static io.flinkstack.schemas.TestManifests.HORIZONTAL_POD_AUTOSCALER;
import static io.flinkstack.schemas.TestManifests.POD_DISRUPTION_BUDGET;
import static io.flinkstack.schemas.TestManifests.parse;
import static io.flinkstack.schemas.TestManifests.with;
import static io.flinkstack.schemas.TestManifests.without;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinkstack.schemas.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** ValidatePodDisruptionBudgetSpec and validateHorizontalPodAutoscalerSpec (HPAScaleToZero off). */
class PolicyAndAutoscalingRulesTest extends RuleCases {
  private static final String METRIC = "/spec/metrics/0";

  static Stream<Arguments> rejected() {
    return Stream.of(
        reject("minAvailable and maxUnavailable exclude each other", with(POD_DISRUPTION_BUDGET,
            "/spec/minAvailable", "1"), "/spec", "cannot both be set"),
        rejectValue("budgets are integers or percentages", POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "\"50\"",
            "integer or a percentage"),
        rejectValue("budgets are at most 100%", POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "120%",
            "more than 100%"),
        rejectValue("budgets are not negative", POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "-1",
            "must not be negative"),
        rejectValue("budget selectors", POD_DISRUPTION_BUDGET,
            "/spec/selector/matchLabels/app.kubernetes.io~1component", "task manager", "label value"),
        rejectValue("unhealthyPodEvictionPolicy values", POD_DISRUPTION_BUDGET, "/spec/unhealthyPodEvictionPolicy",
            "Never", "not supported"),
        rejectValue("minReplicas is at least 1", HORIZONTAL_POD_AUTOSCALER, "/spec/minReplicas", "0",
            "HPAScaleToZero"),
        reject("maxReplicas is at least 1", with(without(HORIZONTAL_POD_AUTOSCALER, "/spec/minReplicas"),
            "/spec/maxReplicas", "0"), "/spec/maxReplicas", "at least 1"),
        rejectValue("maxReplicas is at least minReplicas", HORIZONTAL_POD_AUTOSCALER, "/spec/maxReplicas", "1",
            "must be at least minReplicas (2)"),
        reject("scaleTargetRef names a kind", without(HORIZONTAL_POD_AUTOSCALER, "/spec/scaleTargetRef/kind"),
            "/spec/scaleTargetRef/kind", "kind is required"),
        rejectValue("scaleTargetRef names a workload", HORIZONTAL_POD_AUTOSCALER, "/spec/scaleTargetRef/name",
            "flink/taskmanager", "may not contain '/'"),
        rejectValue("metric source types", HORIZONTAL_POD_AUTOSCALER, METRIC + "/type", "Cpu",
            "not a metric source type"),
        reject("the type's source is set", with(HORIZONTAL_POD_AUTOSCALER, METRIC, "{type: Resource}"),
            METRIC + "/resource", "needs the 'resource' source"),
        rejectValue("target types", HORIZONTAL_POD_AUTOSCALER, METRIC + "/resource/target/type", "Percent",
            "not supported"),
        rejectValue("averageUtilization is positive", HORIZONTAL_POD_AUTOSCALER,
            METRIC + "/resource/target/averageUtilization", "0", "greater than 0"),
        reject("utilization or value, not both", with(HORIZONTAL_POD_AUTOSCALER,
            METRIC + "/resource/target/averageValue", "500m"), METRIC + "/resource/target",
            "exactly one of averageUtilization and averageValue"),
        reject("a Pods metric has an averageValue", with(HORIZONTAL_POD_AUTOSCALER, METRIC,
            "{type: Pods, pods: {metric: {name: records_lag_max}, target: {type: Value, value: '100'}}}"),
            METRIC + "/pods/target/averageValue", "needs target.averageValue"),
        reject("metric names", with(HORIZONTAL_POD_AUTOSCALER, METRIC, "{type: External, external: "
            + "{metric: {name: kafka/lag}, target: {type: Value, value: '100'}}}"), METRIC + "/external/metric/name",
            "may not contain '/'"),
        rejectValue("stabilization windows are at most an hour", HORIZONTAL_POD_AUTOSCALER,
            "/spec/behavior/scaleDown/stabilizationWindowSeconds", "3601", "between 0 and 3600"),
        rejectValue("selectPolicy values", HORIZONTAL_POD_AUTOSCALER, "/spec/behavior/scaleUp/selectPolicy", "Avg",
            "not supported"),
        rejectValue("scaling policy types", HORIZONTAL_POD_AUTOSCALER, "/spec/behavior/scaleDown/policies/0/type",
            "Nodes", "not supported"),
        rejectValue("scaling policy values are positive", HORIZONTAL_POD_AUTOSCALER,
            "/spec/behavior/scaleDown/policies/0/value", "0", "greater than 0"),
        rejectValue("scaling periods are at most 30 minutes", HORIZONTAL_POD_AUTOSCALER,
            "/spec/behavior/scaleDown/policies/0/periodSeconds", "1801", "between 1 and 1800"));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept("a budget with neither field (Kubernetes accepts it)", without(POD_DISRUPTION_BUDGET,
            "/spec/maxUnavailable")),
        accept("minAvailable 100%", with(without(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable"), "/spec/minAvailable",
            "100%")),
        accept("maxUnavailable 0", with(POD_DISRUPTION_BUDGET, "/spec/maxUnavailable", "0")),
        accept("an empty budget selector selects every pod in the namespace", with(POD_DISRUPTION_BUDGET,
            "/spec/selector", "{}")),
        accept("minReplicas defaults to 1", without(HORIZONTAL_POD_AUTOSCALER, "/spec/minReplicas")),
        accept("minReplicas equal to maxReplicas", with(HORIZONTAL_POD_AUTOSCALER, "/spec/maxReplicas", "2")),
        accept("metrics default to 80% CPU", without(HORIZONTAL_POD_AUTOSCALER, "/spec/metrics")),
        accept("an External metric with a value", with(HORIZONTAL_POD_AUTOSCALER, METRIC, "{type: External, external: "
            + "{metric: {name: kafka_consumergroup_lag}, target: {type: Value, value: '1k'}}}")),
        accept("policies default when a direction sets only its window", parse(HORIZONTAL_POD_AUTOSCALER)));
  }

  @Test
  void aMetricCarriesOnlyTheSourceOfItsType() {
    JsonNode hpa = with(HORIZONTAL_POD_AUTOSCALER, METRIC + "/type", "Pods");

    assertThat(ApiServerRules.check(hpa)).extracting(Violation::pointer)
        .containsExactlyInAnyOrder(METRIC + "/pods", METRIC + "/resource");
  }
}
